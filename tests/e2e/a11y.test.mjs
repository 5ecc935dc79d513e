// axe-core finds no violations on any view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useApp, newPage } from './helpers.mjs';

const ctx = useApp();
const axe = fs.readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

for (const q of ['', '?view=diagram&block=trust', '?view=trends&compare=segment', '?view=account&account=A007', '?view=drivers', '?view=settings']) {
  test(`no axe violations: ${q || 'overview'}`, async () => {
    // axe is injected as an inline script, which the app's CSP rightly refuses: bypass it here.
    const page = await newPage(ctx.browser, undefined, { bypassCSP: true });
    await page.goto(ctx.srv.url + q);
    await page.waitForSelector('.main [data-testid]');
    await page.waitForTimeout(300);
    await page.addScriptTag({ content: axe });
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0].target.join(' ')} — ${v.help}`);
    assert.deepEqual(summary, []);
  });
}
