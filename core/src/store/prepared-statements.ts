// Names for the parameterised statements the repositories send, so that each pooled connection
// parses and plans a statement once and then only binds and executes it: several times cheaper for
// PostgreSQL than a fresh parse and plan per call on the short reads that make up most requests.
// A name always stands for the same text (pg refuses to reuse a name for another text on a
// connection); statements past the cap go unnamed, planned each time as before.

const names = new Map<string, string>();
/** Prepared statements each connection may come to hold (PostgreSQL keeps each one's plan per connection). */
const MAX_NAMED = 1_000;

/** The prepared-statement name for `text`, or undefined once the cap is reached. */
export function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `parley_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}
