// The app opens on the bundled sample and shows the same headline numbers as the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newPage, waitForApp, cliScores, dataValue } from './helpers.mjs';

const ctx = useApp();

test('opens on the sample, says so, and shows the CLI headline numbers', async () => {
  const page = await newPage(ctx.browser);
  await page.goto(ctx.srv.url);
  await waitForApp(page);
  const source = await page.textContent('[data-testid="data-source"]');
  assert.match(source, /Sample data/);

  const scores = cliScores('public/data/sample.json');
  const latest = scores.waves.at(-1).portfolio;
  assert.ok(Math.abs((await dataValue(page, 'headline-crq')) - latest.crq.mean) < 1e-12);
  assert.ok(Math.abs((await dataValue(page, 'headline-nps')) - latest.nps.score) < 1e-12);
  assert.ok(Math.abs((await dataValue(page, 'headline-response-rate')) - latest.response_rate) < 1e-12);
  assert.equal(await page.textContent('[data-testid="headline-crq"]'), latest.crq.mean.toFixed(2));
  assert.deepEqual(page.errors, []);
});
