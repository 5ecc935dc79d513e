// Importing a survey export in the browser: the mapping step, the preview with every problem
// at its cell, opening it, saving the profile and adding the next wave with it, exporting the
// rapport/1 JSON and loading it by ?data=, bad files, and a CSV dropped on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { useApp, open, newPage, dataValue, cliScores, close } from './helpers.mjs';
import { startServer } from './server.mjs';

const ctx = useApp();
const WAVE_2025 = 'tests/fixtures/import/qualtrics.csv';
const WAVE_2026 = 'tests/fixtures/import/qualtrics-2026.csv';

async function importView(page) {
  await page.click('[data-testid="import-button"]');
  await page.waitForSelector('[data-testid="import-export-input"]', { timeout: 30000 });
}

async function chooseExport(page, file) {
  await page.setInputFiles('[data-testid="import-export-input"]', file);
  await page.waitForFunction((name) => document.querySelector('[data-testid="import-export-name"]')?.textContent === name && document.querySelector('[data-testid="import-columns"]'), path.basename(file), { timeout: 30000 });
}

async function preview(page) {
  await page.click('[data-testid="import-run"]');
  await page.waitForSelector('[data-testid="import-preview"]', { timeout: 30000 });
}

async function openImport(page, name) {
  await page.click('[data-testid="import-open"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid="data-source"]')?.textContent.includes(`Imported: ${n}`), name, { timeout: 30000 });
  await page.waitForSelector('[data-testid="headline-crq"]');
}

test('a Qualtrics export is mapped, previewed with each problem at its cell, and opened', async () => {
  const page = await open(ctx);
  await importView(page);
  await chooseExport(page, WAVE_2025);
  assert.match(await page.textContent('[data-testid="import-summary"]'), /Qualtrics \(3 header rows\): 7 response rows, 21 columns/);
  // The guesses: the NPS question, a dimension, the account.
  const holds = async (row) => page.$eval(`[data-testid="import-columns"] tbody tr:nth-child(${row}) select`, (s) => s.selectedOptions[0].textContent);
  assert.equal(await holds(7), 'Account id');
  assert.equal(await holds(17), 'Trust');
  assert.equal(await holds(20), 'NPS: likely to recommend (0–10)');
  assert.equal(await page.inputValue('[data-testid="import-wave-closed"]'), '2025-03-28');
  await preview(page);
  const report = await page.textContent('[data-testid="import-preview"]');
  assert.equal(await page.getAttribute('[data-testid="import-preview"]', 'data-excluded'), '3');
  for (const cell of ['C6test_response', 'E7unfinished', 'K9wrong_type']) assert.ok(report.includes(cell), `${cell} in ${report}`);
  await openImport(page, 'qualtrics.csv');
  // Four valid answers to "recommend": 10 and 9 promote, 8 is passive, 6 detracts: +25.
  assert.equal(await dataValue(page, 'headline-nps'), 25);
  await page.click('[data-testid="load-note-report"]');
  assert.match(await page.textContent('[data-testid="load-report"]'), /K9/);
  assert.deepEqual(page.errors, []);
});

test('an import runs in a worker warmed up for it while the mapping was on screen', async () => {
  const page = await open(ctx);
  await importView(page);
  await chooseExport(page, WAVE_2025);
  // The warm-up's answer: its time (NaN when it failed).
  await page.waitForFunction(() => window.__rapportTimings?.import_warm_ms !== undefined, null, { timeout: 30000 });
  const warm = await page.evaluate(() => window.__rapportTimings.import_warm_ms);
  assert.ok(warm > 0, `warm-up: ${warm} ms`);
  await preview(page);
  // The worker that answered the import had imported the made-up export a dozen times.
  assert.equal(await page.evaluate(() => window.__rapportTimings.import_warmups), 12);
  assert.equal(await page.getAttribute('[data-testid="import-preview"]', 'data-excluded'), '3');
  assert.deepEqual(page.errors, []);
});

