// Mattermost's CustomStatus JSON (`expires_at` an RFC 3339 time).
import type { CustomStatus } from '../app/custom-status-service.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** A custom status a client sends; an unreadable one is refused as Mattermost does, naming `custom_status`. */
export function decodeCustomStatus(body: unknown, refuse: Refusal = paramRefusal): CustomStatus {
  const fields = JsonFields.of(body, 'custom_status', refuse);
  const emoji = fields.string('emoji', { max: 64 });
  if (!/^[a-zA-Z0-9_+-]*$/.test(emoji)) throw refuse('custom_status', 'the emoji must be an emoji name');
  const expires = fields.string('expires_at');
  const expiresAt = expires === '' ? 0 : Date.parse(expires);
  if (Number.isNaN(expiresAt)) throw refuse('custom_status', 'expires_at must be a date and time');
  return {
    emoji,
    // Longer texts are cut to 100 characters by the service, as Mattermost does; this bounds what is read.
    text: fields.string('text', { max: 1000 }),
    duration: fields.string('duration', { max: 32 }),
    expiresAt: Math.max(expiresAt, 0),
  };
}
