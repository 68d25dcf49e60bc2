// The message components' context for the open channel (message/message-context.ts): the team for
// ~channel links, me for my own mentions, the app's router for in-app links, and user and channel
// searches for selects. Built once per channel view and shared by every post below it.
import { createContext, useContext, useMemo } from 'react';
import type { Team } from '@mattermost/types/teams';
import type { MessageContext } from '../message/index.ts';
import { client } from '../client.ts';
import { navigate } from '../navigation.ts';
import { useChat, useChatStore } from './chat-store.ts';
import { openSearch } from './post-search.ts';

const MessageContextContext = createContext<MessageContext | null>(null);
export const MessageContextProvider = MessageContextContext.Provider;

export function useMessageContext(): MessageContext {
  const context = useContext(MessageContextContext);
  if (!context) throw new Error('posts are drawn inside a channel view, which provides their message context');
  return context;
}

/** The context for a channel of `team`; the same object while the team, channel and my name stay the same. */
export function useChannelMessageContext(team: Team, channelId: string): MessageContext {
  const store = useChatStore();
  const username = useChat((s) => s.me.username);
  return useMemo<MessageContext>(
    () => ({
      teamName: team.name,
      currentUsername: username,
      channelDisplayName: (name) => Object.values(store.state.channels).find((c) => c.team_id === team.id && c.name === name)?.display_name,
      onNavigate: (path) => navigate(path),
      onHashtag: (tag) => openSearch(store, team.id, `#${tag}`),
      searchUsers: async (term) => (await client.autocompleteUsers(term, team.id, channelId, { limit: 20 })).users.map((user) => ({ text: user.username, value: user.id })),
      searchChannels: async (term) => (await client.autocompleteChannels(team.id, term)).map((channel) => ({ text: channel.display_name, value: channel.id })),
    }),
    [store, team.id, team.name, channelId, username],
  );
}
