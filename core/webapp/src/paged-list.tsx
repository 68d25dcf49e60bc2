// The lists of User Management (users, teams, channels): a search box, filters, one page of rows at
// a time with Previous/Next, and answers to an older search or page dropped when a newer one was asked.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { errorText } from './client.ts';

/** Rows per page, as Mattermost's console lists. */
export const PER_PAGE = 50;
/** How long typing must pause before the search is sent. */
const SEARCH_DELAY_MS = 250;

export interface PagedList<T> {
  term: string;
  setTerm: (term: string) => void;
  page: number;
  setPage: (page: number) => void;
  /** null until the first answer. */
  rows: T[] | null;
  loadError: string;
  reload: () => void;
}

/**
 * `load` answers one page for a search term (`filters` names everything else it depends on: a change
 * starts again at the first page).
 */
export function usePagedList<T>(load: (term: string, page: number) => Promise<T[]>, filters: string, what: string): PagedList<T> {
  const [term, setTermNow] = useState('');
  const [page, setPage] = useState(0);
  const [rows, setRows] = useState<T[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const fetchPage = useCallback(
    async (searchTerm: string, pageIndex: number) => {
      const request = ++latest.current;
      try {
        const found = await loader.current(searchTerm, pageIndex);
        if (request !== latest.current) return;
        setRows(found);
        setLoadError('');
      } catch (err) {
        if (request !== latest.current) return;
        setLoadError(`The ${what} could not be listed: ${errorText(err)}`);
      }
    },
    [what],
  );

  useEffect(() => {
    const timer = setTimeout(() => void fetchPage(term, page), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [term, page, filters, fetchPage]);

  const setTerm = (next: string) => {
    setTermNow(next);
    setPage(0);
  };
  return { term, setTerm, page, setPage, rows, loadError, reload: () => void fetchPage(term, page) };
}

/** The row count, the rows, and the buttons to the previous and next pages. */
export function PagedRows<T>({ list, label, empty, children }: { list: PagedList<T>; label: string; empty: string; children: (rows: T[]) => ReactNode }) {
  const { rows, page, setPage, loadError } = list;
  const first = page * PER_PAGE + 1;
  return (
    <>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      <p role="status" className="status">
        {rows === null ? 'Loading…' : rows.length === 0 ? empty : `${label} ${first}–${first + rows.length - 1}`}
      </p>
      {rows && rows.length > 0 && children(rows)}
      <Pager label={label} page={page} setPage={setPage} rows={rows} />
    </>
  );
}

/** Previous page and Next page; Next is disabled once a page comes back short. */
export function Pager({ label, page, setPage, rows }: { label: string; page: number; setPage: (page: number) => void; rows: unknown[] | null }) {
  return (
    <nav className="pager" aria-label={`Pages of ${label.toLowerCase()}`}>
      <button type="button" onClick={() => setPage(page - 1)} disabled={page === 0}>
        Previous page
      </button>
      <button type="button" onClick={() => setPage(page + 1)} disabled={rows === null || rows.length < PER_PAGE}>
        Next page
      </button>
    </nav>
  );
}
