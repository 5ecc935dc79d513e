// The CRQ level diagram: blocks for every dimension, values equal the CLI's, tooltip, detail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, open, cliScores, close } from './helpers.mjs';

const ctx = useApp();
const DIMS = ['reliability', 'responsiveness', 'customer_care', 'experience', 'innovation', 'leading_edge', 'value_for_money', 'trust', 'commitment', 'satisfaction'];

test('every dimension and level is drawn with the CLI scores', async () => {
  const page = await open(ctx, '?view=diagram');
  await page.waitForSelector('[data-testid="level-diagram"]');
  const p = cliScores('public/data/sample.json').waves.at(-1).portfolio;
  for (const d of DIMS) {
    const v = Number(await page.getAttribute(`[data-testid="dim-${d}"]`, 'data-value'));
    assert.ok(close(v, p.dimensions[d].mean), d);
  }
  for (const l of ['service', 'uniqueness', 'relationship']) {
    const v = Number(await page.getAttribute(`[data-testid="level-${l}"]`, 'data-value'));
    assert.ok(close(v, p.levels[l].mean), l);
  }
  assert.deepEqual(page.errors, []);
});

/** The levels from the bottom of the screen up, by where their strips are drawn. */
async function levelsBottomUp(page) {
  const tops = {};
  for (const l of ['service', 'uniqueness', 'relationship']) {
    tops[l] = (await page.locator(`[data-testid="level-${l}"]`).boundingBox()).y;
  }
  return Object.keys(tops).sort((a, b) => tops[b] - tops[a]);
}

/** The data-testids of the diagram's focusable marks in Tab order. */
const tabOrder = (page) => page.$$eval('[data-testid="level-diagram"] [tabindex="0"]', (els) => els.map((e) => e.dataset.testid));

test('Relationship is the foundation: drawn at the base, read and tabbed first', async () => {
  const page = await open(ctx, '?view=diagram');
  await page.waitForSelector('[data-testid="level-diagram"]');
  assert.deepEqual(await levelsBottomUp(page), ['relationship', 'uniqueness', 'service']);
  assert.match(await page.getAttribute('[data-testid="level-diagram"]', 'aria-label'), /Relationship at the base/);
  const order = await tabOrder(page);
  assert.deepEqual(order.slice(0, 4), ['level-relationship', 'dim-trust', 'dim-commitment', 'dim-satisfaction']);
  assert.equal(order.at(-1), 'dim-customer_care');
  // The keyboard walks the same way: focus the first mark, Tab to the next.
  await page.focus('[data-testid="level-relationship"]');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'dim-trust');
  // The account view and its print pack draw it the same way.
  await page.goto(ctx.srv.url + '?view=account&account=A007');
  await page.waitForSelector('[data-testid="account-view"] [data-testid="level-diagram"]');
  assert.deepEqual(await levelsBottomUp(page), ['relationship', 'uniqueness', 'service']);
  await page.emulateMedia({ media: 'print' });
  assert.deepEqual(await levelsBottomUp(page), ['relationship', 'uniqueness', 'service']);
});

test('the Model view turns the diagram over, kept in the URL', async () => {
  const page = await open(ctx, '?view=settings');
  await page.waitForSelector('[data-testid="settings"]');
  assert.equal(await page.isChecked('[data-testid="diagram-relationship_base"]'), true);
  await page.check('[data-testid="diagram-service_base"]');
  await page.waitForURL(/diagram=service_base/);
  await page.click('[data-testid="nav-diagram"]');
  await page.waitForSelector('[data-testid="level-diagram"][data-order="service_base"]');
  assert.deepEqual(await levelsBottomUp(page), ['service', 'uniqueness', 'relationship']);
  assert.deepEqual((await tabOrder(page)).slice(0, 2), ['level-service', 'dim-reliability']);
  await page.reload();
  await page.waitForSelector('[data-testid="level-diagram"][data-order="service_base"]');
  assert.deepEqual(await levelsBottomUp(page), ['service', 'uniqueness', 'relationship']);
  // Back to the model view and the file's own setting: the parameter goes.
  await page.click('[data-testid="nav-settings"]');
  await page.check('[data-testid="diagram-relationship_base"]');
  await page.waitForFunction(() => !location.search.includes('diagram='));
});

test('a data file with model.diagram "service_base" draws Service at the base', async () => {
  const url = ctx.srv.origin + '/fixtures/service-base.json';
  const page = await open(ctx, `?data=${encodeURIComponent(url)}&view=diagram`);
  await page.waitForSelector('[data-testid="level-diagram"][data-order="service_base"]');
  assert.deepEqual(await levelsBottomUp(page), ['service', 'uniqueness', 'relationship']);
  await page.click('[data-testid="nav-settings"]');
  assert.match(await page.textContent('[data-testid="settings"]'), /Level diagram \(from the data file\)/);
  assert.equal(await page.isChecked('[data-testid="diagram-service_base"]'), true);
  // Turning it back against the file's setting is what the URL then carries.
  await page.check('[data-testid="diagram-relationship_base"]');
  await page.waitForURL(/diagram=relationship_base/);
  await page.click('[data-testid="nav-diagram"]');
  await page.waitForSelector('[data-testid="level-diagram"][data-order="relationship_base"]');
  assert.deepEqual(await levelsBottomUp(page), ['relationship', 'uniqueness', 'service']);
});

test('a bad model.diagram is rejected with its pointer', async () => {
  const page = await open(ctx);
  const text = JSON.stringify({
    format: 'rapport/1', waves: [{ id: 'w', closed: '2024-01-31' }], accounts: [{ id: 'A', name: 'A' }],
    responses: [], model: { diagram: 'upside_down' },
  });
  await page.setInputFiles('[data-testid="file-input"]', { name: 'bad-model.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForSelector('[data-testid="load-error"]');
  const report = await page.textContent('[data-testid="load-error"]');
  assert.match(report, /\/model\/diagram/);
  assert.match(report, /service_base/);
});

test('hover and keyboard focus show the detail; Enter opens distribution and trend', async () => {
  const page = await open(ctx, '?view=diagram');
  await page.hover('[data-testid="dim-trust"]');
  const tip = await page.textContent('[data-testid="diagram-tooltip"]');
  assert.match(tip, /Trust/);
  assert.match(tip, /95% CI/);
  assert.match(tip, /FY2025/);
  await page.focus('[data-testid="dim-value_for_money"]');
  assert.match(await page.textContent('[data-testid="diagram-tooltip"]'), /Value for money/);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="block-detail"][data-block="value_for_money"]');
  assert.match(page.url(), /block=value_for_money/);
  const counts = await page.$$eval('[data-testid="distribution"] .hist-n', (n) => n.map((x) => Number(x.textContent)));
  assert.equal(counts.length, 7);
  assert.ok(counts.reduce((a, b) => a + b, 0) > 100);
  assert.ok(await page.$('[data-testid="block-detail"] [data-testid="trend-chart"] svg'));
});

test('the diagram follows the role filter', async () => {
  const page = await open(ctx, '?view=diagram');
  const all = await page.getAttribute('[data-testid="dim-trust"]', 'data-value');
  await page.selectOption('[data-testid="filter-role"]', 'decision_maker');
  await page.waitForURL(/role=decision_maker/);
  await page.waitForFunction((a) => document.querySelector('[data-testid="dim-trust"]').dataset.value !== a, all);
});
