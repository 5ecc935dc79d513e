// The model view: defaults are labelled as Rapport's own, and the aggregation can be switched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, open, dataValue } from './helpers.mjs';

const ctx = useApp();

test('switching aggregation changes the headline and is kept in the URL', async () => {
  const page = await open(ctx, '?view=settings');
  await page.waitForSelector('[data-testid="settings"]');
  assert.match(await page.textContent('[data-testid="settings"]'), /Rapport's own model/);
  await page.check('[data-testid="agg-respondent"]');
  await page.waitForURL(/agg=respondent/);
  await page.click('[data-testid="nav-overview"]');
  await page.waitForSelector('[data-testid="headline-crq"]');
  const respondent = await dataValue(page, 'headline-crq');
  assert.match(await page.textContent('.ov-intro'), /weighted by respondent/);
  await page.goBack();
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes('agg='));
  await page.click('[data-testid="nav-overview"]');
  const account = await dataValue(page, 'headline-crq');
  assert.notEqual(respondent, account);
});

test('the load report can be reopened at any time', async () => {
  const page = await open(ctx);
  assert.equal(await page.$('[data-testid="load-report"]'), null);
  await page.click('[data-testid="report-toggle"]');
  await page.waitForSelector('[data-testid="load-report"]');
  assert.match(await page.textContent('[data-testid="load-report"]'), /1\d{3} of 1\d{3} responses are scored/);
});
