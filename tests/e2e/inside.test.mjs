// The inside view (issue 16) in the built app, against the CLI's contract on the sample: the
// perception gap view (counts, blind spots, each owner's calibration wave by wave, the
// quadrant chart), under no filter and a segment; an account's own gaps in its view and its
// level diagram's markers; the
// obstacles survey's shares and changes, and a department's shares worked out here from the
// file; and the keyboard.
import fs from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, open, cliScores, close } from './helpers.mjs';

const ctx = useApp();
const SAMPLE = 'public/data/sample.json';
const sample = JSON.parse(fs.readFileSync(SAMPLE, 'utf8'));

test('the perception gap view counts, lists and calibrates as the CLI does, under no filter and a segment', async () => {
  for (const [query, filters] of [['', []], ['&segment=Energy', ['--segment', 'Energy']]]) {
    const page = await open(ctx, `?view=inside${query}`);
    await page.waitForSelector('[data-testid="perception-summary"]', { timeout: 30000 });
    const scores = cliScores(SAMPLE, filters);
    const perception = scores.waves.at(-1).perception;
    const summary = page.locator('[data-testid="perception-summary"]');
    assert.equal(Number(await summary.getAttribute('data-accounts')), perception.accounts.length);
    assert.equal(Number(await summary.getAttribute('data-blind')), perception.blind_spots);
    assert.equal(Number(await summary.getAttribute('data-undervalued')), perception.undervalued_strengths);
    if (!query) assert.ok(perception.blind_spots > 0, 'the sample has blind spots in its last wave');
    // Every blind spot, as the CLI finds them.
    const shown = await page.$$eval('[data-testid="blind-spot"]', (lis) => lis.map((l) => `${l.dataset.account}/${l.dataset.dimension}`).sort());
    const expected = perception.accounts.flatMap((a) => a.gaps.filter((g) => g.kind === 'blind_spot').map((g) => `${a.account}/${g.dimension}`)).sort();
    assert.deepEqual(shown, expected);
    // Each owner's calibration in each wave (blank where their team predicted nothing).
    const rows = await page.$$eval('[data-testid="calibration-row"]', (trs) => trs.map((t) => [t.dataset.owner, [...t.querySelectorAll('td[data-value]')].map((td) => td.dataset.value)]));
    for (const [owner, cells] of rows) {
      scores.waves.forEach((w, i) => {
        const c = w.perception.owners.find((o) => o.owner === owner);
        if (c) assert.ok(close(Number(cells[i]), c.mean_abs_gap, 1e-9), `${owner} in ${w.wave}`);
        else assert.equal(cells[i], '', `${owner} in ${w.wave}`);
      });
    }
    // Every owner whose team predicted in any wave so far, by name.
    const owners = [...new Set(scores.waves.flatMap((w) => w.perception.owners.map((o) => o.owner)))].sort();
    assert.deepEqual(rows.map((r) => r[0]), owners);
    assert.deepEqual(page.errors, [], query);
    await page.close();
  }
});

test('the quadrant chart draws one point per account predicted on the chosen dimension, by keyboard too', async () => {
  const page = await open(ctx, '?view=inside');
  await page.waitForSelector('[data-testid="quadrant"]', { timeout: 30000 });
  const perception = cliScores(SAMPLE).waves.at(-1).perception;
  const on = (dim) => perception.accounts.filter((a) => a.gaps.some((g) => g.dimension === dim));
  // A dimension other than the one shown first (the one with the most blind spots).
  const dim = (await page.inputValue('[data-testid="gap-dimension"]')) === 'trust' ? 'commitment' : 'trust';
  await page.focus('[data-testid="gap-dimension"]');
  await page.selectOption('[data-testid="gap-dimension"]', dim);
  await page.waitForSelector(`[data-testid="quadrant"][data-dimension="${dim}"]`);
  assert.equal(await page.locator('[data-testid="quad-pt"]').count(), on(dim).length);
  // The panel is drawn again; the focus stays on the select, and Tab goes on to the points.
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'gap-dimension');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'quad-pt');
  // The chart is one Tab stop; the arrow keys go from point to point.
  assert.equal(await page.locator('[data-testid="quad-pt"][tabindex="0"]').count(), 1);
  const first = await page.evaluate(() => document.activeElement.dataset.account);
  await page.keyboard.press('ArrowRight');
  const second = await page.evaluate(() => document.activeElement.dataset.account);
  assert.notEqual(second, first);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('tabindex')), '0');
  await page.keyboard.press('Home');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.account), first);
  const kinds = await page.$$eval('[data-testid="quad-pt"]', (gs) => gs.map((g) => `${g.dataset.account}:${g.dataset.kind}`).sort());
  assert.deepEqual(kinds, on(dim).map((a) => `${a.account}:${a.gaps.find((g) => g.dimension === dim).kind ?? ''}`).sort());
  // Each point is a Tab stop that says what it is.
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /client .* against the team's/);
  assert.deepEqual(page.errors, []);
});

