// axe-core finds no violations on any view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useApp, newPage, open } from './helpers.mjs';

const ctx = useApp();
const axe = fs.readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

const views = ['', '?view=diagram&block=trust', '?view=trends&compare=segment', '?view=account&account=A007', '?view=drivers', '?view=inside', '?view=settings'];
for (const [scheme, q] of ['light', 'dark'].flatMap((s) => views.map((v) => [s, v]))) {
  test(`no axe violations (${scheme} mode): ${q || 'overview'}`, async () => {
    // axe is injected as an inline script, which the app's CSP rightly refuses: bypass it here.
    const page = await newPage(ctx.browser, undefined, { bypassCSP: true });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(ctx.srv.url + q);
    await page.waitForSelector('.main [data-testid]');
    await page.waitForTimeout(300);
    await page.addScriptTag({ content: axe });
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0].target.join(' ')} — ${v.help}`);
    assert.deepEqual(summary, []);
    // The system's setting is followed.
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, scheme === 'dark' ? 'rgb(17, 20, 24)' : 'rgb(246, 247, 249)');
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

test('dark mode is for the screen: printed, the page keeps its light colours', async () => {
  const page = await newPage(ctx.browser);
  await page.emulateMedia({ colorScheme: 'dark', media: 'print' });
  await page.goto(ctx.srv.url + '?view=account&account=A007');
  await page.waitForSelector('.acc-name');
  const [bg, ink] = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
  assert.equal(bg, 'rgb(255, 255, 255)');
  assert.equal(ink, 'rgb(27, 31, 36)');
});
