// The body of POST /teams/{id}/invite/email: Mattermost's JSON array of addresses, or (its web app's
// invitation dialog, sendEmailInvitesToTeamAndChannelsGracefully) {emails, channelIds, message}.
import type { TeamInviteInput } from '../app/team-invitations.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** Most entries a list may hold; the service has its own, smaller limit on addresses. */
const MAX_LIST = 1000;

export function decodeTeamInvite(body: unknown, refuse: Refusal = paramRefusal): TeamInviteInput {
  if (Array.isArray(body)) {
    if (body.length > MAX_LIST || !body.every((email) => typeof email === 'string')) {
      throw refuse('user_email', `expected a JSON array of at most ${MAX_LIST} email addresses`);
    }
    return { emails: body, channelIds: [], message: '' };
  }
  const fields = JsonFields.of(body, 'invite', refuse);
  return {
    emails: fields.stringList('emails', { maxItems: MAX_LIST }),
    channelIds: fields.stringList('channelIds', { maxItems: MAX_LIST }),
    message: fields.string('message', { max: 4000 }),
  };
}
