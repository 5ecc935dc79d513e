// Files are read, validated and scored in a Web Worker; without one (blocked, or a browser
// that cannot start it) the same code runs on the page and the numbers are the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newPage, waitForApp, cliScores, dataValue, close, generated } from './helpers.mjs';

const ctx = useApp();

async function sampleHeadline(block) {
  const page = await newPage(ctx.browser);
  if (block) await page.route('**/worker.js', (route) => route.abort());
  await page.goto(ctx.srv.url);
  await waitForApp(page);
  const timings = await page.evaluate(() => window.__rapportTimings);
  return { page, timings, crq: await dataValue(page, 'headline-crq') };
}

test('the sample is read in the worker and shows the CLI numbers', async () => {
  const expected = cliScores('public/data/sample.json').waves.at(-1).portfolio.crq.mean;
  const { page, timings, crq } = await sampleHeadline(false);
  assert.equal(typeof timings.worker_ms, 'number', 'the worker reported its reading time');
  assert.ok(close(crq, expected, 1e-9));
  assert.deepEqual(page.errors, []);
});

test('with the worker blocked, the page reads the file itself: same numbers', async () => {
  const expected = cliScores('public/data/sample.json').waves.at(-1).portfolio.crq.mean;
  const { timings, crq } = await sampleHeadline(true);
  assert.equal(timings.worker_ms, undefined, 'no worker ran');
  assert.ok(close(crq, expected, 1e-9));
});

test('a rejected file read in the worker is explained, the data on screen stays', async () => {
  const page = await newPage(ctx.browser);
  await page.goto(ctx.srv.url);
  await waitForApp(page);
  const before = await dataValue(page, 'headline-crq');
  await page.setInputFiles('[data-testid="file-input"]', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "rapport/1", "waves": 3}') });
  await page.waitForSelector('[data-testid="load-error"]');
  const msg = await page.textContent('[data-testid="load-error"]');
  assert.match(msg, /bad\.json/);
  assert.match(msg, /\/waves/);
  assert.equal(await dataValue(page, 'headline-crq'), before);
});

test('after the sample, an idle worker warms the reader up; a file that comes meanwhile stops it and is read as usual', async () => {
  const page = await newPage(ctx.browser);
  const workers = [];
  page.on('worker', (worker) => workers.push(worker));
  await page.goto(ctx.srv.url);
  await waitForApp(page);
  // One worker read the sample; a second one starts shortly after to warm up.
  const deadline = Date.now() + 10000;
  while (workers.length < 2 && Date.now() < deadline) await page.waitForTimeout(20);
  assert.equal(workers.length, 2, 'a warm-up worker started after the sample was read');
  // A file at once, while the warm-up may still run.
  const file = generated(['--accounts', '30', '--waves', '2', '--seed', '11']);
  const expected = cliScores(file).waves.at(-1).portfolio.crq.mean;
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]')?.textContent.includes('generated.json'));
  assert.ok(close(await dataValue(page, 'headline-crq'), expected, 1e-9));
  assert.deepEqual(page.errors, []);
});
