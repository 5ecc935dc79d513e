// Loads that overlap: the last thing asked for wins, and the address changes only when a
// load succeeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useApp, open, generated } from './helpers.mjs';

const ctx = useApp();
const source = (page) => page.textContent('[data-testid="data-source"]');

test('a file opened while a slow URL downloads is not replaced by the URL', async () => {
  const page = await open(ctx);
  // The server answers this URL after 2.5 s.
  await page.fill('#url-input', ctx.srv.origin + '/slow/2500/small.json');
  await page.click('button[type=submit]');
  await page.waitForTimeout(200);
  await page.setInputFiles('[data-testid="file-input"]', { name: 'picked.json', mimeType: 'application/json', buffer: fs.readFileSync('tests/fixtures/service-base.json') });
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('picked.json'));
  // Long after the slow answer would have come in, the file is still what is on screen.
  await page.waitForTimeout(3500);
  assert.match(await source(page), /picked\.json/);
  assert.doesNotMatch(page.url(), /data=/);
  assert.equal(await page.$('[data-testid="load-error"]'), null);
});

test('of two files picked 50 ms apart the second is shown', async () => {
  const big = generated(['--accounts', '400', '--waves', '4', '--seed', '7']);
  const page = await open(ctx);
  await page.setInputFiles('[data-testid="file-input"]', { name: 'first.json', mimeType: 'application/json', buffer: fs.readFileSync(big) });
  await page.waitForTimeout(50);
  await page.setInputFiles('[data-testid="file-input"]', { name: 'second.json', mimeType: 'application/json', buffer: fs.readFileSync('tests/fixtures/small.json') });
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('second.json'));
  await page.waitForTimeout(2500);
  assert.match(await source(page), /second\.json/);
});

test('a failed Load URL leaves the address as it was', async () => {
  const page = await open(ctx, '?view=diagram');
  await page.waitForSelector('[data-testid="level-diagram"]');
  const before = page.url();
  await page.fill('#url-input', ctx.srv.origin + '/broken/404');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid="load-error"]');
  assert.match(await page.textContent('[data-testid="load-error"]'), /the data on screen is unchanged/);
  assert.equal(page.url(), before);
  // A reload shows what was on screen, not the failed URL.
  await page.reload();
  await page.waitForSelector('[data-testid="level-diagram"]');
  assert.match(await source(page), /Sample data/);
  // A URL that loads does go into the address.
  await page.fill('#url-input', ctx.srv.origin + '/fixtures/small.json');
  await page.click('button[type=submit]');
  await page.waitForURL(/data=/);
  assert.match(await source(page), /small\.json/);
});

test('a failed ?data= on first load does not claim data is on screen', async () => {
  const page = await open(ctx, `?data=${encodeURIComponent(ctx.srv.origin + '/broken/404')}`);
  await page.waitForSelector('[data-testid="load-error"]');
  const msg = await page.textContent('[data-testid="load-error"]');
  assert.match(msg, /nothing is loaded yet/);
  assert.doesNotMatch(msg, /unchanged/);
  // Nor that something is still loading, nor that a report of no problems is there to read.
  assert.equal(await page.textContent('[data-testid="main-empty"]'), 'No data is loaded.');
  assert.equal(await page.isVisible('[data-testid="report-toggle"]'), false);
  // The message stays: with nothing loaded it is what the page has to say.
  assert.equal(await page.isVisible('[data-testid="load-error"] >> text=Dismiss'), false);
  // The sample, opened from the message, brings both back.
  await page.click('[data-testid="load-error"] >> text=Open the sample instead');
  await page.waitForSelector('[data-testid="level-diagram"], [data-testid="headline-crq"]');
  assert.ok(await page.isVisible('[data-testid="report-toggle"]'));
});

