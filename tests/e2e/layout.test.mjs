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

test('at 390 px the level diagram and the main trend chart keep a legible size and scroll in their card', async () => {
  const page = await newPage(ctx.browser, { width: 390, height: 900 });
  // Rendered size of a chart's smallest text: its font size in chart units × the chart's scale.
  const smallest = (svg, units) => page.evaluate(([sel, u]) => {
    const s = document.querySelector(sel);
    return (s.getBoundingClientRect().width / s.viewBox.baseVal.width) * u;
  }, [svg, units]);
  for (const q of ['?view=diagram', '?view=account&account=A006']) {
    await page.goto(ctx.srv.url + q);
    await page.waitForSelector('.dg-svg');
    assert.ok(await smallest('.dg-svg', 11.5) >= 8, `${q}: the diagram's small text at ${await smallest('.dg-svg', 11.5)} px`);
    const [sw, cw] = await page.evaluate(() => { const p = document.querySelector('.dg').closest('.pnl'); return [p.scrollWidth, p.clientWidth]; });
    assert.ok(sw > cw, 'the diagram scrolls inside its card');
  }
  await page.goto(ctx.srv.url + '?view=trends');
  await page.waitForSelector('.tr:not(.tr-compact) .tr-svg');
  assert.ok(await smallest('.tr:not(.tr-compact) .tr-svg', 11) >= 8, 'the trend chart ticks at 8 px or more');
  const [sw, cw] = await page.evaluate(() => { const f = document.querySelector('.tr:not(.tr-compact)'); return [f.scrollWidth, f.clientWidth]; });
  assert.ok(sw > cw, 'the trend chart scrolls inside its card');
  const [scroll, inner] = await page.evaluate(() => [document.scrollingElement.scrollWidth, innerWidth]);
  assert.ok(scroll <= inner, 'the page itself does not scroll sideways');
  await page.close();
});

test('on a phone the loading controls fold into a "Data" menu; on a laptop they are in view', async () => {
  for (const width of [390, 1400]) {
    const page = await newPage(ctx.browser, { width, height: 844 });
    await page.goto(ctx.srv.url);
    await page.waitForSelector('[data-testid="headline-crq"]');
    const phone = width === 390;
    assert.equal(await page.isVisible('[data-testid="load-menu"]'), phone, `${width}`);
    assert.equal(await page.isVisible('[data-testid="import-button"]'), !phone, `${width}`);
    if (phone) {
      // The headline is in the first screen, above the fold, not pushed down by the controls.
      const top = await page.$eval('[data-testid="headline-crq"]', (e) => e.getBoundingClientRect().top);
      assert.ok(top < 844, `headline at ${top}`);
      await page.focus('[data-testid="load-menu"]');
      await page.keyboard.press('Enter');
      assert.equal(await page.getAttribute('[data-testid="load-menu"]', 'aria-expanded'), 'true');
      assert.equal(await page.isVisible('[data-testid="import-button"]'), true);
      assert.equal(await page.isVisible('#url-input'), true);
      await page.keyboard.press('Enter');
      assert.equal(await page.isVisible('[data-testid="import-button"]'), false);
    }
    await page.close();
  }
});
