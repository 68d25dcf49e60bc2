// A fenced code block, highlighted by lowlight (highlight.js's grammars producing a tree, not HTML)
// so the highlighted code is built from React elements like the rest of a message. Only a few
// common languages are bundled, to keep the first load small; any other language is shown plain.
import type { ReactNode } from 'react';
import type { RootContent } from 'hast';
import { createLowlight } from 'lowlight';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

// Registered with their highlight.js aliases too (js, ts, py, sh, html, yml, ...).
const highlighter = createLowlight({ bash, css, diff, go, java, javascript, json, python, sql, typescript, xml, yaml });

export interface CodeBlockProps {
  code: string;
  /** The fence's info string (```python): its first word names the language. */
  language?: string;
}

export function CodeBlock({ code, language }: CodeBlockProps) {
  const name = language?.trim().split(/\s+/)[0].toLowerCase() ?? '';
  const known = name !== '' && highlighter.registered(name);
  const body = known ? hastToReact(highlighter.highlight(name, code).children) : code;
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
