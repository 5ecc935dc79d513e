// The executive overview: headline numbers equal the CLI's, types, movement, table, navigation.
import fs from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, open, cliScores, dataValue, close } from './helpers.mjs';

const ctx = useApp();

test('opens on the sample, says so, and shows the CLI headline numbers', async () => {
  const page = await open(ctx);
  assert.match(await page.textContent('[data-testid="data-source"]'), /Sample data/);
  const latest = cliScores('public/data/sample.json').waves.at(-1).portfolio;
  assert.ok(close(await dataValue(page, 'headline-crq'), latest.crq.mean, 1e-12));
  assert.ok(close(await dataValue(page, 'headline-nps'), latest.nps.score, 1e-12));
  assert.ok(close(await dataValue(page, 'headline-response-rate'), latest.response_rate, 1e-12));
  assert.equal(await page.textContent('[data-testid="headline-crq"]'), latest.crq.mean.toFixed(2));
  assert.deepEqual(page.errors, []);
});

test('relationship types match the CLI and the movement matrix adds up', async () => {
  const page = await open(ctx);
  const scores = cliScores('public/data/sample.json');
  const accounts = scores.waves.at(-1).accounts;
  for (const type of ['ambassador', 'rational', 'ambivalent', 'stalker', 'opponent']) {
    const expected = accounts.filter((a) => a.type === type).length;
    assert.equal(Number(await page.getAttribute(`[data-testid="type-count-${type}"]`, 'data-value')), expected, type);
  }
  const cells = await page.$$eval('[data-testid="type-movement"] td', (tds) => tds.map((t) => Number(t.textContent)));
  const prevTypes = new Map(scores.waves.at(-2).accounts.map((a) => [a.account, a.type]));
  const both = accounts.filter((a) => a.type && prevTypes.get(a.account)).length;
  assert.equal(cells.reduce((s, c) => s + c, 0), both);
});

test('the accounts table sorts, keeps the sort in the URL, and rows open the account', async () => {
  const page = await open(ctx);
  await page.click('[data-testid="sort-crq"]');
  await page.waitForURL(/sort=crq/);
  const asc = await page.$$eval('[data-testid="account-row"] td:nth-child(3)', (tds) => tds.map((t) => Number(t.dataset.value)));
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
  await page.click('[data-testid="sort-crq"]');
  await page.waitForURL(/sort=-crq/);
  const desc = await page.$$eval('[data-testid="account-row"] td:nth-child(3)', (tds) => tds.map((t) => Number(t.dataset.value)));
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
  const first = await page.getAttribute('[data-testid="account-row"]', 'data-account');
  await page.click('[data-testid="account-row"] >> nth=0');
  await page.waitForSelector('[data-testid="account-view"]');
  assert.match(page.url(), new RegExp(`account=${first}`));
  await page.click('[data-testid="back"]');
  await page.waitForSelector('[data-testid="accounts-table"]');
  assert.match(page.url(), /sort=-crq/);
});

test('small samples are greyed and labelled', async () => {
  const page = await open(ctx);
  const small = await page.$$('[data-testid="account-row"].row-small');
  assert.ok(small.length > 0, 'the sample has accounts with fewer than five respondents');
  assert.match(await small[0].textContent(), /n=\d/);
});

test('filters change the numbers, live in the URL, and an empty scope says so', async () => {
  const page = await open(ctx);
  const all = await dataValue(page, 'headline-crq');
  await page.selectOption('[data-testid="filter-segment"]', 'Energy');
  await page.waitForURL(/segment=Energy/);
  const energy = await dataValue(page, 'headline-crq');
  assert.notEqual(energy, all);
  const scores = cliScores('public/data/sample.json');
  const mine = scores.waves.at(-1).accounts.filter((a) => a.crq.mean !== null);
  // Account mode: the segment's CRQ is the mean of its accounts' CRQ.
  const sample = JSON.parse((await import('node:fs')).readFileSync('public/data/sample.json', 'utf8'));
  const energyIds = new Set(sample.accounts.filter((a) => a.segment === 'Energy').map((a) => a.id));
  const vals = mine.filter((a) => energyIds.has(a.account)).map((a) => a.crq.mean);
  assert.ok(close(energy, vals.reduce((s, v) => s + v, 0) / vals.length));
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes('segment'));
  assert.equal(await dataValue(page, 'headline-crq'), all);
});

