// Client-side navigation over the History API: the server answers index.html for every page of the
// app, so links are real URLs (bookmarkable, open in a new tab) and only same-tab clicks are intercepted.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
/**
 * The address's path, kept here rather than read from `window.location` on every render: each link
 * asks for it (the chat's first render has a hundred), and every read of the location makes a new string.
 * Registered before any component's listener, so it is current when they run.
 */
let currentPath = window.location.pathname;
window.addEventListener('popstate', () => {
  currentPath = window.location.pathname;
});

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  currentPath = window.location.pathname;
  for (const listener of listeners) listener();
}

/** The current path; components using it render again on every navigation. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => currentPath);
}

/** A path inside the app to return to after logging in; anything else (another site, `//host`) is ignored. */
export function safeReturnPath(value: string | null): string | undefined {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : undefined;
}
