// The account view: type with reasons, diagram, respondents, comments as text, back navigation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, open, cliScores, dataValue, close } from './helpers.mjs';

const ctx = useApp();

test('an account shows its CLI scores, type with reasons, respondents and diagram', async () => {
  const page = await open(ctx, '?view=account&account=A007');
  await page.waitForSelector('[data-testid="account-view"] [data-testid="account-crq"]');
  const acc = cliScores('public/data/sample.json').waves.at(-1).accounts.find((a) => a.account === 'A007');
  assert.ok(close(await dataValue(page, 'account-crq'), acc.crq.mean));
  assert.equal(await page.getAttribute('[data-testid="account-type"]', 'data-value'), acc.type);
  assert.match(await page.textContent('[data-testid="type-reasons"]'), /Opponent: not matched/);
  const rows = await page.$$('[data-testid="respondents"] tbody tr');
  assert.equal(rows.length, acc.n_responses);
  assert.ok(await page.$('[data-testid="account-view"] [data-testid="level-diagram"]'));
  assert.equal((await page.$$('[data-testid="account-view"] [data-testid="trend-chart"]')).length >= 5, true);
});

test('comments with HTML, scripts and bidi characters are shown as text and run nothing', async () => {
  const page = await open(ctx, `?data=${encodeURIComponent(ctx.srv.origin + '/fixtures/hostile.json')}&view=account&account=H1`);
  await page.waitForSelector('[data-testid="comments"] li');
  const text = await page.textContent('[data-testid="comments"]');
  assert.match(text, /<script>window.__pwned = true<\/script>/);
  assert.match(text, /<a href="javascript:/);
  assert.equal(await page.$('[data-testid="comments"] script, [data-testid="comments"] img, [data-testid="comments"] a'), null);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.textContent('[data-testid="account-name"]'), '<b>Bold</b> Industries');
  // The very long comment is shortened, with a control to read it all.
  const more = await page.$('[data-testid="comments"] details');
  assert.ok(more);
  await more.click();
  assert.equal(await more.getAttribute('open'), '');
});

test('an unknown account id says so and offers a picker', async () => {
  const page = await open(ctx, '?view=account&account=NOPE');
  await page.waitForSelector('[data-testid="account-picker"]');
  assert.match(await page.textContent('.main'), /no account “NOPE”/);
  await page.selectOption('[data-testid="account-picker"]', 'A002');
  await page.waitForSelector('[data-testid="account-crq"]');
});