test('the accounts that fell most are the five largest CRQ falls of the CLI, largest first', async () => {
  const page = await open(ctx);
  const scores = cliScores('public/data/sample.json');
  const sample = JSON.parse((await import('node:fs')).readFileSync('public/data/sample.json', 'utf8'));
  const name = new Map(sample.accounts.map((a) => [a.id, a.name]));
  const before = new Map(scores.waves.at(-2).accounts.map((a) => [a.account, a.crq.mean]));
  const falls = scores.waves.at(-1).accounts
    .filter((a) => a.crq.mean !== null && before.get(a.account) != null)
    .map((a) => ({ account: a.account, d: a.crq.mean - before.get(a.account) }))
    .filter((f) => f.d < 0);
  // Stable: equal falls keep the accounts' order.
  falls.sort((x, y) => x.d - y.d);
  const expected = falls.slice(0, 5).map((f) => name.get(f.account));
  await page.waitForSelector('[data-testid="fallers"] li');
  const shown = await page.$$eval('[data-testid="fallers"] li button', (bs) => bs.map((b) => b.textContent));
  assert.equal(expected.length, 5, 'the sample has at least five falling accounts');
  assert.deepEqual(shown, expected);
});

test('the accounts that rose most and the revenue at risk follow the filters, as the CLI scores that scope', async () => {
  const sample = JSON.parse(fs.readFileSync('public/data/sample.json', 'utf8'));
  const name = new Map(sample.accounts.map((a) => [a.id, a.name]));
  const revenue = new Map(sample.accounts.map((a) => [a.id, a.revenue]));
  // Worked out here from the CLI's account rows of the same scope (types, CRQ means) and the
  // file's revenues, not from its summaries.
  const atRisk = (wave) => wave.accounts
    .filter((a) => a.type === 'opponent' || a.type === 'stalker')
    .reduce((s, a) => s + (revenue.get(a.account) ?? 0), 0);
  for (const [query, filters] of [['', []], ['?segment=Energy', ['--segment', 'Energy']], ['?role=decision_maker', ['--role', 'decision_maker']]]) {
    const scores = cliScores('public/data/sample.json', filters);
    const [before, now] = scores.waves.slice(-2);
    const crq = new Map(before.accounts.map((a) => [a.account, a.crq.mean]));
    const rises = now.accounts
      .filter((a) => a.crq.mean !== null && crq.get(a.account) != null)
      .map((a) => ({ account: a.account, d: a.crq.mean - crq.get(a.account) }))
      .filter((r) => r.d > 0);
    rises.sort((x, y) => y.d - x.d); // stable: equal rises keep the accounts' order
    const page = await open(ctx, query);
    await page.waitForSelector('[data-testid="risers"] li');
    const shown = await page.$$eval('[data-testid="risers"] li button', (bs) => bs.map((b) => b.textContent));
    assert.ok(rises.length >= 5, `${query}: at least five rising accounts`);
    assert.deepEqual(shown, rises.slice(0, 5).map((r) => name.get(r.account)), query);
    assert.ok(close(await dataValue(page, 'revenue-at-risk'), atRisk(now), 1e-6), query);
    assert.ok(atRisk(now) > 0, `${query}: some revenue is at risk`);
    assert.ok(close(await dataValue(page, 'revenue-at-risk-change'), atRisk(now) - atRisk(before), 1e-6), query);
    await page.close();
  }
});

