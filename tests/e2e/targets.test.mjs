// Targets (`model.targets`) in the built app: the headlines say where CRQ and NPS stand against
// the scope's target, the overview's targets panel and its accounts furthest below target,
// and the account view's targets, all as the CLI's contract checks them; a bad target is a
// located warning in the load report and the rest of the file is used.
import fs from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, open, cliScores, close } from './helpers.mjs';

const ctx = useApp();
const SAMPLE = 'public/data/sample.json';
const WORDS = { above: 'above target', below: 'below target', level: 'not distinguishable from target' };

test('the headlines and the targets panel check the scope\'s targets as the CLI does, under no filter and a segment', async () => {
  for (const [query, filters, scope] of [['', [], { kind: 'portfolio' }], ['?segment=Energy', ['--segment', 'Energy'], { kind: 'segment', id: 'Energy' }]]) {
    const page = await open(ctx, query);
    const targets = cliScores(SAMPLE, filters).waves.at(-1).targets;
    const crq = targets.find((t) => t.metric === 'crq' && t.scope.kind === scope.kind && t.scope.id === scope.id);
    assert.ok(crq, `the sample sets a CRQ target for ${query || 'the portfolio'}`);
    const detail = await page.textContent('.kpi:has([data-testid="headline-crq"]) .kpi-detail');
    assert.ok(detail.includes(`target ${crq.value.toFixed(2)}: ${WORDS[crq.verdict]}`), detail);
    const nps = targets.find((t) => t.metric === 'nps' && t.scope.kind === scope.kind);
    const npsDetail = await page.textContent('.kpi:has([data-testid="headline-nps"]) .kpi-detail');
    assert.equal(npsDetail.includes('target'), Boolean(nps), npsDetail);
    if (nps) assert.ok(npsDetail.includes(WORDS[nps.verdict]), npsDetail);
    // The panel: every target of a group in scope, in the file's order, then the accounts
    // below their target, furthest first.
    await page.waitForSelector('[data-testid="targets"]', { timeout: 30000 });
    const rows = await page.$$eval('[data-testid="targets"] tbody tr', (trs) => trs.map((t) => [t.dataset.verdict, Number(t.dataset.value)]));
    const groups = targets.filter((t) => t.scope.kind !== 'account');
    assert.equal(rows.length, groups.length);
    for (const [i, t] of groups.entries()) {
      assert.equal(rows[i][0], WORDS[t.verdict] ?? '');
      assert.ok(close(rows[i][1], t.score, 1e-9));
    }
    const below = targets.filter((t) => t.scope.kind === 'account' && t.gap < 0).sort((a, b) => a.gap - b.gap);
    const shown = await page.$$eval('[data-testid="target-below"]', (lis) => lis.map((l) => Number(l.dataset.gap)));
    assert.equal(shown.length, below.length);
    for (const [i, t] of below.entries()) assert.ok(close(shown[i], t.gap, 1e-9));
    assert.deepEqual(page.errors, [], query);
    await page.close();
  }
});

test('an account\'s view lists its targets wave by wave, with the CLI\'s verdicts', async () => {
  const scores = cliScores(SAMPLE);
  const last = scores.waves.at(-1).targets.find((t) => t.scope.kind === 'account' && t.verdict === 'below');
  assert.ok(last, 'the sample has an account below its target');
  const page = await open(ctx, `?view=account&account=${last.scope.id}`);
  await page.waitForSelector('[data-testid="account-targets"]', { timeout: 30000 });
  const verdicts = await page.$$eval('[data-testid="account-targets"] tbody tr', (trs) => trs.map((t) => t.dataset.verdict));
  const expected = scores.waves.map((w) => w.targets.find((t) => t.scope.kind === 'account' && t.scope.id === last.scope.id))
    .reverse().map((t) => WORDS[t.verdict] ?? '');
  assert.deepEqual(verdicts, expected);
  assert.match(await page.textContent('[data-testid="account-heard"]'), /Heard/);
  assert.deepEqual(page.errors, []);
});

test('a bad target is a located warning, and the file opens without it', async () => {
  const d = JSON.parse(fs.readFileSync(SAMPLE, 'utf8'));
  d.model.targets = [{ metric: 'crq', value: 12 }, { metric: 'nps', value: 10 }, { metric: 'crq', value: 5, account: 'NOPE' }];
  const page = await open(ctx);
  await page.setInputFiles('[data-testid="file-input"]', { name: 'targets.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(d)) });
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('targets.json'));
  if (!(await page.$('[data-testid="load-report"]'))) await page.click('[data-testid="report-toggle"]');
  const report = await page.textContent('[data-testid="load-report"]');
  assert.match(report, /\/model\/targets\/0\/value/);
  assert.match(report, /\/model\/targets\/2\/account/);
  // The good target is used: NPS's headline names it; CRQ's has none left.
  await page.waitForFunction(() => document.querySelector('.kpi:has([data-testid="headline-nps"]) .kpi-detail').textContent.includes('target 10'));
  assert.doesNotMatch(await page.textContent('.kpi:has([data-testid="headline-crq"]) .kpi-detail'), /target/);
  assert.deepEqual(page.errors, []);
});

test('the trend chart draws the scope\'s target beside its score, dashed, and none when comparing', async () => {
  const page = await open(ctx, '?view=trends');
  const chart = page.locator('[data-testid="trend-chart"]').first();
  assert.equal(await chart.getAttribute('data-series'), '2');
  assert.deepEqual(await chart.locator('.tr-legend li:has(.sw)').allTextContents(), ['Current scope', 'Target']);
  assert.equal(await chart.locator('path.tr-goal').count(), 1);
  // The sample's portfolio CRQ target (5.5, every wave): a point per wave, set, not measured.
  const labels = await chart.locator('.tr-pt').evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')).filter((l) => l.startsWith('Target')));
  assert.deepEqual(labels, ['Target, FY2023: 5.50', 'Target, FY2024: 5.50', 'Target, FY2025: 5.50', 'Target, FY2026: 5.50']);
  // Segment Energy has its own (5.4); an owner has none.
  await page.goto(`${ctx.srv.url}?view=trends&segment=Energy`);
  await page.waitForSelector('[data-testid="trend-chart"] .tr-pt');
  assert.match(await page.locator('[data-testid="trend-chart"] .tr-pt[aria-label^="Target"]').first().getAttribute('aria-label'), /: 5\.40$/);
  await page.goto(`${ctx.srv.url}?view=trends&compare=segment`);
  await page.waitForSelector('[data-testid="trend-chart"] .tr-pt');
  assert.equal(await page.locator('[data-testid="trend-chart"] >> nth=0').locator('path.tr-goal').count(), 0);
  assert.deepEqual(page.errors, []);
});
