// Marks the words a search matched inside rendered results with the CSS Custom Highlight API: no
// element is added to what React drew, and browsers without the API simply show no marks.

const HIGHLIGHT_NAME = 'search-match';

/** Highlights every occurrence of `words` (case-insensitive) in the text under `root`; returns the undo. */
export function highlightWords(root: HTMLElement, words: string[]): () => void {
  const wanted = words.map((word) => word.replace(/^[#@"]+|[*"]+$/g, '').toLowerCase()).filter((word) => word !== '');
  if (wanted.length === 0 || typeof Highlight === 'undefined' || !CSS.highlights) return () => undefined;
  const pattern = new RegExp(wanted.map(escapeRegExp).join('|'), 'gi');
  const ranges: Range[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of (node.textContent ?? '').matchAll(pattern)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      ranges.push(range);
    }
  }
  // TypeScript's DOM types leave out the registry's Map methods, which every browser with it has.
  const registry = CSS.highlights as unknown as Map<string, Highlight>;
  registry.set(HIGHLIGHT_NAME, new Highlight(...ranges));
  return () => registry.delete(HIGHLIGHT_NAME);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