test('accounts without revenue sort last under a revenue sort, either way', async () => {
  const doc = JSON.parse(fs.readFileSync('public/data/sample.json', 'utf8'));
  const unknown = new Set(doc.accounts.slice(0, 3).map((a) => a.name));
  for (const a of doc.accounts.slice(0, 3)) delete a.revenue;
  const page = await open(ctx);
  await page.setInputFiles('[data-testid="file-input"]', { name: 'no-revenue.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await page.waitForSelector('[data-testid="data-source"]:has-text("no-revenue.json")');
  const th = 'th:has([data-testid="sort-revenue"])';
  const seen = [];
  for (let i = 0; i < 2; i++) {
    const was = await page.getAttribute(th, 'aria-sort');
    await page.click('[data-testid="sort-revenue"]');
    await page.waitForFunction(([sel, w]) => document.querySelector(sel).getAttribute('aria-sort') !== w, [th, was]);
    const order = await page.getAttribute(th, 'aria-sort');
    seen.push(order);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="account-row"]').length === n, doc.accounts.length);
    const names = await page.$$eval('[data-testid="account-row"] td:first-child a', (as) => as.map((a) => a.textContent));
    assert.deepEqual(new Set(names.slice(-3)), unknown, order);
  }
  assert.deepEqual(seen.sort(), ['ascending', 'descending']);
});

test('a printed view names its scope: the wave and filters as words under the title', async () => {
  const page = await open(ctx, '?segment=Energy');
  await page.waitForSelector('[data-testid="headline-crq"]');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.flts'), true);
  assert.equal(await page.isVisible('[data-testid="copy-link"]'), false);
  const scope = await page.evaluate(() => [...document.querySelectorAll('.flts .flt:has(select)')].map((f) => {
    const s = f.querySelector('select');
    return [f.querySelector('span').textContent, s.selectedOptions[0].textContent.trim(), getComputedStyle(s).borderTopWidth, getComputedStyle(s).appearance];
  }));
  assert.deepEqual(scope.map((s) => s.slice(0, 2)), [['Wave', 'FY2026'], ['Segment', 'Energy'], ['Owner', 'All owners'], ['Respondent role', 'All roles']]);
  assert.ok(scope.every((s) => s[2] === '0px' && s[3] === 'none'), 'printed as words, not as boxes');
  assert.equal(await page.isVisible('[data-testid="account-find"]'), false);
});

test('revenue is shown in the data\'s currency, and numbers and dates follow the browser\'s locale', async () => {
  const latest = cliScores('public/data/sample.json').waves.at(-1).portfolio;
  const cases = [
    // Chromium's own locale data writes these; the patterns are the conventions of each locale.
    { locale: 'en-US', crq: latest.crq.mean.toFixed(2), money: /^€\d+(\.\d)?[KM]$/, closed: /closed Mar 31, 2026/, trend: 'Mar 2026' },
    { locale: 'de-DE', crq: latest.crq.mean.toFixed(2).replace('.', ','), money: /^\d+(,\d)?\s(Mio\.|Tsd\.)\s€$/, closed: /closed 31\. März 2026/, trend: 'März 2026' },
  ];
  for (const c of cases) {
    const context = await ctx.browser.newContext({ locale: c.locale, viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(ctx.srv.url);
    await page.waitForSelector('[data-testid="headline-crq"]');
    assert.equal(await page.textContent('[data-testid="headline-crq"]'), c.crq, c.locale);
    assert.match(await page.textContent('main h2'), c.closed, c.locale);
    const weak = (await page.$eval('[data-testid="weak-revenue"]', (p) => p.firstChild.textContent)).trim();
    assert.match(weak, c.money, `${c.locale}: ${weak}`);
    // Every revenue in the accounts table is in euros too.
    const cells = await page.$$eval('[data-testid="account-row"] td:nth-child(6)', (t) => t.map((x) => x.textContent));
    assert.ok(cells.length > 0 && cells.every((t) => t.includes('€')), `${c.locale}: ${cells.slice(0, 3)}`);
    await page.goto(`${ctx.srv.url}?view=trends`);
    await page.waitForSelector('[data-testid="trend-chart"] .tr-date');
    assert.equal(await page.textContent('[data-testid="trend-chart"] .tr-date >> nth=-1'), c.trend);
    await context.close();
  }
});

test('an account is found by typing its name or id in the filter bar; a name it does not know is said', async () => {
  const page = await open(ctx);
  const d = JSON.parse(fs.readFileSync('public/data/sample.json', 'utf8'));
  // The browser's list is made once the field is first used (not in each new data set's
  // first render), then offers every account as "name (id)".
  assert.equal(await page.locator('#account-names option').count(), 0);
  await page.focus('[data-testid="account-find"]');
  await page.waitForFunction((n) => document.querySelectorAll('#account-names option').length === n, d.accounts.length);
  const offered = await page.$$eval('#account-names option', (o) => o.map((x) => x.value));
  assert.deepEqual(offered, d.accounts.map((a) => `${a.name} (${a.id})`));
  const a = d.accounts[7];
  await page.fill('[data-testid="account-find"]', `${a.name} (${a.id})`);
  await page.press('[data-testid="account-find"]', 'Enter');
  await page.waitForURL(new RegExp(`account=${a.id}`));
  assert.equal(await page.textContent('[data-testid="account-name"]'), a.name);
  assert.equal(await page.inputValue('[data-testid="account-find"]'), '');
  // An id alone, or the name in other capitals, finds it too.
  const b = d.accounts[3];
  for (const typed of [b.id, b.name.toUpperCase()]) {
    await page.fill('[data-testid="account-find"]', typed);
    await page.press('[data-testid="account-find"]', 'Enter');
    await page.waitForURL(new RegExp(`account=${b.id}`));
    await page.goBack();
    await page.waitForURL(new RegExp(`account=${a.id}`));
  }
  await page.fill('[data-testid="account-find"]', 'Nobody Ltd');
  await page.press('[data-testid="account-find"]', 'Enter');
  assert.match(await page.textContent('[data-testid="account-find-none"]'), /No account “Nobody Ltd”/);
  assert.equal(await page.getAttribute('[data-testid="account-find"]', 'aria-invalid'), 'true');
  assert.match(page.url(), new RegExp(`account=${a.id}`));
});

test('the compare picker of 60 accounts has a filter box; picked accounts stay in view', async () => {
  const page = await open(ctx, '?view=trends&compare=account');
  await page.waitForSelector('[data-testid="series-find"]');
  const visible = () => page.$$eval('[data-testid="series-picker"] label.pick', (l) => l.filter((x) => !x.hidden).map((x) => [x.textContent.trim(), x.querySelector('input').checked]));
  const all = await visible();
  assert.equal(all.length, 60);
  await page.fill('[data-testid="series-find"]', 'ENERGY');
  const shown = await visible();
  assert.ok(shown.length < 60 && shown.length > 0);
  assert.ok(shown.every(([name, on]) => on || /energy/i.test(name)), JSON.stringify(shown));
  assert.deepEqual(shown.filter(([name]) => /energy/i.test(name)).length, all.filter(([name]) => /energy/i.test(name)).length);
  assert.ok(shown.filter(([, on]) => on).length === all.filter(([, on]) => on).length);
});

test('the board pack: overview, diagram and trends of the scope, each part on pages of its own under the data set, wave and filters', async () => {
  const page = await open(ctx, '?segment=Energy');
  await page.click('[data-testid="board-link"]');
  await page.waitForURL(/view=board/);
  assert.match(page.url(), /segment=Energy/);
  await page.waitForSelector('[data-testid="board-pack"] [data-testid="trend-chart"]');
  const parts = await page.$$eval('[data-testid="bp-scope"]', (s) => s.map((x) => x.textContent));
  assert.deepEqual(parts, ['Overview', 'CRQ diagram', 'Trends']);
  // Every printed page names the data set, wave and filters at its foot: print.css's @page
  // margin box shows `--scope`, which follows the filters.
  const scope = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--scope'));
  assert.equal(await scope(), '"Key accounts 2023–2026 · FY2026 (closed Mar 31, 2026) · segment Energy · all owners · all roles"');
  await page.selectOption('[data-testid="filter-role"]', 'decision_maker');
  await page.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--scope').includes('Decision maker'));
  assert.match(await scope(), /segment Energy · all owners · Decision maker respondents"$/);
  // The movers, plan status, diagram and trends are there; the accounts table is not.
  for (const id of ['headline-crq', 'weak-revenue', 'dim-trust', 'trend-chart']) {
    assert.ok(await page.isVisible(`[data-testid="board-pack"] [data-testid="${id}"] >> nth=0`), id);
  }
  assert.ok(await page.isVisible('.board .ov-plans'));
  assert.equal(await page.isVisible('[data-testid="accounts-table"]'), false);
  // The overview's money and evidence (revenue by type and band, coverage, plan effects)
  // are part of it, once the evidence module has them.
  await page.waitForSelector('[data-testid="board-pack"] [data-testid="revenue-at-risk-detail"]', { timeout: 30000 });
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 4);
  // Each part starts a page: its scope line is at the top of it.
  const tops = await page.$$eval('[data-testid="bp-scope"]', (s) => s.map((x) => getComputedStyle(x.parentElement).breakBefore));
  assert.deepEqual(tops, ['auto', 'page', 'page']);
  assert.equal(await page.isVisible('[data-testid="bp-print"]'), false);
});
