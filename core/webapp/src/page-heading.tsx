// A page's <h1>, focused when the page opens so that keyboard and screen-reader users start there
// after navigating (a single-page app gets no page load to reset focus).
import { useEffect, useRef, type ReactNode } from 'react';

export function PageHeading({ children }: { children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {children}
    </h1>
  );
}
