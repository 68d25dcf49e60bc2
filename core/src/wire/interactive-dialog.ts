// Interactive dialogs on the wire (Mattermost's OpenDialogRequest, Dialog, SubmitDialogRequest and
// SubmitDialogResponse). A dialog travels to the client as the integration wrote it; the server
// refuses one only when its structure could not be rendered (elements that are not objects, unknown
// element types, nameless or twice-named elements, options that are not text/value pairs). Breaking
// Mattermost's softer rules (title longer than 24 characters, defaults outside the options, ...) is
// logged as Mattermost does, not refused: integrations written for Mattermost keep working.
import { isPlainObject } from '../app/plain-object.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

export interface OpenDialogInput {
  triggerId: string;
  url: string;
  dialog: Record<string, unknown>;
}

export interface SubmitDialogInput {
  url: string;
  callbackId: string;
  state: string;
  channelId: string;
  teamId: string;
  submission: Record<string, unknown>;
  cancelled: boolean;
}

const ELEMENT_TYPES = new Set(['text', 'textarea', 'select', 'radio', 'bool', 'date', 'datetime']);
const TEXT_SUBTYPES = new Set(['', 'text', 'email', 'number', 'tel', 'url', 'password']);
const DATA_SOURCES = new Set(['', 'users', 'channels', 'dynamic']);
const MAX_ELEMENTS = 100;
/** Mattermost's limits, in characters. */
const LIMITS = { title: 24, displayName: 24, name: 300, helpText: 150, text: 150, textarea: 3000, select: 3000 };

/** POST /actions/dialogs/open. */
export function decodeOpenDialog(body: unknown, refuse: Refusal = paramRefusal): OpenDialogInput {
  const fields = JsonFields.of(body, 'dialog', refuse);
  const triggerId = fields.string('trigger_id', { max: 1024 });
  if (triggerId === '') throw refuse('trigger_id', 'a dialog opens only for the trigger id of a user\'s action or command');
  const url = fields.string('url', { max: 8192 });
  if (url === '') throw refuse('url', 'the dialog needs the URL its submission is sent to');
  if (!fields.has('dialog')) throw refuse('dialog', 'is required');
  const dialog = fields.object('dialog');
  checkDialogStructure(dialog, refuse);
  return { triggerId, url, dialog };
}

/** Refuses a dialog a client could not render. */
function checkDialogStructure(dialog: Record<string, unknown>, refuse: Refusal): void {
  const fields = JsonFields.of(dialog, 'dialog', (field, why) => refuse(`dialog.${field}`, why));
  for (const name of ['callback_id', 'title', 'introduction_text', 'icon_url', 'submit_label', 'state']) fields.string(name);
  fields.boolean('notify_on_cancel');
  const elements = dialog.elements;
  if (elements === undefined || elements === null) return;
  if (!Array.isArray(elements)) throw refuse('dialog.elements', 'must be an array');
  if (elements.length > MAX_ELEMENTS) throw refuse('dialog.elements', `must have at most ${MAX_ELEMENTS} elements`);
  const names = new Set<string>();
  elements.forEach((element, index) => {
    const where = `dialog.elements[${index}]`;
    const at = (field: string, why: string) => refuse(`${where}.${field}`, why);
    if (!isPlainObject(element)) throw refuse(where, 'must be an object');
    const el = JsonFields.of(element, where, at);
    const name = el.string('name');
    if (name === '') throw at('name', 'every element needs a name: it keys the submission');
    if (names.has(name)) throw at('name', `"${name}" names two elements`);
    names.add(name);
    const type = el.string('type');
    if (!ELEMENT_TYPES.has(type)) throw at('type', `must be one of ${[...ELEMENT_TYPES].join(', ')}`);
    for (const field of ['display_name', 'subtype', 'default', 'placeholder', 'help_text', 'data_source', 'data_source_url', 'min_date', 'max_date']) el.string(field);
    for (const field of ['optional', 'multiselect', 'refresh']) el.boolean(field);
    for (const field of ['min_length', 'max_length', 'time_interval']) el.integer(field, { min: 0, max: 1_000_000 }, 0);
    const options = element.options;
    if (options !== undefined && options !== null) {
      if (!Array.isArray(options) || !options.every((o) => isPlainObject(o) && typeof o.text === 'string' && typeof o.value === 'string')) {
        throw at('options', 'must be an array of {text, value} strings');
      }
    }
  });
}

