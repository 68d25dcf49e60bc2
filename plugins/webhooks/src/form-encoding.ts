// application/x-www-form-urlencoded and multipart/form-data, by hand: the sandbox has no URL,
// URLSearchParams or FormData.

/** The media type of a Content-Type header, lower-cased, without parameters ('' when absent). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** A Content-Type parameter (`boundary`, `charset`), unquoted; '' when absent. */
export function contentTypeParameter(contentType: string, name: string): string {
  for (const part of contentType.split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim().toLowerCase() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
  }
  return '';
}

/** Decodes a form body; the first value of a repeated field wins (Go's FormValue). Throws on a malformed escape. */
export function parseUrlEncoded(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeFormComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeFormComponent(pair.slice(eq + 1));
    if (!Object.hasOwn(fields, name)) fields[name] = value;
  }
  return fields;
}

function decodeFormComponent(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/** Encodes fields as Go's url.Values.Encode does: sorted by name, spaces as '+'. */
export function encodeUrlEncoded(fields: Record<string, string>): string {
  return Object.keys(fields)
    .sort()
    .map((name) => `${encodeFormComponent(name)}=${encodeFormComponent(fields[name])}`)
    .join('&');
}

function encodeFormComponent(text: string): string {
  // Go's QueryEscape leaves only letters, digits and -_.~ unescaped.
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * The text fields of a multipart/form-data body (file parts are skipped); the first value of a
 * repeated field wins. Throws when the body is not multipart with the given boundary.
 */
export function parseMultipart(body: string, boundary: string): Record<string, string> {
  if (boundary === '') throw new Error('the Content-Type has no boundary');
  const delimiter = `--${boundary}`;
  const start = body.indexOf(delimiter);
  if (start < 0) throw new Error('the body does not contain the boundary');
  const fields: Record<string, string> = {};
  let rest = body.slice(start + delimiter.length);
  while (!rest.startsWith('--')) {
    const next = rest.indexOf(`\r\n${delimiter}`);
    if (next < 0) throw new Error('a part is not closed by the boundary');
    const part = rest.slice(rest.startsWith('\r\n') ? 2 : 0, next);
    rest = rest.slice(next + 2 + delimiter.length);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new Error('a part has no header');
    const disposition = part
      .slice(0, headerEnd)
      .split('\r\n')
      .find((line) => line.toLowerCase().startsWith('content-disposition:'));
    const name = disposition ? dispositionParameter(disposition, 'name') : undefined;
    if (name === undefined || dispositionParameter(disposition ?? '', 'filename') !== undefined) continue;
    if (!Object.hasOwn(fields, name)) fields[name] = part.slice(headerEnd + 4);
  }
  return fields;
}

function dispositionParameter(header: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ?? new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(header);
  return match ? match[1].replace(/\\(.)/g, '$1') : undefined;
}
