// The interactive dialog open on this screen (the store's `dialog`): shown with the message
// components' InteractiveDialog, submitted to POST /actions/dialogs/submit with the channel and team
// it was used in; with notify_on_cancel, a cancel is submitted too, as Mattermost's web app does.
import type { DialogSubmission } from '@mattermost/types/integrations';
import { InteractiveDialog, type DialogSubmissionValues } from '../message/index.ts';
import { client } from '../client.ts';
import { useChat, useChatStore } from './chat-store.ts';
import { useMessageContext } from './message-context.tsx';

export function DialogHost({ teamId, channelId }: { teamId: string; channelId: string }) {
  const store = useChatStore();
  const open = useChat((s) => s.dialog);
  const context = useMessageContext();
  if (!open) return null;

  const close = () => store.update((s) => (s.dialog === open ? { dialog: null } : {}));
  const submission = (values: DialogSubmissionValues, cancelled: boolean): DialogSubmission => ({
    url: open.url,
    callback_id: open.dialog.callback_id ?? '',
    state: open.dialog.state ?? '',
    user_id: store.state.me.id,
    channel_id: channelId,
    team_id: teamId,
    submission: values as DialogSubmission['submission'],
    cancelled,
  });

  return (
    <InteractiveDialog
      key={open.triggerId || open.url}
      dialog={open.dialog}
      context={context}
      onSubmit={async (values) => {
        const answer = await client.submitInteractiveDialog(submission(values, false));
        if (answer?.errors && Object.keys(answer.errors).length > 0) return answer;
        if (answer?.error) return answer;
        close();
      }}
      onCancel={() => {
        close();
        if (open.dialog.notify_on_cancel) void client.submitInteractiveDialog(submission({}, true)).catch(() => undefined); // the integration is told as a courtesy
      }}
    />
  );
}
