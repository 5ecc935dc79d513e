// User text in the layout: direction overrides stay inside the text that carries them, and
// long words without spaces break instead of pushing the page sideways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, open, newPage } from './helpers.mjs';

const ctx = useApp();
const data = () => `?data=${encodeURIComponent(ctx.srv.origin + '/fixtures/bidi-long.json')}`;
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('names, ids and titles are isolated from the text around them', async () => {
  const page = await open(ctx, `${data()}&view=account&account=${encodeURIComponent('A\u202eevil')}`);
  await page.waitForSelector('[data-testid="account-name"]');
  for (const sel of ['[data-testid="account-name"]', '.hd-title', '[data-testid="data-source"]']) {
    assert.equal(await page.$eval(sel, (e) => getComputedStyle(e).unicodeBidi), 'isolate', sel);
  }
  // In the line of segment, owner and id, each value is isolated on its own.
  const meta = await page.textContent('.acc-hd p');
  assert.ok(meta.includes('Segment: \u2068S\u202eeg\u2069'), JSON.stringify(meta));
  assert.ok(meta.includes('Id: \u2068A\u202eevil\u2069'), JSON.stringify(meta));
  await page.goto(ctx.srv.url + data());
  await page.waitForSelector('[data-testid="account-row"]');
  assert.equal(await page.$eval('[data-testid="account-row"] td', (e) => getComputedStyle(e).unicodeBidi), 'isolate');
});

for (const width of [1400, 1024, 390]) {
  test(`long names, titles and segments break at ${width} px instead of overflowing`, async () => {
    const page = await newPage(ctx.browser, { width, height: 900 });
    for (const q of ['', '&view=account&account=L1']) {
      await page.goto(ctx.srv.url + data() + q);
      await page.waitForSelector(q ? '[data-testid="account-name"]' : '[data-testid="account-row"]');
      assert.ok(await overflow(page) <= 0, `the page scrolls sideways by ${await overflow(page)} px (${q || 'overview'})`);
    }
  });
}