test('the saved profile imports the next wave, added to the data on screen', async () => {
  const page = await open(ctx);
  await importView(page);
  await chooseExport(page, WAVE_2025);
  await page.fill('[data-testid="import-profile-name"]', 'Key accounts (Qualtrics)');
  await page.press('[data-testid="import-profile-name"]', 'Tab');
  await page.click('[data-testid="import-save-profile"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="import-saved"]')?.textContent.includes('Key accounts (Qualtrics)'));
  await preview(page);
  await openImport(page, 'qualtrics.csv');
  // Next year: the saved profile, the new file, added as a new wave.
  await importView(page);
  await page.click('[data-testid="import-saved"] button:has-text("Use")');
  await chooseExport(page, WAVE_2026);
  assert.equal(await page.inputValue('[data-testid="import-wave-id"]'), '2026');
  await page.check('[data-testid="import-into"]');
  await preview(page);
  assert.equal(await page.getAttribute('[data-testid="import-preview"]', 'data-accepted'), 'true');
  await openImport(page, 'qualtrics-2026.csv');
  const waves = await page.$$eval('[data-testid="filter-wave"] option', (o) => o.map((x) => x.textContent));
  assert.deepEqual(waves, ['2025', '2026']);
  // 2026: 10, 9 and 10 promote, 4 and 6 detract: 100 × (3 − 2) / 5 = +20.
  assert.equal(await dataValue(page, 'headline-nps'), 20);
  assert.deepEqual(page.errors, []);
});

test('the import exported as rapport/1 JSON loads by ?data= with the same numbers', async () => {
  const page = await open(ctx);
  await importView(page);
  await chooseExport(page, WAVE_2025);
  await preview(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="import-download"]')]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-'));
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  assert.equal(path.basename(file), 'qualtrics.rapport.json');
  await openImport(page, 'qualtrics.csv');
  const crq = await dataValue(page, 'headline-crq');
  const nps = await dataValue(page, 'headline-nps');
  // The same file, hosted, opened by a link; and scored by the command line.
  const srv = await startServer({ fixtures: dir });
  try {
    const hosted = await open({ ...ctx, srv }, `?data=${encodeURIComponent(`${srv.origin}/fixtures/${path.basename(file)}`)}`);
    assert.equal(await dataValue(hosted, 'headline-crq'), crq);
    assert.equal(await dataValue(hosted, 'headline-nps'), nps);
    const cli = cliScores(file).waves.at(-1).portfolio;
    assert.ok(close(crq, cli.crq.mean, 1e-12));
    assert.equal(nps, cli.nps.score);
  } finally {
    await srv.close();
  }
});

test('a file that is no table, and an empty one, are refused with a reason', async () => {
  const page = await open(ctx);
  await importView(page);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-'));
  const empty = path.join(dir, 'empty.csv');
  fs.writeFileSync(empty, '');
  await page.setInputFiles('[data-testid="import-export-input"]', empty);
  await page.waitForSelector('[data-testid="import-error"]');
  assert.match(await page.textContent('[data-testid="import-error"]'), /empty \(0 bytes\)/);
  const json = path.join(dir, 'data.csv');
  fs.writeFileSync(json, '{"format": "rapport/1"}');
  await page.setInputFiles('[data-testid="import-export-input"]', json);
  await page.waitForFunction(() => document.querySelector('[data-testid="import-error"]')?.textContent.includes('JSON file'));
  // The data on screen is untouched.
  assert.match(await page.textContent('[data-testid="data-source"]'), /Sample data/);
  assert.deepEqual(page.errors, []);
});

