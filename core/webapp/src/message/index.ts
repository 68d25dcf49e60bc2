// The message rendering components of the web client, and the one context they share. The chat
// shell imports from here only; see each component's props for its contract.
export type { MessageContext } from './message-context.ts';
export { Markdown, type MarkdownProps } from './markdown.tsx';
export { PostAttachments, type PostAttachmentsProps } from './post-attachments.tsx';
export { InteractiveDialog, type InteractiveDialogProps } from './interactive-dialog.tsx';
export type { DialogSubmissionValues } from './dialog-values.ts';
