// The field conditions of a subscription as text, one per line, for the dialog and `/jira subscribe
// list`:  `<field id> <inclusion> <value>,<value>...`, e.g.
//   labels include_any backend,api
//   priority exclude_any Lowest
//   customfield_10010 include_all red,blue
//   security empty
// Values are ids or names (see issue-fields.ts); an `empty` condition takes none.
import { INCLUSIONS, InvalidSubscriptionError, type FieldFilter, type Inclusion } from './subscription.ts';

/**
 * The conditions written in `text` (blank lines ignored).
 * @throws InvalidSubscriptionError naming the line to fix
 */
export function parseFieldConditions(text: string): FieldFilter[] {
  const conditions: FieldFilter[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const match = /^(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    const where = `Line ${index + 1} ("${line}")`;
    if (!match) throw new InvalidSubscriptionError(`${where}: write "<field> <inclusion> <values>", e.g. "labels include_any backend,api".`);
    const [, key, inclusion, rest] = match as unknown as [string, string, string, string];
    if (!INCLUSIONS.includes(inclusion as Inclusion)) throw new InvalidSubscriptionError(`${where}: "${inclusion}" is not one of ${INCLUSIONS.join(', ')}.`);
    const values = rest.split(',').map((value) => value.trim()).filter(Boolean);
    if (inclusion !== 'empty' && values.length === 0) throw new InvalidSubscriptionError(`${where}: list the values after ${inclusion}, separated by commas.`);
    conditions.push({ key, inclusion: inclusion as Inclusion, values: inclusion === 'empty' ? [] : values });
  }
  return conditions;
}

/** The conditions as the text parseFieldConditions reads. */
export function formatFieldConditions(fields: readonly FieldFilter[]): string {
  return fields.map((field) => (field.inclusion === 'empty' ? `${field.key} empty` : `${field.key} ${field.inclusion} ${field.values.join(',')}`)).join('\n');
}
