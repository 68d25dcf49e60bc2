// Accessibility checks for browser suites: axe-core (Deque's rule engine, the one browsers' own
// audits use) run inside the page; a suite asserts there is no violation of serious or critical impact.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import type { Frame, Page } from 'playwright-core';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeScript: Promise<string> | undefined;

/** One violation, as much as a failing assertion needs to say where to look. */
export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Violations of serious or critical impact on the page (or one frame of it, a plugin's view) as it is now (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page | Frame): Promise<AxeViolation[]> {
  axeScript ??= readFile(AXE_SOURCE, 'utf8');
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  await page.evaluate(await axeScript);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
  });
}
