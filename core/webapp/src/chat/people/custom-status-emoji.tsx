// A person's custom status beside their name (in posts and the direct messages of the sidebar): its
// emoji, with the text as its label and tooltip, as Mattermost shows it. Nothing when they have none.
import { useChat } from '../chat-store.ts';
import { EmojiGlyph } from '../reactions/emoji-glyph.tsx';
import { customStatusOf, untilText } from './custom-status.ts';

export function CustomStatusEmoji({ userId }: { userId: string }) {
  const user = useChat((s) => s.users[userId]);
  const status = customStatusOf(user);
  if (!status) return null;
  const until = untilText(status);
  const described = [status.text || `:${status.emoji}:`, until].filter(Boolean).join(' · ');
  return (
    <span className="custom-status-emoji" role="img" aria-label={`Custom status: ${described}`} title={described}>
      <EmojiGlyph name={status.emoji} />
    </span>
  );
}
