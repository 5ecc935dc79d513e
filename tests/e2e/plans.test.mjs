// Client Improvement Plans: edits persist, export/import round trip, storage errors, conflicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useApp, open } from './helpers.mjs';

const ctx = useApp();
const ACCOUNT = '?view=account&account=A006';

async function addAction(page, title, notes) {
  const before = (await page.$$('[data-testid="action"]')).length;
  await page.click('[data-testid="add-action"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="action"]').length === n + 1, before);
  const row = page.locator('[data-testid="action"]').last();
  await row.locator('[data-testid="action-title"]').fill(title);
  await row.locator('[data-testid="action-title"]').press('Tab');
  await row.locator('[data-testid="action-dimension"]').selectOption('trust');
  await row.locator('[data-testid="action-notes"]').fill(notes);
  await row.locator('[data-testid="action-notes"]').press('Tab');
  return row;
}

async function exportPlans(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-plans"]')]);
  return JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
}

test('a new action defaults its due date, persists across reload, and notes stay text', async () => {
  // The day the sample's last wave (FY2026) closed: four weeks after it.
  const page = await open(ctx, ACCOUNT, { clock: '2026-03-31T12:00:00' });
  const row = await addAction(page, 'Quarterly review', '<img src=x onerror="window.__pwned=1"><b>bold?</b>');
  assert.equal(await row.locator('[data-testid="action-due"]').inputValue(), '2026-04-28');
  await page.reload();
  await page.waitForSelector('[data-testid="action"]');
  const titles = await page.$$eval('[data-testid="action-title"]', (i) => i.map((x) => x.value));
  assert.ok(titles.includes('Quarterly review'));
  const last = page.locator('[data-testid="action"]').last();
  assert.equal(await last.locator('[data-testid="action-notes"]').inputValue(), '<img src=x onerror="window.__pwned=1"><b>bold?</b>');
  assert.equal(await last.locator('[data-testid="action-dimension"]').inputValue(), 'trust');
  assert.equal(await page.$('.acc-plan img, .acc-plan b'), null);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});

test('a new action for a wave that closed long ago is due four weeks from today, and its title has focus', async () => {
  // FY2026 closed 2026-03-31: its four weeks (2026-04-28) are long past on 2026-12-03.
  const page = await open(ctx, ACCOUNT, { clock: '2026-12-03T12:00:00' });
  await page.click('[data-testid="add-action"]');
  const row = page.locator('[data-testid="action"]').last();
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'action-title');
  assert.equal(await page.evaluate(() => document.activeElement.value), 'New action');
  assert.equal(await row.locator('[data-testid="action-due"]').inputValue(), '2026-12-31');
  assert.equal(await row.getAttribute('class'), 'act');
  // Typing goes straight into the focused title.
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Typed at once');
  assert.equal(await row.locator('[data-testid="action-title"]').inputValue(), 'Typed at once');
});

test('what is typed is saved without leaving the field, and when the page is reloaded mid-word', async () => {
  const page = await open(ctx, ACCOUNT);
  const row = await addAction(page, 'Typing', '');
  const owner = row.locator('[data-testid="action-owner"]');
  await owner.click();
  await page.keyboard.type('Ann Typist');
  // Saved once typing pauses, while the field still has focus.
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('rapport:plans:')
    && localStorage.getItem(k).includes('Ann Typist')));
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'action-owner');
  // Reloaded at once after a keystroke: saved as the page goes.
  await page.keyboard.type(' Jr');
  await page.reload();
  await page.waitForSelector('[data-testid="action"]');
  const owners = await page.$$eval('[data-testid="action-owner"]', (i) => i.map((x) => x.value));
  assert.ok(owners.includes('Ann Typist Jr'), owners.join(', '));
});

test('Remove can be undone, and focus stays in the plan', async () => {
  const page = await open(ctx, ACCOUNT);
  await addAction(page, 'Keep me after all', '');
  await addAction(page, 'Last one', '');
  const before = await titles(page);
  const i = before.indexOf('Keep me after all');
  await page.locator('[data-testid="action-remove"]').nth(i).click();
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'undo-remove');
  assert.ok(!(await titles(page)).includes('Keep me after all'));
  assert.match(await page.textContent('.plan-undo'), /Removed “Keep me after all”/);
  // Undo from the keyboard: back in its place, its title focused, and saved.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'action-title');
  assert.deepEqual(await titles(page), before);
  assert.equal(await page.evaluate(() => document.activeElement.value), 'Keep me after all');
  assert.equal(await page.isHidden('[data-testid="undo-remove"]'), true);
  await page.reload();
  await page.waitForSelector('[data-testid="action"]');
  assert.deepEqual(await titles(page), before);
});

