// A windowed list for a long log read from the bottom (a channel's posts): only the rows near the
// viewport, plus an overscan, are in the DOM; the rows outside stand as the list's padding, sized from
// a cache of measured heights (an estimate until a row has been on screen). A ResizeObserver follows
// every rendered row, so a row that grows after it was drawn (a reaction, a reply count, an image)
// corrects the cache. What is on screen stays where it is when rows are added above it or change
// height, and the view sticks to the bottom when it was there. Scrolling stays the browser's own, so
// the scrollbar, the wheel and PageUp/PageDown/Home/End in the focused list work as in any scroller.
//
// Written here rather than taken from a library: it is about 200 lines, the windowing libraries that
// handle variable heights and bottom anchoring weigh more than that in the first-load bundle, and the
// anchoring rules (a permalink centred, older pages above, sticking to the bottom) are ours anyway.
import { useEffect, useLayoutEffect, useReducer, useRef, useState, type HTMLAttributes, type KeyboardEvent, type ReactNode } from 'react';
import './virtual-list.css';

/** Rows are kept rendered this far above and below the viewport. */
const OVERSCAN_PX = 900;
/**
 * The overscan of the list's first render: the rows on screen and little more, so a channel shows as
 * soon as possible; the full overscan follows when the page is idle.
 */
const FIRST_OVERSCAN_PX = 150;
/** The longest the list waits for an idle moment before rendering its full overscan. */
const FULL_OVERSCAN_WAIT_MS = 1000;
/** Within this many pixels of the bottom, the view follows rows added or grown at the bottom. */
const STICK_TO_BOTTOM_PX = 120;
/** Within this many pixels of the top, the list asks for older rows. */
const NEAR_TOP_PX = 120;
/** Before the scroller has been measured. */
const DEFAULT_VIEWPORT_PX = 800;

export interface VirtualListProps<Row> {
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Exactly one <li> per row. */
  renderRow: (row: Row) => ReactNode;
  /** A row's height before it has been measured. */
  estimateHeight: (row: Row) => number;
  /** The row to centre in the view once it is among the rows (a permalink's post). */
  focusKey?: string;
  onNearTop?: () => void;
  /** What stands above the list inside the scroller. */
  header?: ReactNode;
  scrollerClassName: string;
  listClassName: string;
  /** The element around the list (a log's role, label and live setting: on the <ol> they would hide its list semantics). */
  regionProps: HTMLAttributes<HTMLDivElement>;
}

/** A row the view keeps in place: its key, and its top edge minus the viewport's top edge. */
interface Anchor {
  key: string;
  top: number;
}

/** A few rows from the top of the view down, so that one of them survives a row re-keyed above (a date separator moving to an older post). */
const ANCHOR_CANDIDATES = 4;

/** The rows of the last commit and their offsets from the list's top edge (cached heights). */
interface Layout {
  keys: string[];
  offsets: number[];
  start: number;
  end: number;
}

