// Targets set in the app (the Model view): changed in place, saved in the browser beside the
// plans and still there after a reload; the headlines, the trend chart and the overview follow
// them (as the CLI checks the same targets written into a data file), another tab too; the
// data file exported with the plans carries them; a saved list that cannot be used is said
// so, each bad target located, and mended; keyboard focus stays where the user works.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, open, cliScores } from './helpers.mjs';

const ctx = useApp();
const SAMPLE = 'public/data/sample.json';
const WORDS = { above: 'above target', below: 'below target', level: 'not distinguishable from target' };
const sample = JSON.parse(fs.readFileSync(SAMPLE, 'utf8'));

/** The sample with `targets` as its model.targets, written to a temporary file. */
function withTargets(targets) {
  const d = structuredClone(sample);
  d.model.targets = targets;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-targets-')), 'edited.json');
  fs.writeFileSync(file, JSON.stringify(d));
  return file;
}

async function editor(page) {
  await page.waitForSelector('[data-testid="targets-editor"]', { timeout: 30000 });
  return page.locator('[data-testid="targets-editor"]');
}

const crqDetail = (page) => page.textContent('.kpi:has([data-testid="headline-crq"]) .kpi-detail');

test('a target changed in the Model view is saved, judged as the CLI judges it, drawn, and exported', async () => {
  const page = await open(ctx, '?view=settings');
  const ed = await editor(page);
  assert.equal(await ed.getAttribute('data-origin'), 'file');
  assert.equal(await page.locator('[data-testid="target-row"]').count(), sample.model.targets.length);
  // The portfolio's CRQ target (the sample's first) from 5.5 to 6.3, typed and left.
  assert.equal(await page.inputValue('#target-0-scope'), 'portfolio');
  await page.fill('#target-0-value', '6.3');
  await page.press('#target-0-value', 'Tab');
  await page.waitForSelector('[data-testid="targets-editor"][data-origin="app"]');
  const edited = structuredClone(sample.model.targets);
  edited[0].value = 6.3;
  const cli = cliScores(withTargets(edited)).waves.at(-1).targets.find((t) => t.metric === 'crq' && t.scope.kind === 'portfolio');

  // A reload: still in force (the headline), and the overview's panel checks it as the CLI.
  await page.goto(ctx.srv.url);
  await page.waitForFunction(() => document.querySelector('.kpi:has([data-testid="headline-crq"]) .kpi-detail')?.textContent.includes('target 6.30'));
  assert.ok((await crqDetail(page)).includes(`target 6.30: ${WORDS[cli.verdict]}`));
  await page.waitForSelector('[data-testid="target-0"]', { timeout: 30000 });
  assert.equal(await page.getAttribute('[data-testid="target-0"]', 'data-verdict'), WORDS[cli.verdict]);

  // The trend chart draws it in every wave.
  await page.goto(`${ctx.srv.url}?view=trends`);
  // (The saved targets come once the first screen is drawn: wait for their points.)
  await page.waitForSelector('[data-testid="trend-chart"] .tr-pt[aria-label^="Target"]');
  const labels = await page.locator('[data-testid="trend-chart"]').first().locator('.tr-pt').evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')).filter((l) => l.startsWith('Target')));
  assert.deepEqual(labels, sample.waves.map((w) => `Target, ${w.label}: 6.30`));

  // The data file exported with the plans carries the targets in force; the CLI reads them.
  await page.goto(`${ctx.srv.url}?view=account&account=A001`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-data"]')]);
  const file = await download.path();
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')).model.targets, edited);
  assert.deepEqual(cliScores(file).waves.at(-1).targets, cliScores(withTargets(edited)).waves.at(-1).targets);

  // Exported on their own, as a targets file of this data set.
  await page.goto(`${ctx.srv.url}?view=settings`);
  await editor(page);
  const [own] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="targets-export"]')]);
  const saved = JSON.parse(fs.readFileSync(await own.path(), 'utf8'));
  assert.equal(saved.format, 'rapport-targets/1');
  assert.deepEqual(saved.targets, edited);

  // Back to the data file's: the headline says 5.50 again.
  await page.click('[data-testid="targets-to-file"]');
  await page.waitForSelector('[data-testid="targets-editor"][data-origin="file"]');
  await page.goto(ctx.srv.url);
  await page.waitForFunction(() => document.querySelector('.kpi:has([data-testid="headline-crq"]) .kpi-detail')?.textContent.includes('target 5.50'));
  assert.deepEqual(page.errors, []);
});