test('another data set never shows these edits', async () => {
  const page = await open(ctx, ACCOUNT);
  await addAction(page, 'Only for the sample', 'x');
  await page.goto(`${ctx.srv.url}?data=${encodeURIComponent(ctx.srv.origin + '/fixtures/small.json')}&view=account&account=A`);
  await page.waitForSelector('[data-testid="account-crq"]');
  const titles = await page.$$eval('[data-testid="action-title"]', (i) => i.map((x) => x.value));
  assert.ok(!titles.includes('Only for the sample'));
  const history = await page.textContent('[data-testid="plan-history"]').catch(() => '');
  assert.doesNotMatch(history, /Only for the sample/);
});

test('reorder and remove', async () => {
  const page = await open(ctx, ACCOUNT);
  await addAction(page, 'First', '');
  await addAction(page, 'Second', '');
  const titles = async () => page.$$eval('[data-testid="action-title"]', (i) => i.map((x) => x.value));
  let t = await titles();
  const iSecond = t.lastIndexOf('Second');
  await page.locator('[data-testid="action-up"]').nth(iSecond).click();
  await page.waitForFunction((i) => document.querySelectorAll('[data-testid="action-title"]')[i - 1].value === 'Second', iSecond);
  t = await titles();
  assert.equal(t[iSecond - 1], 'Second');
  assert.equal(t[iSecond], 'First');
  await page.locator('[data-testid="action-remove"]').nth(iSecond - 1).click();
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="action-title"]')].some((x) => x.value === 'Second'));
});

test('export then import into a fresh browser leaves the plans identical', async () => {
  const page = await open(ctx, ACCOUNT);
  await addAction(page, 'Round trip', 'keep me');
  const exported = await exportPlans(page);
  assert.equal(exported.format, 'rapport-plans/1');
  const file = '/tmp/rapport-plans-roundtrip.json';
  fs.writeFileSync(file, JSON.stringify(exported));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector('[data-testid="add-action"]');
  await page.setInputFiles('[data-testid="import-plans"]', file);
  await page.waitForSelector('[data-testid="import-message"]');
  assert.match(await page.textContent('[data-testid="import-message"]'), /1 new, \d+ unchanged, 0 conflicting/);
  const again = await exportPlans(page);
  const byId = (l) => [...l].sort((a, b) => a.id.localeCompare(b.id));
  assert.deepEqual(byId(again.actions), byId(exported.actions));
});

test('a conflicting import shows both versions and the user chooses', async () => {
  const page = await open(ctx, ACCOUNT);
  const exported = await exportPlans(page);
  const target = exported.actions.find((a) => a.account === 'A006' && a.wave === '2026');
  target.title = 'Changed elsewhere';
  const file = '/tmp/rapport-plans-conflict.json';
  fs.writeFileSync(file, JSON.stringify(exported));
  await page.setInputFiles('[data-testid="import-plans"]', file);
  await page.waitForSelector('[data-testid="conflict"]');
  const text = await page.textContent('[data-testid="conflict"]');
  assert.match(text, /Changed elsewhere/);
  assert.match(text, /In this browser/);
  await page.click('[data-testid="use-imported"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="conflict"]'));
  const titles = await page.$$eval('[data-testid="action-title"]', (i) => i.map((x) => x.value));
  assert.ok(titles.includes('Changed elsewhere'));
});

test('a storage failure is shown at once, with the way out', async () => {
  const page = await open(ctx, ACCOUNT);
  await page.evaluate(() => {
    Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
  });
  await page.click('[data-testid="add-action"]');
  await page.waitForSelector('[data-testid="storage-error"]');
  const msg = await page.textContent('[data-testid="storage-error"]');
  assert.match(msg, /storage is full/);
  assert.match(msg, /Export the plans/);
  const exported = await exportPlans(page);
  assert.ok(exported.actions.some((a) => a.title === 'New action'), 'the unsaved edit is still exportable');
});

