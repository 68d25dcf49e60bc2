// A select whose options come from the server as the user types: users or channels (a select's
// data_source in attachments and dialogs). A search box fills a plain <select>, so both are
// ordinary, labelled form controls a keyboard and a screen reader already know.
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { PostActionOption } from '@mattermost/types/integration_actions';
import type { MessageContext } from './message-context.ts';

/** How long typing must pause before the server is asked. */
const SEARCH_DELAY_MS = 250;

export type DataSource = 'users' | 'channels';

export interface SearchSelectProps {
  /** What is chosen ("Assignee"): the select's label; the search box is "Search <label>". */
  label: string;
  dataSource: DataSource;
  context: MessageContext;
  value: string;
  onChange(value: string): void;
  disabled?: boolean;
  /** The select's id, for a <label htmlFor> outside; one is made up otherwise. */
  id?: string;
  placeholder?: string;
  describedBy?: string;
  invalid?: boolean;
  /** Keys pressed on the select (an attachment's select takes its action on Enter). */
  onKeyDown?(event: KeyboardEvent<HTMLSelectElement>): void;
}

/** True for the data sources this component can search. */
export function isDataSource(value: string | undefined): value is DataSource {
  return value === 'users' || value === 'channels';
}

export function SearchSelect({ label, dataSource, context, value, onChange, disabled, id, placeholder, describedBy, invalid, onKeyDown }: SearchSelectProps) {
  const ownId = useId();
  const selectId = id ?? `${ownId}-select`;
  const [term, setTerm] = useState('');
  const [options, setOptions] = useState<PostActionOption[]>([]);
  const [problem, setProblem] = useState('');
  const search = dataSource === 'users' ? context.searchUsers : context.searchChannels;

  useEffect(() => {
    if (!search) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      search(term).then(
        (found) => {
          if (!current) return;
          setOptions(found);
          setProblem('');
        },
        (err: unknown) => current && setProblem(`The ${dataSource} could not be searched: ${messageOf(err)}`),
      );
    }, term === '' ? 0 : SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [search, term, dataSource]);

  const chosen = options.some((option) => option.value === value) || value === '' ? options : [{ text: value, value }, ...options];
  return (
    <span className="search-select">
      <input
        type="search"
        aria-label={`Search ${label}`}
        aria-controls={selectId}
        value={term}
        disabled={disabled || !search}
        placeholder={dataSource === 'users' ? 'Search users…' : 'Search channels…'}
        onChange={(event) => setTerm(event.target.value)}
      />
      <select
        id={selectId}
        aria-label={id ? undefined : label}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        value={value}
        disabled={disabled || !search}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
      >
        <option value="">{placeholder || label}</option>
        {chosen.map((option) => (
          <option key={option.value} value={option.value}>{option.text}</option>
        ))}
      </select>
      {problem && <span role="alert" className="error">{problem}</span>}
    </span>
  );
}

/** What went wrong, in the words of whoever threw. */
export function messageOf(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : String(err);
}
