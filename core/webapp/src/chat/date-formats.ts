// The dates and times the message list shows, in the browser's locale. Date.toLocale*String(locales,
// options) builds a new Intl.DateTimeFormat on every call, which costs far more than formatting; each
// post shows two, so the formats are built once, on first use, and reused.
type Format = (time: Date | number) => string;

function reused(options: Intl.DateTimeFormatOptions): Format {
  let format: Intl.DateTimeFormat | undefined;
  return (time) => (format ??= new Intl.DateTimeFormat(undefined, options)).format(time);
}

/** A post's time of day, as beside its author ("09:41"). */
export const timeOfDay = reused({ hour: '2-digit', minute: '2-digit' });

/** Date and time with seconds, as Date.toLocaleString() writes them (a post time's tooltip). */
export const dateAndTime = reused({ year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

/** A day in full, as on a date separator ("Thursday, December 3, 2026"). */
export const longDay = reused({ weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
