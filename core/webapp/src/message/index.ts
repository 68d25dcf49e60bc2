// The message rendering components of the web client, and the one context they share. The chat
// shell imports from here only; each component's props say its contract. Wiring them to the API
// with the app's Client4 looks like this:
//
//   const context = useMemo<MessageContext>(() => ({ teamName: team.name, currentUsername: me.username,
//     onHashtag: (tag) => search(`#${tag}`), onNavigate: navigate,
//     searchUsers: async (term) => (await client.autocompleteUsers(term, team.id, channel.id)).users
//       .map((user) => ({ text: user.username, value: user.id })) }), [team, me, channel]);
//   <Markdown text={post.message} context={context} />
//   <PostAttachments attachments={post.props.attachments ?? []} context={context}
//     onAction={async (actionId, option, action) => {
//       await client.doPostActionWithCookie(post.id, actionId, action.cookie ?? '', option); }} />
//   <InteractiveDialog dialog={request.dialog} context={context}
//     onSubmit={(submission) => client.submitInteractiveDialog({ url: request.url, callback_id: ...,
//       state: ..., channel_id, team_id, user_id, submission, cancelled: false })}
//     onCancel={close /* and, with notify_on_cancel, submit with cancelled: true */} />
export type { MessageContext } from './message-context.ts';
export { Markdown, type MarkdownProps } from './markdown.tsx';
export { PostAttachments, type PostAttachmentsProps } from './post-attachments.tsx';
export { InteractiveDialog, type InteractiveDialogProps } from './interactive-dialog.tsx';
export type { DialogSubmissionValues } from './dialog-values.ts';