test('the whole data file can be exported with the plans merged', async () => {
  const page = await open(ctx, ACCOUNT);
  await addAction(page, 'Merged into the file', '');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-data"]')]);
  const doc = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(doc.format, 'rapport/1');
  assert.ok(doc.actions.some((a) => a.title === 'Merged into the file'));
  assert.equal(doc.responses.length, JSON.parse(fs.readFileSync('public/data/sample.json', 'utf8')).responses.length);
});

test('the overview flags overdue actions, accounts without a plan, and the effect of done actions', async () => {
  const page = await open(ctx);
  const overdue = Number(await page.getAttribute('[data-testid="overdue-actions"]', 'data-value'));
  const sample = JSON.parse(fs.readFileSync('public/data/sample.json', 'utf8'));
  const today = new Date().toISOString().slice(0, 10);
  const expected = sample.actions.filter((a) => ['open', 'in_progress'].includes(a.status) && a.due < today).length;
  assert.equal(overdue, expected);
  const latest = sample.waves.at(-1).id;
  const surveyed = new Set(sample.responses.filter((r) => r.wave === latest).map((r) => r.account));
  const planned = new Set(sample.actions.filter((a) => a.wave === latest).map((a) => a.account));
  const missing = [...surveyed].filter((a) => !planned.has(a)).length;
  assert.equal(Number(await page.getAttribute('[data-testid="accounts-without-plan"]', 'data-value')), missing);
  assert.ok(Number(await page.getAttribute('[data-testid="plan-effect"]', 'data-judged')) > 0);
  // A few done actions are judged in the first render: no placeholder in between.
  assert.equal(await page.getAttribute('[data-testid="plan-effect"]', 'aria-busy'), 'false');
});

test('the plans panel counts only the accounts of the segment or owner chosen', async () => {
  const sample = JSON.parse(fs.readFileSync('public/data/sample.json', 'utf8'));
  const today = new Date().toISOString().slice(0, 10);
  const latest = sample.waves.at(-1).id;
  const byId = new Map(sample.accounts.map((a) => [a.id, a]));
  for (const [key, value] of [['segment', 'Telecom'], ['owner', 'Jane Roe'], ['segment', 'Logistics']]) {
    const inScope = (id) => byId.get(id)?.[key] === value;
    const page = await open(ctx, `?${key}=${encodeURIComponent(value)}`);
    const overdue = sample.actions.filter((a) => inScope(a.account)
      && ['open', 'in_progress'].includes(a.status) && a.due < today);
    assert.equal(Number(await page.getAttribute('[data-testid="overdue-actions"]', 'data-value')), overdue.length, `${key}=${value}`);
    const surveyed = new Set(sample.responses.filter((r) => r.wave === latest && inScope(r.account)).map((r) => r.account));
    const planned = new Set(sample.actions.filter((a) => a.wave === latest).map((a) => a.account));
    const missing = [...surveyed].filter((a) => !planned.has(a));
    assert.equal(Number(await page.getAttribute('[data-testid="accounts-without-plan"]', 'data-value')), missing.length, `${key}=${value}`);
    // The accounts listed are all of the scope.
    const names = await page.$$eval('.ov-plans .plan-ul button', (b) => b.map((x) => x.textContent));
    const scopeNames = new Set(sample.accounts.filter((a) => a[key] === value).map((a) => a.name));
    assert.ok(names.length > 0 && names.every((n) => scopeNames.has(n)), `${key}=${value}: ${names}`);
    // Done actions judged: only the scope's (each account's done actions with a later wave).
    const judged = Number(await page.getAttribute('[data-testid="plan-effect"]', 'data-judged'));
    const all = Number((await open(ctx).then(async (p) => { const v = await p.getAttribute('[data-testid="plan-effect"]', 'data-judged'); await p.close(); return v; })));
    assert.ok(judged < all, `${key}=${value}: ${judged} of ${all} judged`);
    await page.close();
  }
});

test('earlier actions show the change of their target in the next wave', async () => {
  const page = await open(ctx, '?view=account&account=A003');
  await page.waitForSelector('[data-testid="plan-history"]');
  const row = await page.textContent('[data-testid="earlier-action"]');
  assert.match(row, /by FY2026/);
  assert.ok(await page.$('[data-testid="plan-history"] .chg'));
});

