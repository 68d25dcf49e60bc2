// The grammars that colour code blocks: lowlight with a few common highlight.js languages. Loaded
// by code-block.tsx the first time a message shows a code block, not with the app's first load.
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
export const highlighter = createLowlight({ bash, css, diff, go, java, javascript, json, python, sql, typescript, xml, yaml });

export type Highlighter = typeof highlighter;
