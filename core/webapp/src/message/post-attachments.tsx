// Slack-style message attachments as Mattermost shows them under a post: a colour bar, pretext,
// author, title, Markdown text, fields (short ones side by side), image and thumbnail, footer, and
// the integration's action buttons and selects. Every text goes through <Markdown> or React text,
// every URL through safe-url.ts.
import { useRef, useState, type KeyboardEvent } from 'react';
import type { MessageAttachment, MessageAttachmentField } from '@mattermost/types/message_attachments';
import type { PostAction } from '@mattermost/types/integration_actions';
import type { MessageContext } from './message-context.ts';
import { Markdown } from './markdown.tsx';
import { safeImageSrc, safeLink } from './safe-url.ts';
import { isDataSource, messageOf, SearchSelect } from './search-select.tsx';
import './message.css';

/** The colours Slack's names stand for; any other colour must be a hex colour. */
const NAMED_COLORS: Record<string, string> = { good: '#2eb886', warning: '#daa038', danger: '#a30200' };
const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const BUTTON_STYLES = new Set(['default', 'primary', 'good', 'success', 'warning', 'danger']);

export interface PostAttachmentsProps {
  /** The post's `props.attachments`. */
  attachments: readonly MessageAttachment[];
  context: MessageContext;
  /**
   * An action was taken: a button's id, or a select's id with the chosen option's value; `action`
   * is the whole action (its `cookie` goes back with the request). The shell calls
   * POST /api/v4/posts/{post_id}/actions/{action_id}; while the promise is pending the control is
   * disabled, and a rejection's message is shown under the actions.
   */
  onAction(actionId: string, selectedOption: string | undefined, action: PostAction): Promise<void>;
}

export function PostAttachments({ attachments, context, onAction }: PostAttachmentsProps) {
  return (
    <div className="attachments">
      {attachments.map((attachment, index) => (
        <Attachment key={index} attachment={attachment} context={context} onAction={onAction} />
      ))}
    </div>
  );
}

interface AttachmentProps {
  attachment: MessageAttachment;
  context: MessageContext;
  onAction: PostAttachmentsProps['onAction'];
}

function Attachment({ attachment, context, onAction }: AttachmentProps) {
  const color = attachmentColor(attachment.color);
  const thumb = safeImageSrc(attachment.thumb_url);
  const image = safeImageSrc(attachment.image_url);
  const fields = (attachment.fields ?? []).filter((field) => field.title || field.value !== undefined);
  return (
    <div className="attachment">
      {attachment.pretext && <Markdown text={attachment.pretext} context={context} />}
      <article className="attachment-body" style={color ? { borderLeftColor: color } : undefined} aria-label={attachment.title || attachment.fallback || 'Attachment'}>
        {thumb && <img className="attachment-thumb" src={thumb} alt="" referrerPolicy="no-referrer" />}
        {attachment.author_name && <Author attachment={attachment} />}
        {attachment.title && <Title text={attachment.title} link={attachment.title_link} />}
        {attachment.text && <Markdown text={attachment.text} context={context} />}
        {fields.length > 0 && <Fields fields={fields} context={context} />}
        {image && <img className="attachment-image" src={image} alt={attachment.title || attachment.fallback || ''} referrerPolicy="no-referrer" />}
        {attachment.footer && (
          <p className="attachment-footer">
            {safeImageSrc(attachment.footer_icon) && <img src={safeImageSrc(attachment.footer_icon)} alt="" referrerPolicy="no-referrer" />}
            {attachment.footer}
          </p>
        )}
        {attachment.actions && attachment.actions.length > 0 && <Actions actions={attachment.actions} context={context} onAction={onAction} />}
      </article>
    </div>
  );
}

function attachmentColor(color: string | undefined): string | undefined {
  if (!color) return undefined;
  const named = NAMED_COLORS[color.toLowerCase()];
  if (named) return named;
  return HEX_COLOR.test(color) ? color : undefined;
}

function Author({ attachment }: { attachment: MessageAttachment }) {
  const icon = safeImageSrc(attachment.author_icon);
  const link = safeLink(attachment.author_link);
  return (
    <p className="attachment-author">
      {icon && <img src={icon} alt="" referrerPolicy="no-referrer" />}
      {link ? <a href={link.href} target="_blank" rel="noopener noreferrer">{attachment.author_name}</a> : attachment.author_name}
    </p>
  );
}