const pdfPages = async (page) => ((await page.pdf({ format: 'A4', printBackground: true })).toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;

test('the account view prints as a one-page pack without controls', async () => {
  // A007 had no prediction from its team in the last wave: nothing of the team's view prints.
  const page = await open(ctx, '?view=account&account=A007');
  await page.waitForSelector('[data-testid="account-crq"]');
  await page.waitForSelector('[data-testid="account-gaps-none"]');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.nav'), false);
  assert.equal(await page.isVisible('[data-testid="back"]'), false);
  assert.equal(await page.isVisible('.ev-mirror'), false);
  assert.equal(await pdfPages(page), 1);
});

test('the pack carries the team\'s view of the account on a second page, without the rest of the evidence', async () => {
  const page = await open(ctx, '?view=account&account=A002');
  await page.waitForSelector('[data-testid="account-gaps"]');
  await page.emulateMedia({ media: 'print' });
  const look = await page.evaluate(() => {
    const mirror = document.querySelector('.ev-mirror');
    const shown = [...document.querySelectorAll('[data-testid="evidence"] .pnl')].filter((p) => p.offsetParent !== null);
    return {
      title: mirror.querySelector('.pnl-title').textContent,
      breakBefore: getComputedStyle(mirror).breakBefore,
      shown: shown.map((p) => p.className),
      // Laid out below everything else of the account (the plan included).
      last: [...document.querySelector('[data-testid="account-view"]').children]
        .filter((c) => c !== mirror.closest('[data-testid="evidence"]') && c.offsetParent !== null)
        .every((c) => c.getBoundingClientRect().bottom <= mirror.getBoundingClientRect().top),
    };
  });
  assert.match(look.title, /^The team's view of /);
  assert.equal(look.breakBefore, 'page');
  assert.deepEqual(look.shown, ['pnl ev-mirror'], 'only the team\'s view of the account\'s evidence prints');
  assert.ok(look.last, 'it prints after the plan');
  assert.ok(await page.isVisible('[data-testid="account-gaps"]'));
  assert.equal(await pdfPages(page), 2);
});

test('a plan of five actions prints on the one page, as text rather than form fields', async () => {
  const page = await open(ctx, '?view=account&account=A001&wave=2025');
  await page.waitForSelector('[data-testid="account-crq"]');
  await page.waitForSelector('[data-testid="account-gaps"]');
  for (let i = 0; i < 4; i++) await page.click('[data-testid="add-action"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="action"]').length === 5);
  await page.fill('[data-testid="action-notes"] >> nth=0', 'Agreed at the QBR.');
  await page.emulateMedia({ media: 'print' });
  const look = await page.evaluate(() => {
    const style = (sel) => getComputedStyle(document.querySelector(sel));
    return {
      select: [style('[data-testid="action-status"]').appearance, style('[data-testid="action-status"]').borderTopWidth],
      date: style('[data-testid="action-due"]').borderTopWidth,
      notes: [...document.querySelectorAll('.act-notes')].map((n) => getComputedStyle(n).display),
      storage: style('[data-testid="storage-kept"]').display,
      tools: style('[data-testid="add-action"]').display === 'none' || document.querySelector('[data-testid="add-action"]').closest('.no-print') !== null,
    };
  });
  assert.deepEqual(look.select, ['none', '0px'], 'a select prints as its value, without its arrow or box');
  assert.equal(look.date, '0px');
  assert.deepEqual(look.notes, ['flex', 'none', 'none', 'none', 'none'], 'only notes with text are printed');
  assert.equal(look.storage, 'none');
  assert.ok(look.tools);
  // The team's view of A001 in 2025 prints on a page of its own after the pack: the pack is
  // one page without it.
  assert.equal(await pdfPages(page), 2);
  await page.evaluate(() => document.querySelector('.acc > [data-testid="evidence"]').style.setProperty('display', 'none', 'important'));
  assert.equal(await pdfPages(page), 1);
});

test('the accounts CSV defangs formula-like cells', async () => {
  const page = await open(ctx, `?data=${encodeURIComponent(ctx.srv.origin + '/fixtures/hostile.json')}`);
  await page.waitForSelector('[data-testid="accounts-table"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
  const csv = (await import('node:fs')).readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^account_id,account,segment/);
  assert.match(csv, /H2,"'=HYPERLINK\(""http:\/\/evil.example"",""Plain Co""\)",'\+Test,/);
  assert.doesNotMatch(csv, /,=HYPERLINK/);
});

test('an account opens at its top with its name focused, and Back returns to the same place in the table', async () => {
  const page = await open(ctx);
  const row = page.locator('[data-testid="account-row"]').nth(40);
  await row.scrollIntoViewIfNeeded();
  const y = await page.evaluate(() => Math.round(scrollY));
  assert.ok(y > 600, `scrolled to ${y}`);
  const id = await row.getAttribute('data-account');
  await row.click();
  await page.waitForSelector('[data-testid="account-name"]');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'account-name');
  assert.equal(await page.evaluate(() => scrollY), 0);
  assert.match(await page.evaluate(() => location.search), new RegExp(`account=${id}`));
  await page.goBack();
  await page.waitForSelector('[data-testid="accounts-table"]');
  await page.waitForFunction((y0) => Math.abs(scrollY - y0) <= 1, y, { timeout: 5000 });
  // The row clicked is on screen again.
  const top = await page.locator(`[data-testid="account-row"][data-account="${id}"]`).evaluate((r) => r.getBoundingClientRect().top);
  assert.ok(top >= 0 && top < (await page.evaluate(() => innerHeight)), `row at ${top}`);
});

test('views and accounts are links: a modified click opens a new tab at that address, a plain one stays', async () => {
  const page = await open(ctx, '?segment=Telecom');
  const tab = page.locator('[data-testid="nav-trends"]');
  assert.equal(await tab.evaluate((e) => e.tagName), 'A');
  assert.match(await tab.getAttribute('href'), /\?view=trends&segment=Telecom$/);
  const name = page.locator('[data-testid="account-row"] a.link').first();
  const id = await page.locator('[data-testid="account-row"]').first().getAttribute('data-account');
  assert.match(await name.getAttribute('href'), new RegExp(`\\?view=account&segment=Telecom&account=${id}$`));
  // Ctrl-click: a new tab on the account; this one stays on the overview.
  const [other] = await Promise.all([page.context().waitForEvent('page'), name.click({ modifiers: ['Control'] })]);
  await other.waitForSelector('[data-testid="account-name"]');
  assert.match(other.url(), new RegExp(`account=${id}`));
  assert.doesNotMatch(page.url(), /view=account/);
  assert.ok(await page.$('[data-testid="accounts-table"]'));
  await other.close();
  // A plain click follows in place.
  await tab.click();
  await page.waitForSelector('[data-testid="trend-chart"]');
  assert.match(page.url(), /view=trends/);
});