/** The key and parsed value of the sample's saved plans (after at least one edit). */
async function savedPlans(page) {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('rapport:plans:'));
    return { key, text: localStorage.getItem(key) };
  });
}

/** Writes `raw` (an action's JSON text, as is) into the saved plans, before or after the
 * actions saved, and reloads the page. */
async function saveRaw(page, raw, { first }) {
  const { key, text } = await savedPlans(page);
  const file = JSON.parse(text);
  const saved = file.actions.map((a) => JSON.stringify(a));
  const list = first ? [raw, ...saved] : [...saved, raw];
  const spliced = JSON.stringify({ ...file, actions: [] }).replace('"actions":[]', `"actions":[${list.join(',')}]`);
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, spliced]);
  await page.reload();
}

const titles = (page) => page.$$eval('[data-testid="action-title"]', (i) => i.map((x) => x.value));

test('two tabs adding actions at once keep both, and each shows the other\'s', async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const [one, two] = [await context.newPage(), await context.newPage()];
  for (const p of [one, two]) {
    await p.goto(ctx.srv.url + ACCOUNT);
    await p.waitForSelector('[data-testid="add-action"]');
  }
  await addAction(one, 'From tab one', '');
  await addAction(two, 'From tab two', '');
  // The ids differ although both tabs added the first new action of this plan.
  const saved = JSON.parse((await savedPlans(two)).text);
  const added = saved.actions.filter((a) => a.title.startsWith('From tab'));
  assert.equal(added.length, 2);
  assert.notEqual(added[0].id, added[1].id);
  // Tab one shows tab two's action without a reload (the storage event).
  await one.waitForFunction(() => [...document.querySelectorAll('[data-testid="action-title"]')].some((i) => i.value === 'From tab two'));
  // A fresh tab shows both.
  const three = await context.newPage();
  await three.goto(ctx.srv.url + ACCOUNT);
  await three.waitForSelector('[data-testid="action"]');
  const t = await titles(three);
  assert.ok(t.includes('From tab one') && t.includes('From tab two'), t.join(' | '));
  await context.close();
});

