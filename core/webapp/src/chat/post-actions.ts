// An attachment's button or select was used: Mattermost's POST /posts/{post_id}/actions/{action_id},
// with the option chosen and, for an ephemeral post, the action's sealed cookie. The integration may
// send the user somewhere (goto_location); a dialog it opens arrives over the WebSocket (open_dialog).
import { client } from '../client.ts';
import { goTo } from '../plugin-surfaces/surface-action.ts';
import { rememberActionPlace, type ActionPlace } from './dialog-place.ts';

export async function runPostAction(postId: string, actionId: string, selectedOption: string | undefined, cookie: string | undefined, place: ActionPlace): Promise<void> {
  rememberActionPlace(place);
  // Mattermost's answer carries goto_location beside what PostActionResponse types.
  const answer = (await client.doPostActionWithCookie(postId, actionId, cookie ?? '', selectedOption ?? '')) as { goto_location?: string };
  if (answer.goto_location) goTo(answer.goto_location);
}