function Title({ text, link }: { text: string; link: string | undefined }) {
  const target = safeLink(link);
  return <h4 className="attachment-title">{target ? <a href={target.href} target="_blank" rel="noopener noreferrer">{text}</a> : text}</h4>;
}

function Fields({ fields, context }: { fields: MessageAttachmentField[]; context: MessageContext }) {
  return (
    <dl className="attachment-fields">
      {fields.map((field, index) => (
        <div key={index} className={field.short ? 'attachment-field short' : 'attachment-field'}>
          <dt>{field.title}</dt>
          <dd>{field.value === undefined || field.value === null ? null : <Markdown text={String(field.value)} context={context} />}</dd>
        </div>
      ))}
    </dl>
  );
}

function Actions({ actions, context, onAction }: { actions: PostAction[]; context: MessageContext; onAction: PostAttachmentsProps['onAction'] }) {
  const [running, setRunning] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState('');

  const run = async (action: PostAction & { id: string }, selectedOption?: string) => {
    const actionId = action.id;
    setRunning((current) => new Set(current).add(actionId));
    setProblem('');
    try {
      await onAction(actionId, selectedOption, action);
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setRunning((current) => {
        const next = new Set(current);
        next.delete(actionId);
        return next;
      });
    }
  };

  return (
    <div className="attachment-actions" role="group" aria-label="Actions" aria-busy={running.size > 0}>
      {actions.map((action, index) => {
        // The server gives every action an id; one without an id cannot be taken.
        if (!hasId(action)) return null;
        const id = action.id;
        const disabled = action.disabled || running.has(id);
        if (action.type === 'select') return <ActionSelect key={id} action={action} context={context} disabled={disabled} onChoose={(value) => void run(action, value)} />;
        const { className, style } = buttonLook(action.style);
        return (
          <button key={`${id}-${index}`} type="button" className={className} style={style} title={action.tooltip} disabled={disabled} onClick={() => void run(action)}>
            {action.name}
          </button>
        );
      })}
      {problem && <p role="alert" className="error action-error">{problem}</p>}
    </div>
  );
}

function hasId(action: PostAction): action is PostAction & { id: string } {
  return typeof action.id === 'string' && action.id !== '';
}

function buttonLook(style: string | undefined): { className: string; style?: { color: string; borderColor: string } } {
  if (style && HEX_COLOR.test(style)) return { className: 'action-button', style: { color: style, borderColor: style } };
  return { className: `action-button action-${style && BUTTON_STYLES.has(style) ? style : 'default'}` };
}

/** Keys that move a closed select's choice without the user having chosen anything yet. */
const MOVING_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

function ActionSelect({ action, context, disabled, onChoose }: { action: PostAction; context: MessageContext; disabled: boolean; onChoose(value: string): void }) {
  const [value, setValue] = useState(action.default_option ?? '');
  // A closed select changes its value on every arrow key (or typed letter); taking the action then
  // would fire it while a keyboard user is still looking. Those moves wait for Enter; a choice made
  // with the mouse or in the open list is taken at once, as in Mattermost.
  const moving = useRef(false);
  const choose = (chosen: string) => {
    setValue(chosen);
    if (moving.current) moving.current = false;
    else if (chosen !== '') onChoose(chosen);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLSelectElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      if (value !== '') onChoose(value);
    } else {
      moving.current = MOVING_KEYS.has(event.key) || event.key.length === 1;
    }
  };
  if (isDataSource(action.data_source)) {
    return <SearchSelect label={action.name} dataSource={action.data_source} context={context} value={value} disabled={disabled} onChange={choose} onKeyDown={onKeyDown} />;
  }
  return (
    <select className="action-select" aria-label={action.name} value={value} disabled={disabled} onChange={(event) => choose(event.target.value)} onKeyDown={onKeyDown}>
      <option value="">{action.name}</option>
      {(action.options ?? []).map((option) => (
        <option key={option.value} value={option.value}>{option.text}</option>
      ))}
    </select>
  );
}
