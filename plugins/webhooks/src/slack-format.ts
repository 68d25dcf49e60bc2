// Slack compatibility, as Mattermost does it: `<url|text>` links become Markdown, `<!channel>`,
// `<!here>` and `<!all>` become mentions, `<@userid>` becomes @username, and Slack attachments are
// normalised to Mattermost's SlackAttachment shape (field values as strings).

/** Mattermost's SlackAttachmentField. */
export interface SlackAttachmentField {
  title: string;
  value: unknown;
  short: boolean;
}

/** Mattermost's SlackAttachment as it marshals it into props.attachments. */
export interface SlackAttachment {
  id: number;
  fallback: string;
  color: string;
  pretext: string;
  author_name: string;
  author_link: string;
  author_icon: string;
  title: string;
  title_link: string;
  text: string;
  fields: SlackAttachmentField[] | null;
  image_url: string;
  thumb_url: string;
  footer: string;
  footer_icon: string;
  ts: unknown;
  actions?: unknown[];
}

const STRING_FIELDS = ['fallback', 'color', 'pretext', 'author_name', 'author_link', 'author_icon', 'title', 'title_link', 'text', 'image_url', 'thumb_url', 'footer', 'footer_icon'] as const;

const LINK_WITH_TEXT = /<([^\n<|>]+)\|([^|\n>]+)>/g;
const USER_MENTION = /<@([a-zA-Z0-9]+)>/g;
const ANNOUNCEMENTS: ReadonlyArray<[string, string]> = [
  ['<!channel>', '@channel'],
  ['<!here>', '@here'],
  ['<!all>', '@all'],
];

/** `<url|text>` → `[text](url)` (Mattermost's ParseSlackLinksToMarkdown). */
export function slackLinksToMarkdown(text: string): string {
  return text.replace(LINK_WITH_TEXT, '[$2]($1)');
}

/** `<!channel>`, `<!here>`, `<!all>` → `@channel`, `@here`, `@all`. */
export function expandAnnouncements(text: string): string {
  let out = text;
  for (const [slack, mention] of ANNOUNCEMENTS) out = out.split(slack).join(mention);
  return out;
}

/** The user ids `<@userid>` mentions name, each once. */
export function mentionedUserIds(text: string): string[] {
  return [...new Set([...text.matchAll(USER_MENTION)].map((m) => m[1]))];
}

/** `<@userid>` → `@username` for the users known; unknown ids stay as they are. */
export function replaceUserMentions(text: string, usernames: ReadonlyMap<string, string>): string {
  return text.replace(USER_MENTION, (whole, id: string) => {
    const username = usernames.get(id);
    return username === undefined ? whole : `@${username}`;
  });
}

/** Thrown when attachments are not Slack attachments (Mattermost's JSON decoding would fail). */
export class AttachmentError extends Error {}

/**
 * Checks and normalises Slack attachments: every string field present, numbers and booleans in
 * field values turned into strings, null attachments and fields dropped (Mattermost's
 * StringifySlackFieldValue). Throws AttachmentError when the JSON could not be one.
 */
export function normalizeAttachments(raw: unknown): SlackAttachment[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw)) throw new AttachmentError('attachments must be an array');
  const attachments: SlackAttachment[] = [];
  raw.forEach((item: unknown, index) => {
    if (item === null) return;
    if (!isObject(item)) throw new AttachmentError(`attachments[${index}] must be an object`);
    attachments.push(normalizeAttachment(item, `attachments[${index}]`));
  });
  return attachments;
}

function normalizeAttachment(item: Record<string, unknown>, where: string): SlackAttachment {
  const attachment = { id: 0, fields: null, ts: item.ts ?? null } as unknown as SlackAttachment;
  if (item.id !== undefined && item.id !== null) {
    if (typeof item.id !== 'number' || !Number.isInteger(item.id)) throw new AttachmentError(`${where}.id must be an integer`);
    attachment.id = item.id;
  }
  for (const name of STRING_FIELDS) {
    const value = item[name];
    if (value !== undefined && value !== null && typeof value !== 'string') throw new AttachmentError(`${where}.${name} must be a string`);
    attachment[name] = typeof value === 'string' ? value : '';
  }
  if (item.fields !== undefined && item.fields !== null) {
    if (!Array.isArray(item.fields)) throw new AttachmentError(`${where}.fields must be an array`);
    attachment.fields = item.fields.filter((field) => field !== null).map((field: unknown, i) => normalizeField(field, `${where}.fields[${i}]`));
  }
  if (item.actions !== undefined && item.actions !== null) {
    if (!Array.isArray(item.actions)) throw new AttachmentError(`${where}.actions must be an array`);
    attachment.actions = item.actions;
  }
  return attachment;
}

function normalizeField(field: unknown, where: string): SlackAttachmentField {
  if (!isObject(field)) throw new AttachmentError(`${where} must be an object`);
  if (field.title !== undefined && field.title !== null && typeof field.title !== 'string') throw new AttachmentError(`${where}.title must be a string`);
  const value = field.value;
  if (isObject(value) || Array.isArray(value)) throw new AttachmentError(`${where}.value must be a string, a number or a boolean`);
  return {
    title: typeof field.title === 'string' ? field.title : '',
    value: value === undefined || value === null ? null : String(value),
    // Slack sends booleans; some integrations send "true"/"false".
    short: field.short === true || field.short === 'true',
  };
}

/** Applies `process` to the texts Mattermost processes: pretext, text, title and field values. */
export function processAttachmentTexts(attachments: SlackAttachment[], process: (text: string) => string): SlackAttachment[] {
  return attachments.map((attachment) => ({
    ...attachment,
    pretext: process(attachment.pretext),
    text: process(attachment.text),
    title: process(attachment.title),
    fields: mapFieldValues(attachment.fields, process),
  }));
}

/** Slack links of text, pretext and field values as Markdown (Mattermost's ParseSlackAttachment). */
export function attachmentLinksToMarkdown(attachments: SlackAttachment[]): SlackAttachment[] {
  return attachments.map((attachment) => ({
    ...attachment,
    pretext: slackLinksToMarkdown(attachment.pretext),
    text: slackLinksToMarkdown(attachment.text),
    fields: mapFieldValues(attachment.fields, slackLinksToMarkdown),
  }));
}

function mapFieldValues(fields: SlackAttachmentField[] | null, map: (text: string) => string): SlackAttachmentField[] | null {
  return fields === null ? null : fields.map((field) => ({ ...field, value: typeof field.value === 'string' && field.value !== '' ? map(field.value) : field.value }));
}

/** Every text of the attachments that `<@userid>` mentions may hide in. */
export function attachmentTexts(attachments: SlackAttachment[]): string[] {
  return attachments.flatMap((a) => [a.pretext, a.text, a.title, ...(a.fields ?? []).map((f) => (typeof f.value === 'string' ? f.value : ''))]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
