// Plain text of a message with Mattermost's extras picked out: :emoji: shortcodes, @mentions,
// ~channel links and #hashtags. Everything becomes React text or elements built here; nothing in
// the text is ever read as HTML.
import type { MouseEvent, ReactNode } from 'react';
import type { MessageContext } from './message-context.ts';
import { emojiCharacter } from './emoji-names.ts';

/** Mentions that reach everyone in the channel. */
const GROUP_MENTIONS = new Set(['here', 'channel', 'all']);
/** Mattermost does not link hashtags shorter than this (letters after the `#`). */
const MIN_HASHTAG_LENGTH = 3;

/** Text emoticons Mattermost shows as emoji, when they stand alone between spaces (any case). */
const EMOTICONS: Record<string, string> = {
  ':)': 'slightly_smiling_face',
  ':-)': 'slightly_smiling_face',
  ';)': 'wink',
  ';-)': 'wink',
  ':d': 'smile',
  ':-d': 'smile',
  ':p': 'stuck_out_tongue',
  ':-p': 'stuck_out_tongue',
  ':(': 'slightly_frowning_face',
  ':-(': 'slightly_frowning_face',
  ":'(": 'cry',
  ':o': 'open_mouth',
  ':|': 'neutral_face',
  '<3': 'heart',
  '</3': 'broken_heart',
};
const EMOTICON_PATTERN = Object.keys(EMOTICONS)
  .sort((a, b) => b.length - a.length)
  .map((emoticon) => emoticon.replace(/[()|]/g, '\\$&'))
  .join('|');

// One pass over the text, each kind in its own group. A mention, channel link or hashtag must not
// follow a letter or digit (so `me@example.com` and `a#b` stay text).
const SPECIAL = new RegExp(
  [
    String.raw`:([a-z0-9_+-]+):`,
    String.raw`(?<=^|\s)(${EMOTICON_PATTERN})(?=$|\s)`,
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
    const found = special(match, context, interactive);
    if (!found) continue;
    if (match.index > last) nodes.push(text.slice(last, match.index));
    nodes.push(found.node);
    last = match.index + found.length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

/** What a match shows and how much of the text it takes, or undefined when it stays text. */
function special(match: RegExpExecArray, context: MessageContext, interactive: boolean): { node: ReactNode; length: number } | undefined {
  const [whole, emoji, emoticon, mention, channel, hashtag] = match;
  const key = match.index;
  let node: ReactNode;
  if (emoji !== undefined) node = emojiNode(emoji, context, key);
  else if (emoticon !== undefined) node = emojiNode(EMOTICONS[emoticon.toLowerCase()], context, key);
  else if (!interactive) return undefined;
  else if (mention !== undefined) {
    // A mention's trailing full stops are punctuation, not part of the name: they stay text.
    const username = mention.replace(/\.+$/, '');
    return { node: mentionNode(username, context, key), length: 1 + username.length };
  } else if (channel !== undefined) node = channelNode(channel, context, key);
  else node = hashtagNode(hashtag, context, key);
  return node ? { node, length: whole.length } : undefined;
}

function emojiNode(name: string, context: MessageContext, key: number): ReactNode {
  const lower = name.toLowerCase();
  const character = emojiCharacter(lower);
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
  return <a key={key} className="channel-link" href={path} onClick={inAppNavigation(path, context)}>~{context.channelDisplayName?.(name.toLowerCase()) ?? name}</a>;
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
