// The frame of every view in the right-hand panel: a labelled <aside>, its heading (and a line under
// it, such as the channel's name), a close button, and Escape to close, as Mattermost's RHS does
// (Escape in a dialog opened from the panel closes only the dialog).
import type { ReactNode } from 'react';
import './views.css';

export function ViewPanelFrame({ title, subtitle, className, onClose, children }: { title: string; subtitle?: string; className: string; onClose: () => void; children: ReactNode }) {
  return (
    <aside className={`rhs view-panel ${className}`} aria-label={title} onKeyDown={(event) => event.key === 'Escape' && !(event.target as Element).closest('dialog') && onClose()}>
      <header className="rhs-header">
        <div>
          <h2>{title}</h2>
          {subtitle && <p className="view-subtitle">{subtitle}</p>}
        </div>
        <button type="button" className="quiet rhs-close" aria-label={`Close ${title.toLowerCase()}`} onClick={onClose}>
          ×
        </button>
      </header>
      {children}
    </aside>
  );
}

/** The line under a list: loading, empty, or what went wrong. */
export function ViewStatus({ loading, empty, problem, emptyText }: { loading: boolean; empty: boolean; problem: string; emptyText: string }) {
  if (problem) return <p role="alert" className="error view-status">{problem}</p>;
  return (
    <p role="status" className="view-status">
      {loading ? 'Loading…' : empty ? emptyText : ''}
    </p>
  );
}