test('one unreadable saved action keeps the others, is kept as it was, and is said', async () => {
  const page = await open(ctx, ACCOUNT);
  await addAction(page, 'Readable one', '');
  const bad = '{"id":"BROKEN","account":"A006","wave":"2026","title":"t","due":5,"status":"open"}';
  await saveRaw(page, bad, { first: true });
  await page.waitForSelector('[data-testid="plans-unreadable"]');
  assert.match(await page.textContent('[data-testid="plans-unreadable"]'), /One saved plan action could not be read \(\/actions\/0/);
  assert.ok((await titles(page)).includes('Readable one'));
  // The next edit is saved, and the unreadable entry is still there, byte for byte.
  await addAction(page, 'After the notice', '');
  const after = (await savedPlans(page)).text;
  assert.ok(after.includes(bad), after);
  assert.ok(after.includes('After the notice'));
});

test('a saved action with a status no plan has is said and kept, not shown as open', async () => {
  const page = await open(ctx, ACCOUNT);
  await addAction(page, 'Readable two', '');
  const odd = '{"id":"PAUSED","account":"A006","wave":"2026","title":"Paused one","status":"paused"}';
  await saveRaw(page, odd, { first: false });
  await page.waitForSelector('[data-testid="plans-unreadable"]');
  assert.match(await page.textContent('[data-testid="plans-unreadable"]'), /unknown status "paused"/);
  const shown = await titles(page);
  assert.ok(shown.includes('Readable two') && !shown.includes('Paused one'), shown.join(' | '));
  await addAction(page, 'After the odd one', '');
  assert.ok((await savedPlans(page)).text.includes(odd));
});

test('saved plans that cannot be read at all are put aside, never written over', async () => {
  const page = await open(ctx, ACCOUNT);
  await addAction(page, 'Before the damage', '');
  const { key } = await savedPlans(page);
  await page.evaluate((k) => localStorage.setItem(k, '{"format":"rapport-plans/1","actions":[{"id"'), key);
  await page.reload();
  await page.waitForSelector('[data-testid="plans-unreadable"]');
  assert.match(await page.textContent('[data-testid="plans-unreadable"]'), /could not be read/);
  await addAction(page, 'Saved after', '');
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rapport:plans-unreadable:')).map((k) => localStorage.getItem(k)));
  assert.deepEqual(kept, ['{"format":"rapport-plans/1","actions":[{"id"']);
  assert.match((await savedPlans(page)).text, /Saved after/);
});

test('storage that cannot be read is never written over', async () => {
  const page = await newPageWith(ctx, () => {
    Storage.prototype.getItem = function () { throw new DOMException('denied', 'SecurityError'); };
  });
  await page.goto(ctx.srv.url + ACCOUNT);
  await page.waitForSelector('[data-testid="storage-error"]');
  assert.match(await page.textContent('[data-testid="storage-error"]'), /left untouched/);
  await page.click('[data-testid="add-action"]');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rapport:plans:')).length), 0);
});

async function newPageWith(c, script, arg) {
  const context = await c.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.addInitScript(script, arg);
  return page;
}


test('a plan of 100,000 actions opens a page at a time and leaves the app working', async () => {
  const d = JSON.parse(fs.readFileSync('tests/fixtures/small.json', 'utf8'));
  d.actions = Array.from({ length: 100000 }, (_, i) => ({
    id: `X${i}`, account: 'A', wave: 'w2', dimension: 'trust', title: `Action ${i}`, due: '2024-04-28', status: 'open',
  }));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-')), 'long-plan.json');
  fs.writeFileSync(file, JSON.stringify(d));
  const page = await open(ctx, '?view=account&account=A');
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="action"]').length === 50, null, { timeout: 60000 });
  assert.equal(await page.isVisible('[data-testid="plan-more"]'), true);
  await page.click('[data-testid="plan-more"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="action"]').length === 100);
  // A new action goes at the end, after the rows not shown: the page does not render the
  // whole plan for it.
  await page.click('[data-testid="add-action"]');
  await page.waitForTimeout(500);
  assert.equal(await page.$$eval('[data-testid="action"]', (a) => a.length), 100);
  await page.click('[data-testid="nav-overview"]');
  await page.waitForSelector('[data-testid="headline-crq"]');
  assert.deepEqual(page.errors, []);
});

test('a short plan has no "Show more"', async () => {
  const page = await open(ctx, ACCOUNT);
  await page.waitForSelector('[data-testid="add-action"]');
  assert.equal(await page.isVisible('[data-testid="plan-more"]'), false);
});

for (const granted of [true, false]) {
  test(`the first save asks the browser to keep the plans, and the toolbar says whether it will (${granted ? 'granted' : 'refused'})`, async () => {
    const page = await newPageWith(ctx, (g) => {
      window.__persistAsked = 0;
      navigator.storage.persisted = async () => false;
      navigator.storage.persist = async () => { window.__persistAsked += 1; return g; };
    }, granted);
    await page.goto(ctx.srv.url + ACCOUNT);
    await page.waitForSelector('[data-testid="add-action"]');
    // Not asked before anything is saved.
    assert.equal(await page.evaluate(() => window.__persistAsked), 0);
    assert.equal(await page.$('[data-testid="storage-kept"]'), null);
    await addAction(page, 'Kept?', '');
    await page.waitForSelector('[data-testid="storage-kept"]');
    assert.equal(await page.getAttribute('[data-testid="storage-kept"]', 'data-value'), String(granted));
    assert.match(await page.textContent('[data-testid="storage-kept"]'), granted ? /keeps them/ : /may clear them.*export them/);
    await addAction(page, 'Again', '');
    assert.equal(await page.evaluate(() => window.__persistAsked), 1);
    await page.context().close();
  });
}

test('on a phone (390 px) every field of an action fits inside the plan, and the page does not scroll sideways', async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(ctx.srv.url + ACCOUNT);
  await page.waitForSelector('[data-testid="action"]');
  const out = await page.evaluate(() => {
    const card = document.querySelector('.acc-plan').getBoundingClientRect();
    return [...document.querySelectorAll('.act input, .act select, .act textarea, .act button')]
      .filter((e) => e.getBoundingClientRect().right > card.right + 0.5)
      .map((e) => e.dataset.testid);
  });
  assert.deepEqual(out, []);
  assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= innerWidth), 'no sideways scroll');
  await context.close();
});
