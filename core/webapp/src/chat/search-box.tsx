// The search box above the channel: Enter searches the team's posts (results in the right-hand
// panel), and Ctrl+Shift+F (⌘+Shift+F on a Mac) puts the cursor in it from anywhere, as in Mattermost.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useChatStore } from './chat-store.ts';
import { openSearch } from './post-search.ts';
import './search-compose.css';

export function SearchBox({ teamId }: { teamId: string }) {
  const store = useChatStore();
  const [terms, setTerms] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const helpId = useId();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    openSearch(store, teamId, terms);
  };
  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor="search-terms" className="visually-hidden">
        Search messages
      </label>
      <input id="search-terms" ref={input} type="search" value={terms} placeholder="Search" aria-describedby={helpId} onChange={(e) => setTerms(e.target.value)} />
      <p id={helpId} className="visually-hidden">
        Enter searches. Use from:, in:, before:, after:, on:, "quoted phrases", -word to leave out and #hashtag. Ctrl+Shift+F comes back here.
      </p>
    </form>
  );
}
