// application/x-www-form-urlencoded as Go's url.Values.Encode writes it (keys sorted, spaces as
// "+"): the sandbox has no URLSearchParams.

const escape = (text: string) => encodeURIComponent(text).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function encodeForm(fields: Record<string, string>): string {
  return Object.keys(fields)
    .sort()
    .map((key) => `${escape(key)}=${escape(fields[key])}`)
    .join('&');
}

/** `url` with the fields appended to its query, as Mattermost does for GET commands. */
export function withQuery(url: string, fields: Record<string, string>): string {
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  const separator = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${separator}${encodeForm(fields)}`;
}