/** Where a dialog breaks Mattermost's rules for one (Dialog.IsValid): logged, not refused. */
export function dialogProblems(dialog: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  const title = str(dialog.title);
  if (title === '' || title.length > LIMITS.title) problems.push(`the title must have 1 to ${LIMITS.title} characters`);
  const elements = Array.isArray(dialog.elements) ? dialog.elements.filter(isPlainObject) : [];
  for (const element of elements) {
    const name = str(element.name);
    const type = str(element.type);
    const too = (field: string, max: number) => {
      if (str(element[field]).length > max) problems.push(`${name}: ${field} has more than ${max} characters`);
    };
    if (str(element.display_name) === '') problems.push(`${name}: display_name is empty`);
    too('display_name', LIMITS.displayName);
    too('name', LIMITS.name);
    too('help_text', LIMITS.helpText);
    const min = typeof element.min_length === 'number' ? element.min_length : 0;
    const max = typeof element.max_length === 'number' ? element.max_length : 0;
    if (max !== 0 && min > max) problems.push(`${name}: min_length is above max_length`);
    if ((type === 'text' || type === 'textarea') && !TEXT_SUBTYPES.has(str(element.subtype))) problems.push(`${name}: unknown subtype ${str(element.subtype)}`);
    if (type === 'text' || type === 'textarea' || type === 'select') {
      const limit = type === 'text' ? LIMITS.text : type === 'textarea' ? LIMITS.textarea : LIMITS.select;
      too('default', limit);
      too('placeholder', limit);
    }
    if (type === 'select' && !DATA_SOURCES.has(str(element.data_source))) problems.push(`${name}: unknown data_source ${str(element.data_source)}`);
    const offered = Array.isArray(element.options) ? element.options.filter(isPlainObject).map((o) => o.value) : [];
    const fallback = str(element.default);
    const staticChoice = type === 'radio' || (type === 'select' && str(element.data_source) === '' && element.multiselect !== true);
    if (staticChoice && fallback !== '' && !offered.includes(fallback)) problems.push(`${name}: default "${fallback}" is not one of the options`);
    if (type === 'bool' && !['', 'true', 'false'].includes(fallback)) problems.push(`${name}: a bool's default is "true" or "false"`);
  }
  return problems;
}

/** POST /actions/dialogs/submit. */
export function decodeSubmitDialog(body: unknown): SubmitDialogInput {
  const fields = JsonFields.of(body, 'dialog');
  const url = fields.string('url', { max: 8192 });
  if (url === '') throw paramRefusal('url', 'the submission needs the URL the dialog was opened with');
  return {
    url,
    callbackId: fields.string('callback_id', { max: 8192 }),
    state: fields.string('state', { max: 64 * 1024 }),
    channelId: fields.optionalId('channel_id'),
    teamId: fields.optionalId('team_id'),
    submission: fields.object('submission'),
    cancelled: fields.boolean('cancelled'),
  };
}

/**
 * The integration's answer to a submission, as the client reads it (SubmitDialogResponse): a
 * general `error`, per-field `errors`, and a `type` of `ok`, `form` (with the next `form`) or
 * `navigate`. Other fields are dropped; fields of the wrong type too.
 */
export function toDialogAnswer(answer: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof answer.error === 'string' && answer.error !== '') out.error = answer.error;
  if (isPlainObject(answer.errors)) {
    const errors = Object.fromEntries(Object.entries(answer.errors).filter(([, message]) => typeof message === 'string'));
    if (Object.keys(errors).length > 0) out.errors = errors;
  }
  if (typeof answer.type === 'string' && answer.type !== '') out.type = answer.type;
  if (isPlainObject(answer.form)) out.form = answer.form;
  return out;
}