export function VirtualList<Row>({ rows, rowKey, renderRow, estimateHeight, focusKey, onNearTop, header, scrollerClassName, listClassName, regionProps }: VirtualListProps<Row>) {
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const heights = useRef(new Map<string, number>());
  // Measured heights per estimate (each kind of row has its own): unmeasured rows take their kind's mean.
  const measuredByEstimate = useRef(new Map<number, { sum: number; count: number }>());
  const viewportHeight = useRef(0);
  const atBottom = useRef(!focusKey);
  const anchors = useRef<Anchor[]>([]);
  const pendingFocus = useRef(focusKey);
  const layout = useRef<Layout>({ keys: [], offsets: [0], start: 0, end: 0 });
  const keyOfElement = useRef(new WeakMap<Element, string>());
  const observed = useRef(new Set<Element>());
  const observer = useRef<ResizeObserver | null>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [overscan, setOverscan] = useState(FIRST_OVERSCAN_PX);

  const keys = rows.map(rowKey);
  // Fixed for this render: the padding drawn and the offsets computed after it must agree.
  const means = new Map(Array.from(measuredByEstimate.current, ([estimate, measured]) => [estimate, measured.sum / measured.count]));
  const guess = (row: Row) => {
    const estimate = estimateHeight(row);
    return means.get(estimate) ?? estimate;
  };
  const heightAt = (i: number) => heights.current.get(keys[i]) ?? guess(rows[i]);
  const { start, end } = windowOf(keys, heightAt, viewportHeight.current || DEFAULT_VIEWPORT_PX, overscan, pendingFocus.current, atBottom.current, anchorIn(keys, anchors.current));
  let paddingTop = 0;
  for (let i = 0; i < start; i++) paddingTop += heightAt(i);
  let paddingBottom = 0;
  for (let i = end; i < keys.length; i++) paddingBottom += heightAt(i);

  /** Recomputes the offsets of every row from the cache (exact for rendered rows once measured). */
  function relayout(start: number, end: number) {
    const offsets = new Array<number>(keys.length + 1);
    offsets[0] = 0;
    for (let i = 0; i < keys.length; i++) offsets[i + 1] = offsets[i] + heightAt(i);
    layout.current = { keys, offsets, start, end };
  }

  /** Reads the rendered rows' heights into the cache and watches each for later changes. */
  function measureRendered() {
    const element = list.current;
    if (!element) return;
    const children = Array.from(element.children);
    const still = new Set<Element>();
    children.forEach((child, i) => {
      const key = keys[start + i];
      if (key === undefined) return;
      const height = child.getBoundingClientRect().height;
      if (!heights.current.has(key)) {
        const estimate = estimateHeight(rows[start + i]);
        const measured = measuredByEstimate.current.get(estimate) ?? { sum: 0, count: 0 };
        measuredByEstimate.current.set(estimate, { sum: measured.sum + height, count: measured.count + 1 });
      }
      heights.current.set(key, height);
      keyOfElement.current.set(child, key);
      still.add(child);
      if (!observed.current.has(child)) observer.current?.observe(child);
    });
    for (const child of observed.current) if (!still.has(child)) observer.current?.unobserve(child);
    observed.current = still;
    relayout(start, end);
  }

  /** The first row whose bottom is below the viewport's top, found from the offsets. */
  function captureAnchor() {
    const view = scroller.current;
    const element = list.current;
    if (!view || !element) return;
    const viewTop = view.getBoundingClientRect().top;
    const listTop = element.getBoundingClientRect().top;
    const { keys: laidOut, offsets } = layout.current;
    if (laidOut.length === 0) {
      anchors.current = [];
      return;
    }
    const y = viewTop - listTop;
    let low = 0;
    let high = laidOut.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (offsets[middle + 1] > y) high = middle;
      else low = middle + 1;
    }
    anchors.current = laidOut.slice(low, low + ANCHOR_CANDIDATES).map((key, i) => ({ key, top: listTop + offsets[low + i] - viewTop }));
    atBottom.current = view.scrollHeight - view.scrollTop - view.clientHeight < STICK_TO_BOTTOM_PX;
  }

  /** Puts the view where it belongs after rows were added or changed height. */
  function restorePosition() {
    const view = scroller.current;
    const element = list.current;
    if (!view || !element) return;
    const { keys: laidOut, offsets, start: first, end: last } = layout.current;
    const rendered = (key: string | undefined) => {
      const i = key === undefined ? -1 : laidOut.indexOf(key);
      return i >= first && i < last ? (element.children[i - first] as HTMLElement | undefined) : undefined;
    };
    const focused = rendered(pendingFocus.current);
    if (focused) {
      pendingFocus.current = undefined;
      focused.scrollIntoView({ block: 'center' });
    } else if (atBottom.current) {
      view.scrollTop = view.scrollHeight;
    } else {
      const anchor = anchorIn(laidOut, anchors.current);
      if (anchor) {
        const top = element.getBoundingClientRect().top + offsets[laidOut.indexOf(anchor.key)] - view.getBoundingClientRect().top;
        view.scrollTop += top - anchor.top;
      }
    }
    const wasAtBottom = atBottom.current;
    captureAnchor();
    // Restoring the bottom may fall short while rows below are still estimates; it stays the bottom.
    if (wasAtBottom && !focused) atBottom.current = true;
  }

  /** Whether the rendered rows fall short of covering the viewport plus half the overscan. */
  function needsOtherRows(): boolean {
    const view = scroller.current;
    const element = list.current;
    if (!view || !element) return false;
    const { keys: laidOut, offsets, start: first, end: last } = layout.current;
    const listTop = element.getBoundingClientRect().top;
    const viewRect = view.getBoundingClientRect();
    const margin = overscan / 2;
    if (first > 0 && listTop + offsets[first] > viewRect.top - margin) return true;
    return last < laidOut.length && listTop + offsets[last] < viewRect.bottom + margin;
  }

  function onLayoutChange() {
    restorePosition();
    if (needsOtherRows()) rerender();
  }

  // The observer below lives as long as the list; it reaches this render's rows through here.
  const onRowsResized = useRef(() => {});
  onRowsResized.current = () => {
    relayout(layout.current.start, layout.current.end);
    onLayoutChange();
  };

  // One observer for the scroller (its viewport height) and every rendered row (its height).
  useEffect(() => {
    const resizes = new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const height = entry.borderBoxSize?.[0]?.blockSize ?? entry.target.getBoundingClientRect().height;
        if (entry.target === scroller.current) {
          changed ||= viewportHeight.current !== entry.contentRect.height;
          viewportHeight.current = entry.contentRect.height;
          continue;
        }
        const key = keyOfElement.current.get(entry.target);
        if (key === undefined || heights.current.get(key) === height) continue;
        heights.current.set(key, height);
        changed = true;
      }
      if (changed) onRowsResized.current();
    });
    observer.current = resizes;
    if (scroller.current) resizes.observe(scroller.current);
    for (const child of observed.current) resizes.observe(child);
    return () => {
      resizes.disconnect();
      observer.current = null;
    };
    // The observer reads everything through refs: one per mounted list.
  }, []);

  // The full overscan once the page has nothing more urgent to do (the first screen is painted, the
  // rest of the chat has loaded), and at the latest after FULL_OVERSCAN_WAIT_MS.
  useEffect(() => {
    const widen = () => setOverscan(OVERSCAN_PX);
    if (typeof requestIdleCallback === 'function') {
      const idle = requestIdleCallback(widen, { timeout: FULL_OVERSCAN_WAIT_MS });
      return () => cancelIdleCallback(idle);
    }
    const timer = setTimeout(widen, FULL_OVERSCAN_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);

  // A new permalink into the same channel centres its post once more.
  useLayoutEffect(() => {
    if (focusKey) {
      pendingFocus.current = focusKey;
      atBottom.current = false;
      rerender();
    }
  }, [focusKey]);

  // After every commit: measure what was drawn, then keep the view in place.
  useLayoutEffect(() => {
    measureRendered();
    onLayoutChange();
  });

  const onScroll = () => {
    const view = scroller.current;
    if (!view) return;
    captureAnchor();
    if (needsOtherRows()) rerender();
    if (view.scrollTop < NEAR_TOP_PX) onNearTop?.();
  };

  // Home and End jump at once: the browser's smooth scroll would aim at an end measured from estimates.
  const onKeyDown = (event: KeyboardEvent) => {
    const view = scroller.current;
    const target = event.target as HTMLElement;
    if (!view || (event.key !== 'Home' && event.key !== 'End') || event.altKey || event.ctrlKey || event.metaKey || target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    pendingFocus.current = undefined;
    view.scrollTop = event.key === 'End' ? view.scrollHeight : 0;
    // The scroll event comes a frame later; a render before it must keep this position, not the last.
    captureAnchor();
    atBottom.current = event.key === 'End';
    rerender();
  };

  return (
    <div className={`${scrollerClassName} virtual-scroller`} ref={scroller} onScroll={onScroll} onKeyDown={onKeyDown}>
      {header}
      <div {...regionProps}>
        <ol className={`${listClassName} virtual-list`} ref={list} style={{ paddingTop, paddingBottom }}>
          {rows.slice(start, end).map(renderRow)}
        </ol>
      </div>
    </div>
  );
}

/** The first of the anchor candidates still among `keys`. */
function anchorIn(keys: string[], candidates: Anchor[]): Anchor | null {
  return candidates.find((candidate) => keys.includes(candidate.key)) ?? null;
}

/**
 * The rows to render: around the row to focus, else up from the bottom when the view is there (or has
 * no anchor yet), else around the anchor row; each far enough to cover the viewport and `overscan`.
 */
function windowOf(keys: string[], heightAt: (i: number) => number, viewport: number, overscan: number, focus: string | undefined, atBottom: boolean, anchor: Anchor | null): { start: number; end: number } {
  const focusIndex = focus === undefined ? -1 : keys.indexOf(focus);
  const anchorIndex = anchor ? keys.indexOf(anchor.key) : -1;
  let pivot: number;
  let above: number;
  let below: number;
  if (focusIndex >= 0) {
    pivot = focusIndex;
    above = viewport / 2 + overscan;
    below = viewport / 2 + overscan;
  } else if (atBottom || anchorIndex < 0) {
    pivot = keys.length;
    above = viewport + overscan;
    below = 0;
  } else {
    pivot = anchorIndex;
    above = Math.max(0, anchor!.top) + overscan;
    below = viewport - anchor!.top + overscan;
  }
  let start = pivot;
  for (let covered = 0; start > 0 && covered < above; ) covered += heightAt(--start);
  let end = pivot;
  for (let covered = 0; end < keys.length && covered < below; ) covered += heightAt(end++);
  return { start, end: Math.max(end, Math.min(keys.length, pivot + 1)) };
}
