// The evidence module's panels (crates/evidence), driven in the built app: revenue by type
// and band with their change, coverage, the driver regressions and the what-if equal what the
// command-line scorer gives (and, for the what-if, a JavaScript reckoning of its definition),
// under filters, for the sample and for a file opened from disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, open, cliScores, close } from './helpers.mjs';
import { newPage } from './browser.mjs';

const ctx = useApp();
const SAMPLE = 'public/data/sample.json';
const TYPES = ['ambassador', 'rational', 'ambivalent', 'stalker', 'opponent'];

/** The overview's evidence, once the module has read the data. */
async function evidence(page) {
  await page.waitForSelector('[data-testid="revenue-at-risk-detail"]', { timeout: 30000 });
}

const value = (page, sel) => page.getAttribute(sel, 'data-value').then((v) => (v === '' || v === null ? null : Number(v)));

async function checkRevenueAndCoverage(page, scores) {
  const [now, before] = [scores.waves.at(-1).portfolio, scores.waves.at(-2).portfolio];
  assert.ok(close(await value(page, '[data-testid="revenue-at-risk-detail"]'), now.revenue.at_risk, 1e-6));
  for (const type of TYPES) {
    const row = `[data-testid="revenue-type-${type}"]`;
    assert.ok(close(await value(page, row), now.revenue.by_type[type].revenue, 1e-6), type);
    assert.equal(Number(await page.textContent(`${row} td:nth-of-type(1)`)), now.revenue.by_type[type].accounts, type);
    const change = now.revenue.by_type[type].revenue - before.revenue.by_type[type].revenue;
    assert.ok(close(await value(page, `[data-testid="revenue-type-${type}-change"]`), change, 1e-6), `${type} change`);
  }
  for (const band of ['excellent', 'good', 'adequate', 'vulnerable', 'at_risk']) {
    assert.ok(close(await value(page, `[data-testid="revenue-band-${band}"]`), now.revenue.by_band[band].revenue, 1e-6), band);
  }
  const cov = now.coverage;
  assert.ok(close(await value(page, '[data-testid="coverage-revenue"]'), cov.revenue_share, 1e-12));
  const count = async (id) => Number((await page.getAttribute(`[data-testid="${id}"]`, 'data-count')) ?? 0);
  assert.equal(await count('coverage-silent'), cov.silent.length);
  assert.equal(await count('coverage-no-dm'), cov.no_decision_maker.length);
  // The trend has a row per wave up to this one, each with that wave's revenue heard.
  for (const [w, wave] of scores.waves.entries()) {
    const v = await value(page, `[data-testid="coverage-wave-${w}"] td:nth-of-type(2)`);
    assert.ok(close(v, wave.portfolio.coverage.revenue_share, 1e-12), `wave ${w}`);
  }
}

test('revenue by type and band, and coverage, equal the CLI\'s under no filter, a segment and a role', async () => {
  for (const [query, filters] of [['', []], ['?segment=Energy', ['--segment', 'Energy']], ['?role=decision_maker', ['--role', 'decision_maker']]]) {
    const page = await open(ctx, query);
    await evidence(page);
    await checkRevenueAndCoverage(page, cliScores(SAMPLE, filters));
    assert.deepEqual(page.errors, [], query);
    await page.close();
  }
});

test('a type or band filters the accounts table to its accounts, and an account opens its view', async () => {
  const page = await open(ctx);
  await evidence(page);
  const accounts = cliScores(SAMPLE).waves.at(-1).accounts;
  const rows = () => page.$$eval('[data-testid="account-row"]', (trs) => trs.map((t) => t.dataset.account));
  for (const [kind, id, of] of [['type', 'stalker', (a) => a.type], ['band', 'excellent', (a) => a.band]]) {
    await page.click(`[data-testid="revenue-${kind}-${id}"] a`);
    await page.waitForURL(new RegExp(`only=${id}`));
    await page.waitForSelector('[data-testid="accounts-only"]');
    const expected = accounts.filter((a) => of(a) === id).map((a) => a.account).sort();
    assert.ok(expected.length > 0, id);
    assert.deepEqual((await rows()).sort(), expected, id);
  }
  // A cell of the type movement: the accounts typed rational in the wave before and
  // ambassador now.
  const before = new Map(cliScores(SAMPLE).waves.at(-2).accounts.map((a) => [a.account, a.type]));
  const moved = accounts.filter((a) => a.type === 'ambassador' && before.get(a.account) === 'rational').map((a) => a.account).sort();
  assert.ok(moved.length > 0);
  await page.click('[data-testid="move-rational-ambassador"] a');
  await page.waitForURL(/only=rational%3Eambassador/);
  await page.waitForFunction(() => document.querySelector('[data-testid="accounts-only"]')?.textContent.includes('moved from rational to ambassador'));
  assert.deepEqual((await rows()).sort(), moved);
  await page.click('[data-testid="accounts-all"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="account-row"]').length === n, Math.min(accounts.length, 100));
  assert.doesNotMatch(page.url(), /only=/);
  // The relationships that improved are the CLI's, largest step first; each opens its
  // account, and Back returns to the overview.
  const improved = cliScores(SAMPLE).changes.at(-1).type_improved;
  assert.equal(Number(await page.getAttribute('[data-testid="types-improved"]', 'data-count')), improved.length);
  await page.click('[data-testid="types-improved"] a >> nth=0');
  await page.waitForSelector('[data-testid="account-view"]');
  assert.match(page.url(), new RegExp(`view=account&account=${improved[0].account}`));
  await page.goBack();
  await page.waitForSelector('[data-testid="headline-crq"]');
  assert.deepEqual(page.errors, []);
});

