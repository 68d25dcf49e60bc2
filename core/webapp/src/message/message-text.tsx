// Plain text of a message with Mattermost's extras picked out: :emoji: shortcodes, @mentions,
// ~channel links and #hashtags. Everything becomes React text or elements built here; nothing in
// the text is ever read as HTML.
import type { MouseEvent, ReactNode } from 'react';
import type { MessageContext } from './message-context.ts';
import { EMOJI } from './emoji-names.ts';

/** Mentions that reach everyone in the channel. */
const GROUP_MENTIONS = new Set(['here', 'channel', 'all']);
/** Mattermost does not link hashtags shorter than this (letters after the `#`). */
const MIN_HASHTAG_LENGTH = 3;

// One pass over the text, each kind in its own group. A mention, channel link or hashtag must not
// follow a letter or digit (so `me@example.com` and `a#b` stay text).
const SPECIAL = new RegExp(
  [
    String.raw`:([a-z0-9_+-]+):`,
    String.raw`(?<![\p{L}\p{N}_@.])@([a-z0-9][a-z0-9._-]*)`,
    String.raw`(?<![\p{L}\p{N}_~])~([a-z0-9][a-z0-9_-]*)`,
    String.raw`(?<![\p{L}\p{N}_#&])#(\p{L}[\p{L}\p{N}_.-]*[\p{L}\p{N}])`,
  ].join('|'),
  'giu',
);

/**
 * `text` as React nodes. `interactive` is false inside links, where a nested button or link would
 * be invalid: emoji are still shown, the rest stays text.
 */
export function renderMessageText(text: string, context: MessageContext, interactive: boolean): ReactNode[] {
  const nodes: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(SPECIAL)) {
    const [whole, emoji, mention, channel, hashtag] = match;
    const node = emoji !== undefined
      ? emojiNode(emoji, context, match.index)
      : !interactive
        ? undefined
        : mention !== undefined
          ? mentionNode(mention.replace(/\.+$/, ''), context, match.index)
          : channel !== undefined
            ? channelNode(channel, context, match.index)
            : hashtagNode(hashtag, context, match.index);
    if (!node) continue;
    if (match.index > last) nodes.push(text.slice(last, match.index));
    nodes.push(node);
    // A mention's trailing full stops are punctuation, not part of the name: they stay text.
    last = match.index + (mention !== undefined && interactive ? 1 + mention.replace(/\.+$/, '').length : whole.length);
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

function emojiNode(name: string, context: MessageContext, key: number): ReactNode {
  const lower = name.toLowerCase();
  const character = EMOJI.get(lower);
  if (character) {
    return <span key={key} className="emoji" role="img" aria-label={`:${lower}:`} title={`:${lower}:`}>{character}</span>;
  }
  if (!context.isCustomEmoji?.(lower)) return undefined;
  return <img key={key} className="emoji custom-emoji" src={`/api/v4/emoji/name/${encodeURIComponent(lower)}/image`} alt={`:${lower}:`} title={`:${lower}:`} />;
}

function mentionNode(username: string, context: MessageContext, key: number): ReactNode {
  const lower = username.toLowerCase();
  const kind = GROUP_MENTIONS.has(lower) ? 'mention-group' : lower === context.currentUsername?.toLowerCase() ? 'mention-me' : 'mention-other';
  const className = `mention ${kind}`;
  const label = `@${username}`;
  if (!context.onMention || kind === 'mention-group') return <span key={key} className={className}>{label}</span>;
  const onMention = context.onMention;
  return <button key={key} type="button" className={className} onClick={() => onMention(username)}>{label}</button>;
}

function channelNode(name: string, context: MessageContext, key: number): ReactNode {
  if (!context.teamName) return undefined;
  const path = `/${encodeURIComponent(context.teamName)}/channels/${encodeURIComponent(name.toLowerCase())}`;
  return <a key={key} className="channel-link" href={path} onClick={inAppNavigation(path, context)}>~{name}</a>;
}

function hashtagNode(tag: string, context: MessageContext, key: number): ReactNode {
  if (!context.onHashtag || [...tag].length < MIN_HASHTAG_LENGTH) return undefined;
  const onHashtag = context.onHashtag;
  return <button key={key} type="button" className="hashtag" onClick={() => onHashtag(tag)}>#{tag}</button>;
}

/** A click handler that lets the app route an in-app link itself, when it asked to. */
export function inAppNavigation(path: string, context: MessageContext): ((event: MouseEvent) => void) | undefined {
  const onNavigate = context.onNavigate;
  if (!onNavigate) return undefined;
  return (event) => {
    // A modified click (new tab, new window) is the browser's business.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onNavigate(path);
  };
}
