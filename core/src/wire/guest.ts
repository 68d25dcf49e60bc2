// The JSON of guest invitations: Mattermost's GuestsInvite body, and the list a graceful invitation
// answers with (EmailInviteWithError: each address and, when it was not invited, the error).
import type { TeamInviteWithError } from '@mattermost/types/teams';
import type { GuestsInviteInput } from '../app/guest-invitations.ts';
import type { InviteOutcome } from '../app/email-invitations.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** Most entries a list of the body may hold; the service has its own, smaller limit on addresses. */
const MAX_LIST = 1000;

export function decodeGuestsInvite(body: unknown, refuse: Refusal = paramRefusal): GuestsInviteInput {
  const fields = JsonFields.of(body, 'guests_invite', refuse);
  return {
    emails: fields.stringList('emails', { maxItems: MAX_LIST }),
    channels: fields.stringList('channels', { maxItems: MAX_LIST }),
    message: fields.string('message', { max: 4000 }),
  };
}

type WireInviteOutcome = Omit<TeamInviteWithError, 'error'> & { error: (TeamInviteWithError['error'] & { status_code: number }) | null };

export function toWireInviteOutcomes(outcomes: readonly InviteOutcome[]): WireInviteOutcome[] {
  return outcomes.map((o) => ({ email: o.email, error: o.error && { id: o.error.id, message: o.error.message, status_code: o.error.status } }));
}
