// The interactive dialog open in the chat (the store's `dialog`), wherever the user is — a channel,
// the Threads page, a thread in the right-hand panel: shown with the message components'
// InteractiveDialog, submitted to POST /actions/dialogs/submit with the channel and team it was asked
// for in (the current team when that channel has none, as a direct message); with notify_on_cancel,
// a cancel is submitted too, as Mattermost's web app does.
import type { DialogSubmission } from '@mattermost/types/integrations';
import type { Team } from '@mattermost/types/teams';
import { InteractiveDialog, type DialogSubmissionValues } from '../message/index.ts';
import { client } from '../client.ts';
import { useChat, useChatStore, type OpenDialog } from './chat-store.ts';
import { MessageContextProvider, useChannelMessageContext } from './message-context.tsx';

export function DialogHost({ currentTeam }: { currentTeam: Team | undefined }) {
  const open = useChat((s) => s.dialog);
  const teams = useChat((s) => s.teams);
  const team = (open && teams[open.teamId]) || currentTeam;
  if (!open || !team) return null;
  return <ShownDialog key={open.triggerId || open.url} open={open} team={team} />;
}

function ShownDialog({ open, team }: { open: OpenDialog; team: Team }) {
  const store = useChatStore();
  const context = useChannelMessageContext(team, open.channelId);
  const close = () => store.update((s) => (s.dialog === open ? { dialog: null } : {}));
  const submission = (values: DialogSubmissionValues, cancelled: boolean): DialogSubmission => ({
    url: open.url,
    callback_id: open.dialog.callback_id ?? '',
    state: open.dialog.state ?? '',
    user_id: store.state.me.id,
    channel_id: open.channelId,
    team_id: open.teamId || team.id,
    submission: values as DialogSubmission['submission'],
    cancelled,
  });

  return (
    <MessageContextProvider value={context}>
      <InteractiveDialog
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
    </MessageContextProvider>
  );
}