test('on a phone, the reason a file is refused is scrolled into sight', async () => {
  const page = await newPage(ctx.browser, { width: 390, height: 844 });
  await page.goto(`${ctx.srv.url}?view=import`);
  await page.waitForSelector('[data-testid="import-export-input"]', { state: 'attached', timeout: 30000 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-'));
  const pdf = path.join(dir, 'report.pdf');
  fs.writeFileSync(pdf, Buffer.from('%PDF-1.4\n\x00\x01\x02 not a table'));
  await page.setInputFiles('[data-testid="import-export-input"]', pdf);
  await page.waitForSelector('[data-testid="import-error"]');
  // Below the three file cards, it starts under the fold of a 844 px screen.
  await page.waitForFunction(() => {
    const r = document.querySelector('[data-testid="import-error"]').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  }, null, { timeout: 5000 });
  assert.match(await page.textContent('[data-testid="import-error"]'), /binary data/);
  assert.ok(await page.evaluate(() => scrollY) > 0, 'the page scrolled');
  assert.deepEqual(page.errors, []);
});

test('on a phone, the answers and roles tables fit the screen: no select cut at the edge', async () => {
  const page = await newPage(ctx.browser, { width: 390, height: 844 });
  await page.goto(`${ctx.srv.url}?view=import`);
  await page.waitForSelector('[data-testid="import-export-input"]', { state: 'attached', timeout: 30000 });
  await page.setInputFiles('[data-testid="import-export-input"]', WAVE_2025);
  await page.waitForSelector('[data-testid="import-roles"]', { timeout: 30000 });
  for (const id of ['import-roles', 'import-labels']) {
    const fit = await page.evaluate((testid) => {
      const table = document.querySelector(`[data-testid="${testid}"]`);
      const box = table.parentElement;
      const right = Math.max(...[...table.querySelectorAll('select, input')].map((e) => e.getBoundingClientRect().right));
      return { scroll: box.scrollWidth, width: box.clientWidth, right, edge: box.getBoundingClientRect().right };
    }, id);
    assert.ok(fit.scroll <= fit.width, `${id} scrolls sideways: ${JSON.stringify(fit)}`);
    assert.ok(fit.right <= fit.edge, `${id}'s controls pass the edge: ${JSON.stringify(fit)}`);
  }
  assert.deepEqual(page.errors, []);
});

test('a CSV dropped on the page opens the import view with it, and the keyboard reaches it all', async () => {
  const page = await open(ctx);
  const text = fs.readFileSync(WAVE_2025, 'utf8');
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'dropped.csv', { type: 'text/csv' }));
    return d;
  }, text);
  await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
  await page.waitForFunction(() => document.querySelector('[data-testid="import-export-name"]')?.textContent === 'dropped.csv' && document.querySelector('[data-testid="import-columns"]'), null, { timeout: 30000 });
  assert.match(page.url(), /view=import/);
  // Keyboard only: tab to "Preview the import" and press Enter, then to "Open in Rapport".
  await page.focus('[data-testid="import-run"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="import-open"]');
  await page.focus('[data-testid="import-open"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]')?.textContent.includes('Imported: dropped.csv'));
  assert.deepEqual(page.errors, []);
});

test('?profile= gives the import a hosted profile: its labels and wave are used', async () => {
  const url = `${ctx.srv.origin}/fixtures/import/qualtrics-profile.json`;
  const page = await newPage(ctx.browser);
  await page.goto(`${ctx.srv.url}?view=import&profile=${encodeURIComponent(url)}`);
  await page.waitForFunction(() => document.querySelector('.imp-note')?.textContent.includes('Key accounts (Qualtrics), hosted'), null, { timeout: 30000 });
  await chooseExport(page, WAVE_2025);
  // The profile maps a completion date (EndDate): the wave is this file's, named by its
  // dates (2025, closing on 28 Mar), not the wave the profile was saved with.
  assert.equal(await page.inputValue('[data-testid="import-wave-id"]'), '2025');
  await preview(page);
  // "Good-ish" is 5 in the profile's labels: only the preview and the unfinished row left out.
  assert.equal(await page.getAttribute('[data-testid="import-preview"]', 'data-excluded'), '2');
  assert.deepEqual(page.errors, []);
});

/** The table `testid` of the answers step as [text, rows, value, note] per row. */
async function textRows(page, testid) {
  return page.$$eval(`[data-testid="${testid}"] tbody tr`, (rows) => rows.map((r) => {
    const control = r.querySelector('input, select');
    return [r.cells[0].textContent, Number(r.cells[1].textContent), control.value, r.cells[3]?.textContent ?? ''];
  }));
}

async function saveDownload(page, testid) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testid}"]`)]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-'));
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