test('the account\'s level diagram marks the team\'s prediction on each block predicted, for the wave on screen', async () => {
  const waves = cliScores(SAMPLE).waves;
  const marks = (page) => page.$$eval('[data-testid="team-mark"]', (ts) => ts.map((t) => [t.closest('.blk').dataset.testid.slice(4), Number(t.dataset.value)]));
  const check = (got, account) => {
    assert.deepEqual(got.map(([d]) => d).sort(), account.gaps.map((g) => g.dimension).sort());
    for (const [dim, v] of got) assert.ok(close(v, account.gaps.find((g) => g.dimension === dim).team, 1e-9), dim);
  };
  const last = waves.at(-1).perception.accounts[0];
  const page = await open(ctx, `?view=account&account=${last.account}`);
  await page.waitForSelector('[data-testid="team-mark"]', { timeout: 30000 });
  check(await marks(page), last);
  // The block's description (read out, and its tooltip) says it too.
  const dim = last.gaps[0].dimension;
  assert.match(await page.textContent(`#dg-desc-${dim}`), /Team's prediction: \d/);
  // An earlier wave the team predicted shows that wave's predictions, and one it did not, none.
  const earlier = (want) => waves.slice(0, -1).map((wv, i) => [i, wv.perception.accounts.find((a) => a.account === last.account)])
    .filter(([, a]) => Boolean(a) === want).at(-1);
  const [w, before] = earlier(true);
  await page.selectOption('[data-testid="filter-wave"]', sample.waves[w].id);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="team-mark"]').length === n && !document.querySelector('[data-testid="account-gaps-none"]'), before.gaps.length);
  check(await marks(page), before);
  const [none] = earlier(false);
  await page.selectOption('[data-testid="filter-wave"]', sample.waves[none].id);
  await page.waitForSelector('[data-testid="account-gaps-none"]');
  assert.equal((await marks(page)).length, 0);
  // A click on a block keeps the focus on it (the markers do not redraw the diagram).
  await page.selectOption('[data-testid="filter-wave"]', sample.waves[w].id);
  await page.waitForSelector('[data-testid="team-mark"]');
  await page.focus(`[data-testid="dim-${dim}"]`);
  await page.keyboard.press('Enter');
  await page.waitForURL(/block=/);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), `dim-${dim}`);
  assert.ok((await marks(page)).length > 0);
  // An account its team did not predict has no marker.
  const unpredicted = waves.at(-1).accounts.map((a) => a.account).find((id) => !waves.at(-1).perception.accounts.some((a) => a.account === id));
  assert.ok(unpredicted);
  const other = await open(ctx, `?view=account&account=${unpredicted}`);
  await other.waitForSelector('[data-testid="account-gaps-none"]', { timeout: 30000 });
  assert.equal((await marks(other)).length, 0);
  assert.deepEqual(other.errors, []);
  assert.deepEqual(page.errors, []);
});

test('an account\'s view sets the client\'s scores beside the team\'s prediction and flags its blind spots', async () => {
  const perception = cliScores(SAMPLE).waves.at(-1).perception;
  const account = perception.accounts.find((a) => a.gaps.some((g) => g.kind === 'blind_spot'));
  assert.ok(account);
  const page = await open(ctx, `?view=account&account=${account.account}`);
  await page.waitForSelector('[data-testid="account-gaps"]', { timeout: 30000 });
  const rows = await page.$$eval('[data-testid="account-gap"]', (trs) => trs.map((t) => [t.dataset.dimension, t.dataset.kind ?? '', Number(t.dataset.gap)]));
  const expected = account.gaps.map((g) => [g.dimension, g.kind ?? '', g.gap]);
  if (account.nps) expected.push(['nps', '', account.nps.gap]);
  assert.equal(rows.length, expected.length);
  for (const [i, [dim, kind, gap]] of expected.entries()) {
    assert.equal(rows[i][0], dim);
    assert.equal(rows[i][1], kind);
    assert.ok(close(rows[i][2], gap, 1e-9), dim);
  }
  assert.equal(Number(await page.getAttribute('[data-testid="account-blind"]', 'data-value')), account.gaps.filter((g) => g.kind === 'blind_spot').length);
  // The mirror draws a row per dimension predicted and rated, blind spots marked.
  assert.deepEqual(await page.$$eval('[data-testid="mirror-row"]', (gs) => gs.map((g) => g.dataset.dimension)), account.gaps.map((g) => g.dimension));
  assert.deepEqual(
    await page.$$eval('[data-testid="mirror-row"].blind_spot', (gs) => gs.map((g) => g.dataset.dimension)),
    account.gaps.filter((g) => g.kind === 'blind_spot').map((g) => g.dimension),
  );
  assert.deepEqual(page.errors, []);
});

