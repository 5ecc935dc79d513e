// axe-core finds no violations on any view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useApp, newPage, open } from './helpers.mjs';

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

test('a skip link is the first Tab stop, and the file choosers show the keyboard focus', async () => {
  const page = await open(ctx);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the content');
  const top = await page.evaluate(() => document.activeElement.getBoundingClientRect().top);
  assert.ok(top >= 0, `the skip link is on screen when focused (top ${top})`);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  // "Open file…": the next Tab stop after the skip link is its hidden input; its label shows the ring.
  await page.evaluate(() => document.querySelector('.skip').focus());
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'file-input');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement.closest('label')).outlineStyle);
  assert.equal(ring, 'solid');
});
