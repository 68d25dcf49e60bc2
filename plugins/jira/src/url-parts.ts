// URLs and form encoding for code in the sandbox, which has no URL or URLSearchParams (they are web
// APIs, not V8's): an absolute http(s) URL split into its parts, and `a=b&c=d` text both ways.

export interface UrlParts {
  /** `http:` or `https:`, lower-case. */
  protocol: string;
  /** Lower-case; an IPv6 address keeps its brackets. */
  hostname: string;
  /** Empty when the URL names none. */
  port: string;
  /** `/` when the URL has no path. */
  pathname: string;
  /** The query with its `?`, or empty. */
  search: string;
}

const ABSOLUTE_URL = /^([a-z][a-z0-9+.-]*:)\/\/(?:[^@/?#]*@)?(\[[0-9a-f:.]+\]|[^:/?#\s]+)(?::(\d{1,5}))?([^?#\s]*)(\?[^#\s]*)?(#\S*)?$/i;

/** Splits an absolute http(s) URL; throws an Error naming it when it is not one. */
export function parseUrl(raw: string): UrlParts {
  const match = ABSOLUTE_URL.exec(raw.trim());
  const protocol = match?.[1]!.toLowerCase();
  if (!match || (protocol !== 'http:' && protocol !== 'https:') || (match[3] !== undefined && Number(match[3]) > 65535)) throw new Error(`${raw} is not an http(s) URL`);
  return { protocol: protocol!, hostname: match[2]!.toLowerCase(), port: match[3] ?? '', pathname: match[4] || '/', search: match[5] && match[5] !== '?' ? match[5] : '' };
}

/** `name=value&...` of the fields that are set, each part percent-encoded. */
export function formEncode(fields: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(fields)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    .join('&');
}

/** The pairs of a query or form body (`?` optional, `+` is a space), in order, repeats kept. */
export function parseForm(text: string): Array<[string, string]> {
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return part;
    }
  };
  return text
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
    });
}
