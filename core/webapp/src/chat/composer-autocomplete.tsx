// The message box as an ARIA 1.2 combobox: while the word at the cursor has suggestions a listbox
// opens under it; ↑/↓ move through it, Enter or Tab puts the chosen one in, Escape closes it (until
// the text changes), and a click picks one too. The text stays the composer's; this only reads it
// and replaces the word being completed.
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject, type SyntheticEvent } from 'react';
import { queryAt, suggestionsFor, type Suggestion, type SuggestionQuery } from './composer-suggestions.ts';
import './search-compose.css';

export interface ComposerAutocomplete {
  /** Spread on the textarea: its ref, caret tracking and combobox attributes. */
  inputProps: {
    ref: RefObject<HTMLTextAreaElement | null>;
    role: 'combobox';
    'aria-autocomplete': 'list';
    'aria-expanded': boolean;
    'aria-controls': string;
    'aria-activedescendant': string | undefined;
    onSelect: (event: SyntheticEvent<HTMLTextAreaElement>) => void;
    onInput: (event: SyntheticEvent<HTMLTextAreaElement>) => void;
  };
  /** Handles the keys the open list takes; true when it took this one. */
  onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean;
  listbox: ReactNode;
}

export function useComposerAutocomplete(text: string, setText: (text: string) => void, where: { teamId: string; channelId: string; rootId?: string }): ComposerAutocomplete {
  const listId = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [found, setFound] = useState<{ query: SuggestionQuery; items: Suggestion[] } | null>(null);
  // The highlighted suggestion by key, so answers to later keystrokes keep it where it still is.
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [dismissedText, setDismissedText] = useState<string | null>(null);
  const placeCaret = useRef<number | null>(null);

  const query = queryAt(text, Math.min(caret, text.length));
  const queryKey = query ? `${query.trigger}${query.start}:${query.term}` : '';
  useEffect(() => {
    if (!query) {
      setFound(null);
      return undefined;
    }
    let current = true;
    suggestionsFor(query, where).then(
      (items) => {
        if (!current) return;
        setFound({ query, items });
      },
      () => current && setFound(null), // no suggestions is the same as none found: typing goes on
    );
    return () => {
      current = false;
    };
    // The query is rebuilt each render; its key says when it changed.
  }, [queryKey, where.teamId, where.channelId, where.rootId]);

  useLayoutEffect(() => {
    if (placeCaret.current === null || !input.current) return;
    input.current.setSelectionRange(placeCaret.current, placeCaret.current);
    setCaret(placeCaret.current);
    placeCaret.current = null;
  }, [text]);

  const items = found && query && found.query.trigger === query.trigger && found.query.start === query.start ? found.items : [];
  const open = items.length > 0 && dismissedText !== text;
  const chosen = open ? (items.find((item) => item.key === activeKey) ?? items[0]) : undefined;

  const pick = (item: Suggestion) => {
    if (!query || item.replacement === '') return;
    const end = Math.min(caret, text.length);
    const next = text.slice(0, query.start) + item.replacement + text.slice(end);
    placeCaret.current = query.start + item.replacement.length;
    setFound(null);
    setText(next);
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || event.nativeEvent.isComposing) return false;
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0) {
      event.preventDefault();
      const at = chosen ? items.indexOf(chosen) : 0;
      setActiveKey(items[(at + step + items.length) % items.length].key);
      return true;
    }
    if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      if (!chosen || chosen.replacement === '') return false;
      // Enter on a word typed out in full (`/away`, `@bob`) sends the message rather than adding a space.
      if (event.key === 'Enter' && query && chosen.replacement.trimEnd() === text.slice(query.start, Math.min(caret, text.length))) return false;
      event.preventDefault();
      pick(chosen);
      return true;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      setDismissedText(text);
      return true;
    }
    return false;
  };

  const optionId = (index: number) => `${listId}-option-${index}`;
  return {
    inputProps: {
      ref: input,
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': open,
      'aria-controls': listId,
      'aria-activedescendant': open && chosen ? optionId(items.indexOf(chosen)) : undefined,
      onSelect: (event) => setCaret(event.currentTarget.selectionStart),
      onInput: (event) => setCaret(event.currentTarget.selectionStart),
    },
    onKeyDown,
    listbox: (
      <ul id={listId} role="listbox" aria-label="Suggestions" className="composer-suggestions" hidden={!open}>
        {open &&
          items.map((item, index) => (
            <li
              key={item.key}
              id={optionId(index)}
              role="option"
              aria-selected={item === chosen}
              aria-disabled={item.replacement === '' ? true : undefined}
              className={item === chosen ? 'active' : undefined}
              // The mouse picks without taking the focus from the message box.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(item);
              }}
            >
              <span className="suggestion-primary">{item.primary}</span> <span className="suggestion-secondary">{item.secondary}</span>
            </li>
          ))}
      </ul>
    ),
  };
}
