// A page's <h1>, focused when the page opens so that keyboard and screen-reader users start there
// after navigating (a single-page app gets no page load to reset focus). Focused in a layout effect,
// in the same task as the page appears: a passive effect runs later, and a Tab or click landing in
// between would have its focus taken away (the login field a fast typist already reached).
import { useLayoutEffect, useRef, type ReactNode } from 'react';

export function PageHeading({ children }: { children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {children}
    </h1>
  );
}