test('answers written as words and role texts are shown as read, corrected by keyboard, and kept in the profile and the data', async () => {
  const page = await open(ctx);
  await importView(page);
  await chooseExport(page, WAVE_2025);
  // The guesses, as the rules read them: a number in the label, a text that is no number
  // (each such answer left out and listed), and roles by keyword.
  assert.deepEqual(await textRows(page, 'import-labels'), [
    ['Good-ish', 1, '', 'not read: each is left out and listed'],
    ['10 - Extremely likely', 1, '10', 'guessed'],
  ]);
  assert.deepEqual(await textRows(page, 'import-roles'), [
    ['Chief Financial Officer', 1, 'decision_maker', ''],
    ['Operations analyst', 1, 'operational', ''],
    ['Tester', 1, 'other', ''],
    ['Head of Procurement', 2, 'decision_maker', ''],
    ['IT manager', 1, 'operational', ''],
    ['VP Operations', 1, 'decision_maker', ''],
  ]);
  // By keyboard: "Good-ish" is a 5; an IT manager here is a decision maker.
  await page.focus('[aria-label="The number “Good-ish” stands for"]');
  await page.keyboard.type('5');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.querySelector('[data-testid="import-labels"] tbody tr td:nth-child(4)')?.textContent === 'as you set it');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'The number “10 - Extremely likely” stands for');
  // Emptied, a guess is taken back to what the rules read: 10 again.
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Tab');
  assert.deepEqual((await textRows(page, 'import-labels'))[1], ['10 - Extremely likely', 1, '10', 'guessed']);
  await page.focus('[aria-label="The role “IT manager” stands for"]');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => document.querySelector('[aria-label="The role “IT manager” stands for"]').value === 'decision_maker');
  // Another file, guessed afresh, and back: the corrections still hold.
  await chooseExport(page, WAVE_2026);
  const roles = await textRows(page, 'import-roles');
  assert.deepEqual(roles.find(([t]) => t === 'IT manager'), ['IT manager', 1, 'decision_maker', '']);
  assert.deepEqual(roles.find(([t]) => t === 'Operations analyst'), ['Operations analyst', 1, 'operational', '']);
  await chooseExport(page, WAVE_2025);
  assert.deepEqual((await textRows(page, 'import-labels'))[0], ['Good-ish', 1, '5', 'as you set it']);
  await preview(page);
  // Only the survey preview and the unfinished response are left out now.
  assert.equal(await page.getAttribute('[data-testid="import-preview"]', 'data-excluded'), '2');
  // The corrections are in the profile, for the next wave and the command line.
  const profileFile = await saveDownload(page, 'import-download-profile');
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
  assert.deepEqual(profile.labels, [['Good-ish', 5]]);
  assert.deepEqual(profile.roles.find(([t]) => t === 'IT manager'), ['IT manager', 'decision_maker']);
  // And in the data: the response that said "Good-ish" by an IT manager.
  const dataFile = await saveDownload(page, 'import-download');
  const data = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
  const r = data.responses.find((x) => x.respondent === 'R_6f');
  assert.equal(r.role, 'decision_maker');
  assert.equal(r.ratings.Q5_2, 5);
  // The app's numbers are the command line's, importing with the downloaded profile.
  await openImport(page, 'qualtrics.csv');
  const out = path.join(path.dirname(profileFile), 'cli.json');
  execFileSync('cargo', ['run', '--quiet', '--bin', 'rapport-cli', '--', 'import', '--profile', profileFile, WAVE_2025, '-o', out], { stdio: 'ignore' });
  const cli = cliScores(out).waves.at(-1).portfolio;
  assert.ok(close(await dataValue(page, 'headline-crq'), cli.crq.mean, 1e-12));
  assert.equal(await dataValue(page, 'headline-nps'), cli.nps.score);
  assert.deepEqual(page.errors, []);
});

test('a workbook whose responses are on its second sheet: the sheet is chosen, and its columns guessed', async () => {
  const page = await open(ctx);
  await importView(page);
  await chooseExport(page, 'tests/fixtures/import/two-sheets.xlsx');
  // The first filled sheet is a cover note.
  assert.match(await page.textContent('[data-testid="import-summary"]'), /sheet “About”\): 0 response rows, 1 columns/);
  assert.deepEqual(await page.$$eval('[data-testid="import-sheet"] option', (o) => o.map((x) => x.value)), ['About', 'Responses']);
  await page.selectOption('[data-testid="import-sheet"]', 'Responses');
  await page.waitForFunction(() => /sheet “Responses”\): 3 response rows, 5 columns/.test(document.querySelector('[data-testid="import-summary"]')?.textContent));
  assert.equal(await page.inputValue('[data-testid="import-sheet"]'), 'Responses');
  // No dates in this sheet: the wave's close date is given by hand.
  await page.fill('[data-testid="import-wave-closed"]', '2026-11-30');
  await page.dispatchEvent('[data-testid="import-wave-closed"]', 'change');
  await preview(page);
  await openImport(page, 'two-sheets.xlsx');
  // NPS answers 9, 10 and 6: two promoters and one detractor of three.
  assert.ok(close(await dataValue(page, 'headline-nps'), 100 / 3, 1e-6), `${await dataValue(page, 'headline-nps')}`);
  assert.deepEqual(page.errors ?? [], []);
});
