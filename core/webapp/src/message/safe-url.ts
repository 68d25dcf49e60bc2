// What a message may link to or show. Markdown hands over link targets as written, entities and all,
// so they are decoded first and then judged as the browser will read them: only http, https and
// mailto links and links relative to the server; images only over http(s) or relative. Anything
// else (javascript:, data:, vbscript:, however it is spelt or encoded) is dropped.

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_PROTOCOLS = new Set(['http:', 'https:']);
/** A base that cannot be a real host, so a relative URL is told apart from an absolute one. */
const RELATIVE_BASE = 'https://relative.invalid/';

/** A link target a message may use, and whether it stays inside the server (same tab, in-app). */
export interface SafeLink {
  href: string;
  internal: boolean;
}

export function safeLink(raw: string | undefined): SafeLink | undefined {
  return judge(raw, LINK_PROTOCOLS);
}

export function safeImageSrc(raw: string | undefined): string | undefined {
  return judge(raw, IMAGE_PROTOCOLS)?.href;
}

function judge(raw: string | undefined, protocols: ReadonlySet<string>): SafeLink | undefined {
  if (!raw) return undefined;
  const href = decodeEntities(raw).trim();
  let parsed: URL;
  try {
    parsed = new URL(href, RELATIVE_BASE);
  } catch {
    return undefined;
  }
  if (!protocols.has(parsed.protocol)) return undefined;
  return { href, internal: parsed.origin === new URL(RELATIVE_BASE).origin };
}

/**
 * Markdown text with its HTML entities (`&amp;`, `&#106;`, `&lt;`) turned into the characters they
 * name. A detached <textarea> parses what it is given as plain text (RCDATA): no element, attribute
 * or script ever comes into being, only the decoded characters.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  const decoder = document.createElement('textarea');
  decoder.innerHTML = text;
  return decoder.value;
}
