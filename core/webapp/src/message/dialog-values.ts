// An interactive dialog's values: their defaults, the checks Mattermost's web app makes before it
// sends anything, and the submission the integration receives (numbers as numbers, bools as bools).
import type { DialogElement } from '@mattermost/types/integrations';

/** A field's value while the dialog is open: text for most, true/false for a bool. */
export type DialogValue = string | boolean;
export type DialogValues = Record<string, DialogValue>;
/** What the integration gets as `submission`: empty optional fields are null. */
export type DialogSubmissionValues = Record<string, string | number | boolean | null>;

export function initialValues(elements: readonly DialogElement[]): DialogValues {
  const values: DialogValues = {};
  for (const element of elements) {
    const preset = element.default === undefined || element.default === null ? '' : String(element.default);
    values[element.name] = element.type === 'bool' ? preset.toLowerCase() === 'true' : preset;
  }
  return values;
}

/** Why `value` cannot be sent for `element`, or undefined when it can. */
export function fieldError(element: DialogElement, value: DialogValue | undefined): string | undefined {
  if (element.type === 'bool') return value === true || element.optional ? undefined : 'This box must be ticked.';
  const text = typeof value === 'string' ? value : '';
  if (text.trim() === '') return element.optional ? undefined : 'This field is required.';
  if (element.type !== 'text' && element.type !== 'textarea') return undefined;
  if (element.min_length > 0 && text.length < element.min_length) return `Enter at least ${element.min_length} characters.`;
  if (element.max_length > 0 && text.length > element.max_length) return `Enter at most ${element.max_length} characters.`;
  if (element.subtype === 'email' && !/^[^\s@]+@[^\s@]+$/.test(text)) return 'Enter an email address, such as name@example.com.';
  if (element.subtype === 'number' && !Number.isFinite(Number(text))) return 'Enter a number.';
  if (element.subtype === 'url' && !/^https?:\/\/\S+$/i.test(text)) return 'Enter a URL starting with http:// or https://.';
  return undefined;
}

/** Every field's error, by field name; empty when the dialog may be sent. */
export function fieldErrors(elements: readonly DialogElement[], values: DialogValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const element of elements) {
    const error = fieldError(element, values[element.name]);
    if (error) errors[element.name] = error;
  }
  return errors;
}

export function submissionOf(elements: readonly DialogElement[], values: DialogValues): DialogSubmissionValues {
  const submission: DialogSubmissionValues = {};
  for (const element of elements) {
    const value = values[element.name];
    if (typeof value === 'boolean') submission[element.name] = value;
    else if (value === undefined || value === '') submission[element.name] = null;
    else if (element.type === 'text' && element.subtype === 'number') submission[element.name] = Number(value);
    else submission[element.name] = value;
  }
  return submission;
}
