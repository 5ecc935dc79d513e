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
  // Service sits below Relationship.
  const yS = await page.$eval('[data-testid="level-service"] rect', (r) => Number(r.getAttribute('y')));
  const yR = await page.$eval('[data-testid="level-relationship"] rect', (r) => Number(r.getAttribute('y')));
  assert.ok(yS > yR);
  assert.deepEqual(page.errors, []);
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
