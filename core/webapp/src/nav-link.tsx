// A link to a page of the app: an <a> (Enter follows it, the browser's own keyboard and middle-click
// behaviour stays), navigating without a reload on a plain click.
import type { MouseEvent, ReactNode } from 'react';
import { navigate, usePath } from './navigation.ts';

export function NavLink({ to, children }: { to: string; children: ReactNode }) {
  const current = usePath() === to;
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={follow} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}