test('bad predictions and internal answers are located in the load report, and the rest is used', async () => {
  const d = structuredClone(sample);
  d.predictions.push({ wave: d.waves.at(-1).id, account: 'NOPE', respondent: 'X', role: 'sales', ratings: { trust: 5 } });
  d.predictions.push({ wave: d.waves.at(-1).id, account: 'A001', respondent: 'Y', role: 'sales', ratings: { trust: 12 } });
  d.internal.push({ wave: d.waves.at(-1).id, respondent: 'Z', answers: { no_such: 3 } });
  // And a statement of its own, answered once: the view shows it, so the file was read again.
  d.statements.push({ id: 'extra', text: 'An extra statement of this file.' });
  d.internal.push({ wave: d.waves.at(-1).id, respondent: 'W', answers: { extra: 5 } });
  const page = await open(ctx, '?view=inside');
  await page.setInputFiles('[data-testid="file-input"]', { name: 'inside.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(d)) });
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('inside.json'));
  if (!(await page.$('[data-testid="load-report"]'))) await page.click('[data-testid="report-toggle"]');
  const report = await page.textContent('[data-testid="load-report"]');
  const n = sample.predictions.length;
  assert.match(report, new RegExp(`/predictions/${n}/account`));
  assert.match(report, new RegExp(`/predictions/${n + 1}/ratings/trust`));
  assert.match(report, new RegExp(`/internal/${sample.internal.length}/answers/no_such`));
  // The view shows this file (its own statement) and still the good records: the same counts
  // as the sample's.
  await page.waitForSelector('[data-testid="obstacle"][data-statement="extra"][data-n="1"]', { timeout: 30000 });
  const perception = cliScores(SAMPLE).waves.at(-1).perception;
  assert.equal(await page.getAttribute('[data-testid="perception-summary"]', 'data-blind'), String(perception.blind_spots));
  assert.deepEqual(page.errors, []);
});

test('the obstacles survey shows each statement\'s shares and change as the CLI, and a department\'s as the file says', async () => {
  const page = await open(ctx, '?view=inside');
  await page.waitForSelector('[data-testid="obstacles"]', { timeout: 30000 });
  const last = cliScores(SAMPLE).waves.at(-1);
  const shown = await page.$$eval('[data-testid="obstacle"]', (lis) => lis.map((l) => ({ id: l.dataset.statement, n: Number(l.dataset.n), agree: Number(l.dataset.agree), delta: l.dataset.delta })));
  assert.equal(shown.length, last.obstacles.length);
  for (const s of shown) {
    const o = last.obstacles.find((x) => x.statement === s.id);
    assert.equal(s.n, o.n);
    assert.ok(close(s.agree, o.agree, 1e-9));
    assert.ok(close(Number(s.delta), o.change.delta, 1e-9));
  }
  // Sorted by agreement, most first.
  assert.deepEqual(shown.map((s) => s.agree), [...shown.map((s) => s.agree)].sort((a, b) => b - a));
  // One department: its shares from the file's answers, worked out here.
  await page.selectOption('[data-testid="ob-department"]', 'Sales');
  const wave = sample.waves.at(-1).id;
  const sales = sample.internal.filter((a) => a.wave === wave && a.department === 'Sales');
  const first = sample.statements[0].id;
  const nFirst = sales.filter((a) => a.answers[first] !== undefined).length;
  await page.waitForSelector(`[data-testid="obstacle"][data-statement="${first}"][data-n="${nFirst}"]`);
  const dept = await page.$$eval('[data-testid="obstacle"]', (lis) => lis.map((l) => ({ id: l.dataset.statement, n: Number(l.dataset.n), agree: Number(l.dataset.agree) })));
  for (const s of dept) {
    const answers = sales.map((a) => a.answers[s.id]).filter((x) => x !== undefined);
    assert.equal(s.n, answers.length, s.id);
    assert.ok(close(s.agree, answers.filter((x) => x >= 4).length / answers.length, 1e-12), s.id);
  }
  assert.deepEqual(page.errors, []);
});
