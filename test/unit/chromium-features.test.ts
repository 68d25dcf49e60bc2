// The browsers the suites start turn Chromium features off with one --disable-features switch, which
// replaces the one Playwright passes (Chromium keeps the last): it must carry every feature Playwright
// turns off, or a Playwright upgrade would silently turn one back on in every browser suite.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'chai';
import { DISABLED_FEATURES } from '../helpers/browser.ts';

describe('Chromium features turned off', () => {
  it("keeps every feature Playwright's own --disable-features switch turns off", async () => {
    const bundle = await readFile(path.join(path.dirname(createRequire(import.meta.url).resolve('playwright-core/package.json')), 'lib', 'coreBundle.js'), 'utf8');
    const list = /disabledFeatures = \[([^\]]*)\]/.exec(bundle);
    expect(list, "Playwright's disabledFeatures list was not found in playwright-core/lib/coreBundle.js: look for its --disable-features switch").to.not.equal(null);
    const playwrights = [...list![1].matchAll(/^\s*"([A-Za-z0-9]+)",?\s*$/gm)].map((m) => m[1]);
    expect(playwrights.length).to.be.greaterThan(5);
    expect(playwrights.filter((feature) => !DISABLED_FEATURES.includes(feature))).to.deep.equal([]);
  });
});