test('the plans summary links to the actions counted and their effect', async () => {
  const page = await open(ctx);
  await page.waitForSelector('[data-testid="plan-effect-link"]');
  await evidence(page);
  await page.click('[data-testid="plan-effect-link"]');
  await page.waitForFunction(() => location.hash === '#plans-work');
  const box = await page.locator('#plans-work').boundingBox();
  assert.ok(box && box.y >= 0 && box.y < 900, `the effects are in view (${box?.y})`);
  assert.ok(await page.locator('[data-testid^="plan-effect-"] details').count() > 0);
  assert.deepEqual(page.errors, []);
});

test('the driver regressions equal the CLI\'s, and the what-if follows its definition', async () => {
  const page = await open(ctx, '?view=drivers');
  await page.waitForSelector('[data-testid="regression-nps-fit"]', { timeout: 30000 });
  const scores = cliScores(SAMPLE);
  const reg = scores.waves.at(-1).portfolio.drivers_regression;
  for (const [id, fit] of Object.entries(reg)) {
    assert.equal(Number(await page.getAttribute(`[data-testid="regression-${id}-fit"]`, 'data-n')), fit.n);
    assert.ok(close(Number(await page.getAttribute(`[data-testid="regression-${id}-fit"]`, 'data-r2')), fit.r2, 1e-9));
    for (const [dim, c] of Object.entries(fit.coefficients)) {
      if (dim === 'intercept') continue;
      assert.ok(close(await value(page, `[data-testid="regression-${id}-${dim}"]`), c.estimate, 1e-9), `${id} ${dim}`);
    }
    assert.equal(await page.locator(`[data-testid="regression-${id}-collinear"]`).count(), fit.collinear ? 1 : 0);
  }
  // What if trust rose by 0.8 for the whole portfolio: each NPS answer a moves to a + m, or a +
  // m + 1 with probability f (m = ⌊s⌋, f = s − m, s = coefficient × 0.8); promoters are 9–10
  // and detractors 0–6. Reckoned here from the file's answers and the CLI's coefficient.
  await page.selectOption('[data-testid="whatif-dimension"]', 'trust');
  await page.fill('[data-testid="whatif-delta"]', '0.8');
  await page.press('[data-testid="whatif-delta"]', 'Enter');
  await page.locator('[data-testid="whatif-delta"]').blur();
  const data = JSON.parse(fs.readFileSync(SAMPLE, 'utf8'));
  const wave = data.waves.at(-1).id;
  const answers = data.responses.filter((r) => r.wave === wave && Number.isInteger(r.nps)).map((r) => r.nps);
  const shares = (s) => {
    const m = Math.floor(s); const f = s - m;
    let pro = 0; let det = 0;
    for (const a of answers) {
      const moved = a + m;
      pro += moved >= 9 ? 1 : moved === 8 ? f : 0;
      det += moved <= 5 ? 1 : moved === 6 ? 1 - f : 0;
    }
    return { promoters: 100 * pro / answers.length, nps: 100 * (pro - det) / answers.length };
  };
  const c = reg.nps.coefficients.trust;
  const result = '[data-testid="whatif-result"]';
  await page.waitForFunction((s) => document.querySelector(s)?.dataset.answer && Math.abs(Number(document.querySelector(s).dataset.answer) - 0) > 0, result);
  const attr = async (a) => Number(await page.getAttribute(result, `data-${a}`));
  assert.equal(await attr('n'), answers.length);
  assert.ok(close(await attr('answer'), c.estimate * 0.8, 1e-9));
  assert.ok(close(await attr('nps'), shares(c.estimate * 0.8).nps, 1e-9));
  assert.ok(close(await attr('nps-low'), shares(c.ci_low * 0.8).nps, 1e-9));
  assert.ok(close(await attr('nps-high'), shares(c.ci_high * 0.8).nps, 1e-9));
  assert.ok(close(await attr('promoters'), shares(c.estimate * 0.8).promoters, 1e-9));
  assert.deepEqual(page.errors, []);
});

