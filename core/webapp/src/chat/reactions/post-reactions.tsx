// The reactions under a post: one button per emoji with its count, pressed when I am among those who
// reacted, labelled with who did ("You and bob reacted with :+1:", as Mattermost says it); a click
// adds or takes back mine. The post's "Add reaction" button (shown on hover or focus) and its menu's
// item open the emoji picker here, for this post.
import { lazy, Suspense, useEffect, useState } from 'react';
import type { Post } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorText } from '../../client.ts';
import { useChat, useChatStore } from '../chat-store.ts';
import { ensureUsers } from '../chat-loader.ts';
import { applyReaction, reactionsOf } from './reaction-events.ts';
import { EmojiGlyph } from './emoji-glyph.tsx';
import { rememberEmoji } from './emoji-catalog.ts';
import { closeEmojiPicker, openEmojiPicker, useEmojiPickerPost } from './picker-request.ts';
import './reactions.css';

const EmojiPicker = lazy(() => import('./emoji-picker.tsx'));

export function PostReactions({ post }: { post: Post }) {
  const store = useChatStore();
  const me = useChat((s) => s.me.id);
  const users = useChat((s) => s.users);
  const pickerOpen = useEmojiPickerPost() === post.id;
  const [problem, setProblem] = useState('');
  const reactions = reactionsOf(post);
  const unknownUsers = reactions
    .map((r) => r.user_id)
    .filter((id) => !users[id])
    .join(',');

  // Whoever reacted is named in the label: fetch the profiles not loaded yet.
  useEffect(() => {
    if (unknownUsers !== '') void ensureUsers(store, unknownUsers.split(',')).catch(() => undefined);
  }, [store, unknownUsers]);

  const toggle = async (emojiName: string, mine: boolean) => {
    setProblem('');
    try {
      if (mine) {
        await client.removeReaction(me, post.id, emojiName);
        applyReaction(store, { user_id: me, post_id: post.id, emoji_name: emojiName, create_at: 0 }, false);
      } else {
        applyReaction(store, await client.addReaction(me, post.id, emojiName), true);
      }
    } catch (err) {
      setProblem(errorText(err));
    }
  };

  const pick = (emojiName: string) => {
    closeEmojiPicker();
    rememberEmoji(me, emojiName);
    const mine = reactions.some((r) => r.user_id === me && r.emoji_name === emojiName);
    if (!mine) void toggle(emojiName, false);
  };

  const groups = groupByEmoji(reactions);
  return (
    <>
      <button type="button" className="quiet post-add-reaction" aria-label="Add reaction" title="Add reaction" onClick={() => openEmojiPicker(post.id)}>
        ☺︎+
      </button>
      {groups.length > 0 && (
        <div className="post-reactions" role="group" aria-label="Reactions">
          {groups.map(({ emojiName, userIds }) => {
            const mine = userIds.includes(me);
            const label = reactedLabel(userIds, me, users, emojiName);
            return (
              // The name is who reacted (a hidden text rather than aria-label, which must repeat the visible count).
              <button key={emojiName} type="button" className="reaction" aria-pressed={mine} title={label} onClick={() => void toggle(emojiName, mine)}>
                <EmojiGlyph name={emojiName} />
                <span className="reaction-count" aria-hidden="true">
                  {userIds.length}
                </span>
                <span className="visually-hidden">{label}</span>
              </button>
            );
          })}
        </div>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {pickerOpen && (
        <Suspense fallback={null}>
          <EmojiPicker userId={me} onPick={pick} onClose={closeEmojiPicker} />
        </Suspense>
      )}
    </>
  );
}

/** The post's reactions by emoji, in the order each emoji was first used. */
function groupByEmoji(reactions: Reaction[]): { emojiName: string; userIds: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const reaction of reactions) groups.set(reaction.emoji_name, [...(groups.get(reaction.emoji_name) ?? []), reaction.user_id]);
  return [...groups].map(([emojiName, userIds]) => ({ emojiName, userIds }));
}

/** "You, alice and bob reacted with :+1:": me first as "You", the others by username. */
function reactedLabel(userIds: string[], me: string, users: Record<string, UserProfile>, emojiName: string): string {
  const names = userIds.filter((id) => id !== me).map((id) => users[id]?.username ?? 'someone');
  if (userIds.includes(me)) names.unshift('You');
  const who = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  return `${who} reacted with :${emojiName}:`;
}
