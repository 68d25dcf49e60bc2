// What the message components need to know about the place they are shown in, and how they reach
// back into the app. The chat shell builds one per channel view (memoized: a new object re-renders
// every message and repeats select searches) and passes it down; every member but teamName is
// optional, and a missing callback turns the matching element into plain text.
import type { PostActionOption } from '@mattermost/types/integration_actions';

export interface MessageContext {
  /** The current team's name: `~channel-name` links to `/<teamName>/channels/<channel-name>`. */
  teamName: string;
  /** A channel's display name by its name, when known: `~off-topic` then shows `~Off-Topic`. */
  channelDisplayName?(name: string): string | undefined;
  /** The signed-in user's username: their own @mention is highlighted as one. */
  currentUsername?: string;
  /** True when `name` is a custom emoji of the server: `:name:` then shows its image. */
  isCustomEmoji?(name: string): boolean;
  /** A `#hashtag` was chosen (without the `#`): the shell searches for it. Without it hashtags are text. */
  onHashtag?(tag: string): void;
  /** An `@mention` was chosen (without the `@`): the shell shows the profile. Without it mentions are highlighted text. */
  onMention?(username: string): void;
  /**
   * An in-app link was followed (a `~channel` link or a relative Markdown link), as a path such as
   * `/team/channels/town-square`. Without it the browser follows the link itself.
   */
  onNavigate?(path: string): void;
  /** Users matching `term` for selects whose data_source is `users`: `value` is the user id. */
  searchUsers?(term: string): Promise<PostActionOption[]>;
  /** Channels matching `term` for selects whose data_source is `channels`: `value` is the channel id. */
  searchChannels?(term: string): Promise<PostActionOption[]>;
}
