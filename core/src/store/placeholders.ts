// The repositories write SQL with `?` placeholders; PostgreSQL numbers its parameters ($1, $2…).
// Converted texts are kept: the repositories' statements are a fixed set of templates.

const converted = new Map<string, string>();
/** Statements whose list lengths vary (`in (?, ?, ?)`) make new texts; past this many, stop keeping them. */
const MAX_KEPT = 2_000;

/**
 * `query` with each `?` outside quotes ('…' literals, "…" identifiers) replaced by `$1`, `$2`…
 * in order.
 */
export function numberedPlaceholders(query: string): string {
  const known = converted.get(query);
  if (known !== undefined) return known;
  let out = '';
  let n = 0;
  let quote = '';
  for (const char of query) {
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '?') {
      out += `$${++n}`;
      continue;
    }
    out += char;
  }
  if (converted.size < MAX_KEPT) converted.set(query, out);
  return out;
}