test('a file opened from disk is read again by the module, and a bad file leaves the evidence as it was', async () => {
  // The sample with its first five accounts' revenue doubled: revenue at risk must follow.
  const data = JSON.parse(fs.readFileSync(SAMPLE, 'utf8'));
  for (const a of data.accounts.slice(0, 5)) if (a.revenue) a.revenue *= 2;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-evidence-'));
  const file = path.join(dir, 'doubled.json');
  fs.writeFileSync(file, JSON.stringify(data));
  const page = await open(ctx);
  await evidence(page);
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForSelector('[data-testid="data-source"]:has-text("doubled.json")');
  const expected = cliScores(file).waves.at(-1).portfolio.revenue.at_risk;
  await page.waitForFunction(
    (v) => Math.abs(Number(document.querySelector('[data-testid="revenue-at-risk-detail"]')?.dataset.value) - v) < 1e-6,
    expected, { timeout: 30000 });
  const bad = path.join(dir, 'bad.json');
  fs.writeFileSync(bad, '{"format": "rapport/1", "waves": [');
  await page.setInputFiles('[data-testid="file-input"]', bad);
  await page.waitForSelector('[data-testid="load-error"]');
  assert.ok(close(await value(page, '[data-testid="revenue-at-risk-detail"]'), expected, 1e-6));
  assert.deepEqual(page.errors, []);
});

/** The done actions the "whether plans work" panel counts for `dimension`. */
const counted = (page, dimension) => page.locator(`[data-testid="plan-effect-${dimension}"] details li`).count();

/** A plans file of the sample with one more done action: on value for money, a wave before
 * the last (so that the next wave judges it). */
async function oneMoreDone(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-plans"]')]);
  const plans = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  plans.actions.push({
    id: 'ACT-EVIDENCE', account: 'A006', wave: '2025', dimension: 'value_for_money', title: 'Price review done',
    status: 'done', due: '2025-05-01', agreed_with_client: false,
  });
  const file = path.join(os.tmpdir(), 'rapport-plans-one-more-done.json');
  fs.writeFileSync(file, JSON.stringify(plans));
  return file;
}

/** The account view of a fresh browser, counting the plans files the page writes as JSON
 * for a module (`window.__plansJson`). */
async function accountCountingJson(ctx) {
  const page = await newPage(ctx.browser);
  await page.addInitScript(() => {
    const stringify = JSON.stringify;
    window.__plansJson = 0;
    JSON.stringify = function (...args) {
      const out = stringify.apply(this, args);
      if (typeof out === 'string' && out.startsWith('{"format":"rapport-plans/1"')) window.__plansJson += 1;
      return out;
    };
  });
  await page.goto(`${ctx.srv.url}?view=account&account=A006`);
  await page.waitForSelector('[data-testid="import-plans"]', { state: 'attached', timeout: 30000 });
  return page;
}

/** Imports one more done action on the account view, goes back to the overview in the app
 * (no reload) and waits for its panel to count it: the count before, and how many plans
 * files the page wrote as JSON meanwhile for the panels. */
async function countedAfterImport(page, baseline) {
  const before = await counted(baseline, 'value_for_money');
  const file = await oneMoreDone(page);
  await page.setInputFiles('[data-testid="import-plans"]', file);
  await page.waitForSelector('[data-testid="import-message"]');
  assert.match(await page.textContent('[data-testid="import-message"]'), /1 new/);
  await page.evaluate(() => { window.__plansJson = 0; });
  await page.click('[data-testid="nav-overview"]');
  await evidence(page);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="plan-effect-value_for_money"] details li').length === n + 1, before);
  return { before, written: await page.evaluate(() => window.__plansJson) };
}

test('the panels count the plans on screen: saved ones (read by the module), and ones that could not be saved (given by the page)', async () => {
  const baseline = await open(ctx);
  await evidence(baseline);
  await baseline.waitForSelector('[data-testid="plan-effect-value_for_money"]');
  // Saved: the module reads what the page saved (the page writes no JSON for it), also
  // after a reload.
  const page = await accountCountingJson(ctx);
  const { before, written } = await countedAfterImport(page, baseline);
  assert.equal(written, 0, 'the page wrote the saved plans as JSON');
  assert.ok(await page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('rapport:plans:'))));
  await page.reload();
  await evidence(page);
  await page.waitForSelector('[data-testid="plan-effect-value_for_money"]');
  assert.equal(await counted(page, 'value_for_money'), before + 1);
  assert.deepEqual(page.errors, []);
  // Not saved (the browser's storage is full): the page gives the module its plans.
  const full = await accountCountingJson(ctx);
  await full.evaluate(() => {
    Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
  });
  const unsaved = await countedAfterImport(full, baseline);
  assert.ok(unsaved.written > 0, 'the page gave the unsaved plans as JSON');
  assert.match(await full.textContent('[data-testid="storage-error"]'), /storage is full/i);
  for (const p of [baseline, page, full]) await p.context().close();
});
