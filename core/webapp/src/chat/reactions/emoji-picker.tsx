// The emoji picker (loaded on first use): a search box that keeps the focus while the arrows move
// through the grid below it (Left/Right by one, Up/Down by a row), Enter picks, Escape closes. Recently
// used emoji come first; the server's custom emoji join the standard ones when it allows them.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ModalDialog } from '../../modal-dialog.tsx';
import { standardEmoji, findCustomEmoji, matchEmoji, recentEmojiNames, type PickableEmoji } from './emoji-catalog.ts';

/** Emoji per row of the grid (the CSS draws as many). */
const COLUMNS = 8;

export default function EmojiPicker({ userId, onPick, onClose, title = 'Add a reaction' }: { userId: string; onPick: (name: string) => void; onClose: () => void; title?: string }) {
  const [term, setTerm] = useState('');
  const [custom, setCustom] = useState<PickableEmoji[]>([]);
  const [active, setActive] = useState(0);
  const listId = useId();
  const grid = useRef<HTMLUListElement>(null);
  const recent = useMemo(() => recentEmojiNames(userId), [userId]);

  useEffect(() => {
    let current = true;
    const wait = setTimeout(() => {
      findCustomEmoji(term.trim()).then(
        (found) => current && setCustom(found),
        () => current && setCustom([]),
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(wait);
    };
  }, [term]);

  const shown = useMemo(() => {
    const standard = new Set(standardEmoji().flatMap((emoji) => emoji.aliases));
    return matchEmoji([...standardEmoji(), ...custom.filter((emoji) => !standard.has(emoji.name))], term, recent);
  }, [term, custom, recent]);
  const at = Math.min(active, Math.max(0, shown.length - 1));

  useEffect(() => {
    grid.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [at, shown]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };
    if (event.key in moves) {
      const next = at + moves[event.key];
      if (next >= 0 && next < shown.length) setActive(next);
    } else if (event.key === 'Enter') {
      if (shown[at]) onPick(shown[at].name);
    } else return;
    event.preventDefault();
  };

  const optionId = (index: number) => `${listId}-${index}`;
  return (
    <ModalDialog title={title} onClose={onClose}>
      <div className="emoji-picker">
        <input
          type="search"
          role="combobox"
          aria-label="Search emojis"
          placeholder="Search emojis"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={shown[at] ? optionId(at) : undefined}
          aria-describedby={`${listId}-help`}
          // The <dialog> opening focuses its autofocus element (React's autoFocus sets no attribute).
          ref={(input) => input?.setAttribute('autofocus', '')}
          value={term}
          onChange={(e) => {
            setTerm(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <p id={`${listId}-help`} className="visually-hidden">
          Arrow keys move through the emoji, Enter picks one, Escape closes.
        </p>
        <ul ref={grid} id={listId} role="listbox" aria-label="Emoji" className="emoji-grid">
          {shown.map((emoji, index) => (
            <li key={emoji.name} id={optionId(index)} role="option" aria-selected={index === at} aria-label={`:${emoji.name}:`} title={`:${emoji.name}:`} onClick={() => onPick(emoji.name)} onMouseMove={() => setActive(index)}>
              {emoji.imageUrl ? <img src={emoji.imageUrl} alt="" /> : emoji.character}
            </li>
          ))}
        </ul>
        {shown.length === 0 && <p role="status">No emoji match “{term}”.</p>}
        <p className="emoji-picker-name" aria-hidden="true">
          {shown[at] ? `:${shown[at].name}:` : ''}
        </p>
      </div>
    </ModalDialog>
  );
}
