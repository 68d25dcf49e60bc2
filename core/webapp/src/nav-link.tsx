// A link to a page of the app: an <a> (Enter follows it, the browser's own keyboard and middle-click
// behaviour stays), navigating without a reload on a plain click. `current` overrides the default
// (the link's address is the page's), `label` gives it an accessible name other than its text.
import type { MouseEvent, ReactNode } from 'react';
import { navigate, usePath } from './navigation.ts';

export function NavLink({ to, children, current, label, className }: { to: string; children: ReactNode; current?: boolean; label?: string; className?: string }) {
  const here = usePath() === to;
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={follow} aria-current={(current ?? here) ? 'page' : undefined} aria-label={label} className={className}>
      {children}
    </a>
  );
}
