// Small screens: no view makes the page scroll sideways; wide tables scroll in their card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newPage } from './helpers.mjs';

const ctx = useApp();
const VIEWS = ['', '?view=diagram', '?view=trends', '?view=account&account=A006', '?view=drivers', '?view=settings'];

for (const width of [1024, 390]) {
  test(`at ${width} px no view scrolls sideways`, async () => {
    const page = await newPage(ctx.browser, { width, height: 900 });
    for (const q of VIEWS) {
      await page.goto(ctx.srv.url + q);
      await page.waitForSelector('.main [data-testid]');
      // The overview renders in steps: its last part is the accounts table.
      if (!q) await page.waitForSelector('[data-testid="accounts-table"]');
      const [scroll, inner] = await page.evaluate(() => [document.scrollingElement.scrollWidth, innerWidth]);
      assert.ok(scroll <= inner, `${q || 'overview'}: the page is ${scroll} px wide in a ${inner} px window`);
    }
    await page.close();
  });
}