test('targets are added, scoped, removed and refused by keyboard, and another tab follows', async () => {
  const page = await open(ctx, '?view=settings');
  await editor(page);
  const other = await page.context().newPage();
  await other.goto(`${ctx.srv.url}?segment=Energy`);
  await other.waitForFunction(() => document.querySelector('.kpi:has([data-testid="headline-crq"]) .kpi-detail')?.textContent.includes('target 5.40'));
  const n = sample.model.targets.length;

  // Added from the keyboard: the new row's metric gets the focus.
  await page.focus('[data-testid="target-add"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.activeElement?.id === `target-${n}-metric`, n);
  assert.equal(await page.locator('[data-testid="target-row"]').count(), n + 1);
  // An NPS target of 55 for segment Energy, in the last wave only.
  // Each control reached by Tab and changed: the row is drawn again, the focus stays put.
  const focused = (id) => page.waitForFunction((id) => document.activeElement?.id === id, id);
  await page.selectOption(`#target-${n}-metric`, 'nps');
  await page.waitForSelector(`[data-testid="target-row"][data-index="${n}"] [data-testid="target-value"][step="1"]`);
  await focused(`target-${n}-metric`);
  await page.keyboard.press('Tab');
  await page.waitForFunction((n) => document.activeElement?.id === `target-${n}-scope`, n);
  await page.selectOption(`#target-${n}-scope`, 'segment:Energy');
  await page.waitForFunction((n) => document.querySelector(`#target-${n}-scope`).value === 'segment:Energy', n);
  await focused(`target-${n}-scope`);
  await page.keyboard.press('Tab');
  await page.waitForFunction((n) => document.activeElement?.id === `target-${n}-wave`, n);
  await page.selectOption(`#target-${n}-wave`, sample.waves.at(-1).id);
  await page.waitForFunction((n) => document.querySelector(`#target-${n}-wave`)?.value !== '' && document.activeElement?.id === `target-${n}-wave`, n);
  await page.fill(`#target-${n}-value`, '55');
  await page.press(`#target-${n}-value`, 'Enter');
  const edited = [...structuredClone(sample.model.targets), { metric: 'nps', value: 55, segment: 'Energy', wave: sample.waves.at(-1).id }];
  const cli = cliScores(withTargets(edited), ['--segment', 'Energy']).waves.at(-1).targets.find((t) => t.metric === 'nps');
  // The other tab (segment Energy) follows without a reload.
  await other.waitForFunction(() => document.querySelector('.kpi:has([data-testid="headline-nps"]) .kpi-detail')?.textContent.includes('target 55'));
  assert.ok((await other.textContent('.kpi:has([data-testid="headline-nps"]) .kpi-detail')).includes(WORDS[cli.verdict]));

  // A value off the scale is refused, said where, and nothing changes.
  await page.fill('#target-0-value', '9');
  await page.press('#target-0-value', 'Enter');
  assert.match(await page.textContent('[data-testid="targets-problem"]'), /Target 1 \(CRQ\) must be a number from 1 to 7, not "9"/);

  // Removed: the focus goes to the row now in its place.
  await page.focus(`[data-testid="target-row"][data-index="${n}"] [data-testid="target-remove"]`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="target-row"]').length === n, n);
  await page.waitForFunction((n) => document.activeElement?.id === `target-${n - 1}-metric`, n);
  await other.waitForFunction(() => !document.querySelector('.kpi:has([data-testid="headline-nps"]) .kpi-detail')?.textContent.includes('target'));
  assert.deepEqual(page.errors, []);
  assert.deepEqual(other.errors ?? [], []);
});

test('saved targets that cannot be used are said so, located, and mended; nothing is lost', async () => {
  const page = await open(ctx, '?view=settings');
  await editor(page);
  // Save once, to learn the key, then put a target off the scale and one of an unknown
  // account in the saved text (as an older version, or a hand edit, might leave it).
  await page.fill('#target-0-value', '5.7');
  await page.press('#target-0-value', 'Enter');
  await page.waitForSelector('[data-testid="targets-editor"][data-origin="app"]');
  const key = await page.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('rapport:targets:')));
  assert.ok(key);
  await page.evaluate((key) => {
    const saved = JSON.parse(localStorage.getItem(key));
    saved.targets[1].value = 400;
    saved.targets[3].account = 'NOPE';
    localStorage.setItem(key, JSON.stringify(saved));
  }, key);
  await page.goto(ctx.srv.url);
  await page.waitForSelector('[data-testid="targets-unreadable"]');
  // The data file's are in force meanwhile; the saved text is kept as it was.
  await page.waitForFunction(() => document.querySelector('.kpi:has([data-testid="headline-crq"]) .kpi-detail')?.textContent.includes('target 5.50'));
  assert.match(await page.textContent('[data-testid="targets-unreadable"]'), /\/targets\/1 is not a target the data file could hold/);
  assert.equal(JSON.parse(await page.evaluate((key) => localStorage.getItem(key), key)).targets[1].value, 400);

  await page.goto(`${ctx.srv.url}?view=settings`);
  await editor(page);
  const pointers = await page.$$eval('[data-testid="targets-saved-problem"]', (lis) => lis.map((l) => l.dataset.pointer));
  assert.deepEqual(pointers, ['/targets/1/value', '/targets/3/account']);
  assert.match(await page.textContent('[data-testid="targets-saved-problems"]'), /No account "NOPE" in the data file/);
  await page.click('[data-testid="targets-keep-readable"]');
  await page.waitForSelector('[data-testid="targets-editor"][data-origin="app"]');
  assert.equal(await page.locator('[data-testid="target-row"]').count(), sample.model.targets.length - 2);
  assert.equal(await page.inputValue('#target-0-value'), '5.7');
  // The overview no longer says they are not used.
  await page.goto(ctx.srv.url);
  await page.waitForSelector('[data-testid="targets"]', { timeout: 30000 });
  assert.equal(await page.locator('[data-testid="targets-unreadable"]').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('a saved target naming an account the file does not have is kept, shown as it is, and listed', async () => {
  const page = await open(ctx, '?view=settings');
  await editor(page);
  await page.fill('#target-0-value', '5.8');
  await page.press('#target-0-value', 'Enter');
  await page.waitForSelector('[data-testid="targets-editor"][data-origin="app"]');
  const key = await page.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('rapport:targets:')));
  await page.evaluate((key) => {
    const saved = JSON.parse(localStorage.getItem(key));
    saved.targets[3].account = 'NOPE';
    localStorage.setItem(key, JSON.stringify(saved));
  }, key);
  await page.reload();
  await page.waitForSelector('[data-testid="targets-editor"][data-origin="app"]', { timeout: 30000 });
  // In force (it is a target the file could hold), its select says what it names.
  assert.equal(await page.inputValue('#target-3-scope'), 'account:NOPE');
  assert.match(await page.locator('#target-3-scope option:checked').textContent(), /NOPE \(not in the data file\)/);
  assert.deepEqual(await page.$$eval('[data-testid="targets-saved-problem"]', (lis) => lis.map((l) => l.dataset.pointer)), ['/targets/3/account']);
  assert.deepEqual(page.errors, []);
});
