// The right-hand panel of a search: each result with its channel, author, date and message (as
// Markdown, the matched words marked), a "Jump" link to the post in its channel, and more pages on demand.
import { useEffect, useRef, useState } from 'react';
import type { Team } from '@mattermost/types/teams';
import { errorText } from '../client.ts';
import { NavLink } from '../nav-link.tsx';
import { Markdown } from '../message/index.ts';
import { useChat, useChatStore } from './chat-store.ts';
import { channelLabel } from './channel-names.ts';
import { permalinkPath } from './chat-paths.ts';
import { useChannelMessageContext } from './message-context.tsx';
import { searchPosts, type SearchPage } from './post-search.ts';
import { highlightWords } from './search-highlight.ts';

export function SearchResults({ team, terms, onClose }: { team: Team; terms: string; onClose: () => void }) {
  const store = useChatStore();
  const channels = useChat((s) => s.channels);
  const users = useChat((s) => s.users);
  const me = useChat((s) => s.me.id);
  const context = useChannelMessageContext(team, '');
  const [found, setFound] = useState<SearchPage | null>(null);
  const [page, setPage] = useState(0);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState('');
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setProblem('');
    searchPosts(store, team.id, terms, page).then(
      (next) => {
        if (!current) return;
        setFound((before) => (page === 0 || !before ? next : { posts: [...before.posts, ...next.posts], matches: { ...before.matches, ...next.matches }, more: next.more }));
        setLoading(false);
      },
      (err: unknown) => {
        if (!current) return;
        setProblem(`The search failed: ${errorText(err)}`);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [store, team.id, terms, page]);

  useEffect(() => {
    if (!found || !list.current) return undefined;
    return highlightWords(list.current, [...new Set(Object.values(found.matches).flat())]);
  }, [found]);

  const count = found?.posts.length ?? 0;
  return (
    <aside className="rhs search-results" aria-label="Search results">
      <header>
        <h2>Search results</h2>
        <button type="button" aria-label="Close search results" onClick={onClose}>
          ×
        </button>
      </header>
      <p className="search-terms">
        Results for <q>{terms}</q>
      </p>
      <p role="status" className="search-status">
        {loading ? 'Searching…' : found && count === 0 ? 'No results' : `${count}${found?.more ? '+' : ''} result${count === 1 ? '' : 's'}`}
      </p>
      {problem && <p role="alert" className="error">{problem}</p>}
      <ol ref={list} className="search-result-list" aria-label="Results">
        {found?.posts.map((post) => {
          const channel = channels[post.channel_id];
          const author = users[post.user_id];
          const time = new Date(post.create_at);
          return (
            <li key={post.id} className="search-result">
              <div className="search-result-head">
                <span className="search-result-channel">{channel ? channelLabel(channel, users, me) : 'a channel'}</span>
                <strong>{author ? author.username : 'someone'}</strong>
                <time dateTime={time.toISOString()}>{time.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}</time>
                <NavLink to={permalinkPath(team.name, post.id)} current={false} label={`Jump to the message by ${author ? author.username : 'someone'}`}>
                  Jump
                </NavLink>
              </div>
              <Markdown text={post.message} context={context} />
            </li>
          );
        })}
      </ol>
      {found?.more && !loading && (
        <button type="button" className="quiet" onClick={() => setPage(page + 1)}>
          More results
        </button>
      )}
    </aside>
  );
}
