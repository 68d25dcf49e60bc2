// A fenced code block, highlighted by lowlight (highlight.js's grammars producing a tree, not HTML)
// so the highlighted code is built from React elements like the rest of a message. Only a few
// common languages are bundled, to keep the first load small; any other language is shown plain.
// The grammars load the first time a block names a language (code-highlighter.ts): until they
// arrive — a moment, once per page — the code shows plain.
import { useEffect, useState, type ReactNode } from 'react';
import type { RootContent } from 'hast';
import type { Highlighter } from './code-highlighter.ts';

let loaded: Highlighter | undefined;
let loading: Promise<Highlighter> | undefined;

/** The highlighter once loaded; asks for it when `wanted`. */
function useHighlighter(wanted: boolean): Highlighter | undefined {
  const [highlighter, setHighlighter] = useState(loaded);
  useEffect(() => {
    if (!wanted || highlighter) return;
    let mounted = true;
    loading ??= import('./code-highlighter.ts').then((module) => (loaded = module.highlighter));
    loading.then((ready) => mounted && setHighlighter(ready), () => (loading = undefined));
    return () => {
      mounted = false;
    };
  }, [wanted, highlighter]);
  return highlighter;
}

export interface CodeBlockProps {
  code: string;
  /** The fence's info string (```python): its first word names the language. */
  language?: string;
}

export function CodeBlock({ code, language }: CodeBlockProps) {
  const name = language?.trim().split(/\s+/)[0].toLowerCase() ?? '';
  const highlighter = useHighlighter(name !== '');
  const known = highlighter !== undefined && name !== '' && highlighter.registered(name);
  const body = highlighter && known ? hastToReact(highlighter.highlight(name, code).children) : code;
  return (
    <div className="code-block">
      {name && <span className="code-language" aria-hidden="true">{name}</span>}
      {/* Focusable so a keyboard can scroll a wide block; named for screen readers. */}
      <pre tabIndex={0} aria-label={name ? `Code (${name})` : 'Code'}>
        <code className={known ? `hljs language-${name}` : undefined}>{body}</code>
      </pre>
    </div>
  );
}

function hastToReact(nodes: RootContent[]): ReactNode[] {
  return nodes.map((node, index) => {
    if (node.type === 'text') return node.value;
    if (node.type !== 'element') return null;
    const classes = node.properties.className;
    return (
      <span key={index} className={Array.isArray(classes) ? classes.join(' ') : undefined}>
        {hastToReact(node.children)}
      </span>
    );
  });
}
