// The bundled sample opens from its scored wire form: no JSON reader on the page, no worker.
// Files are read, validated and scored in a Web Worker running the reader module (a module
// of its own, loaded only when needed); without a worker the same module runs on the page and
// the numbers are the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './server.mjs';
import { useApp, newPage, waitForApp, cliScores, dataValue, close, generated } from './helpers.mjs';

const ctx = useApp();

async function openFile(page, file) {
  await page.evaluate(() => { window.__rapportTimings = {}; });
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]')?.textContent.includes('generated.json'), null, { timeout: 30000 });
  return page.evaluate(() => window.__rapportTimings);
}

test('the sample opens without the reader module: numbers of the CLI, no worker, no JSON parsed', async () => {
  const expected = cliScores('public/data/sample.json').waves.at(-1).portfolio.crq.mean;
  const page = await newPage(ctx.browser);
  const reader = [];
  // The reader is not there at all: the sample opens all the same.
  await page.route('**/rapport-reader*', (route) => { reader.push(route.request().url()); return route.abort(); });
  await page.route('**/data/sample.json', (route) => route.abort());
  await page.goto(ctx.srv.url);
  await waitForApp(page);
  assert.ok(close(await dataValue(page, 'headline-crq'), expected, 1e-9));
  const timings = await page.evaluate(() => window.__rapportTimings);
  assert.equal(timings.worker_ms, undefined, 'no worker read the sample');
  // The load report gives the size of the sample's JSON, not of its wire form.
  const kb = Math.round((await import('node:fs')).statSync('public/data/sample.json').size / 1024);
  await page.click('[data-testid="report-toggle"]');
  assert.match(await page.textContent('[data-testid="load-report"]'), new RegExp(`${kb} KB`));
  // A file then needs the reader: a clear message, and the sample stays on screen.
  await page.setInputFiles('[data-testid="file-input"]', generated(['--accounts', '8', '--waves', '2', '--seed', '5']));
  await page.waitForSelector('[data-testid="load-error"]');
  assert.match(await page.textContent('[data-testid="load-error"]'), /generated\.json.*could not be used[\s\S]*data reader/);
  assert.ok(close(await dataValue(page, 'headline-crq'), expected, 1e-9));
  assert.ok(reader.length > 0, 'the reader was asked for only when a file came');
});

test('a file is read in the worker and shows the CLI numbers', async () => {
  const file = generated(['--accounts', '30', '--waves', '3', '--seed', '21']);
  const expected = cliScores(file).waves.at(-1).portfolio.crq.mean;
  const page = await newPage(ctx.browser);
  await page.goto(ctx.srv.url);
  await waitForApp(page);
  const timings = await openFile(page, file);
  assert.equal(typeof timings.worker_ms, 'number', 'the worker reported its reading time');
  assert.ok(close(await dataValue(page, 'headline-crq'), expected, 1e-9));
  assert.deepEqual(page.errors, []);
});

test('with the worker blocked, the page runs the reader itself: same numbers', async () => {
  const file = generated(['--accounts', '30', '--waves', '3', '--seed', '22']);
  const expected = cliScores(file).waves.at(-1).portfolio.crq.mean;
  const page = await newPage(ctx.browser);
  await page.route('**/worker.js', (route) => route.abort());
  await page.goto(ctx.srv.url);
  await waitForApp(page);
  const timings = await openFile(page, file);
  assert.equal(timings.worker_ms, undefined, 'no worker ran');
  assert.equal(typeof timings.read_ms, 'number', 'the file was read');
  assert.ok(close(await dataValue(page, 'headline-crq'), expected, 1e-9));
});

/** FNV-1a (64-bit) of a file's bytes, as hex: the identity plans are kept under. */
function fnv1a(file) {
  let h = 0xcbf29ce484222325n;
  for (const b of fs.readFileSync(file)) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}

async function exportedDataset(page) {
  await page.evaluate(() => { history.pushState(null, '', '?view=account&account=A001'); dispatchEvent(new PopStateEvent('popstate')); });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-plans"]')]);
  return JSON.parse(fs.readFileSync(await download.path(), 'utf8')).dataset;
}

test('a file of several parts is identified while the worker reads it: the same identity as on the page', async () => {
  // About 3.5 MB: the browser streams it to the worker in several parts, which the page
  // identifies as they come; with no worker the reader identifies the whole file itself.
  const file = generated(['--accounts', '600', '--waves', '4', '--seed', '3']);
  const expected = fnv1a(file);
  const inWorker = await newPage(ctx.browser);
  await inWorker.goto(ctx.srv.url);
  await waitForApp(inWorker);
  // Count the parts the worker passes on to the page.
  await inWorker.evaluate(() => {
    window.__parts = 0;
    const onmessage = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
    Object.defineProperty(Worker.prototype, 'onmessage', {
      set(f) { onmessage.set.call(this, f && ((e) => { if (e.data?.part) window.__parts++; return f(e); })); },
      get() { return onmessage.get.call(this); },
    });
  });
  const timings = await openFile(inWorker, file);
  assert.equal(typeof timings.worker_ms, 'number', 'read in the worker');
  const parts = await inWorker.evaluate(() => window.__parts);
  assert.ok(parts > 1, `the file came in several parts (${parts})`);
  assert.equal(await exportedDataset(inWorker), expected);

  const onPage = await newPage(ctx.browser);
  await onPage.route('**/worker.js', (route) => route.abort());
  await onPage.goto(ctx.srv.url);
  await waitForApp(onPage);
  assert.equal((await openFile(onPage, file)).worker_ms, undefined, 'read on the page');
  assert.equal(await exportedDataset(onPage), expected);
});

test('a URL is downloaded in the worker, straight into the reader: the page identifies the parts as they come and keeps the file', async () => {
  // About 3.5 MB, served (with the app: the page loads only from its own site or https) by a
  // server of its own: it comes in several parts.
  const file = generated(['--accounts', '600', '--waves', '4', '--seed', '3']);
  const original = JSON.parse(fs.readFileSync(file, 'utf8'));
  const expected = cliScores(file).waves.at(-1).portfolio.crq.mean;
  const srv = await startServer({ fixtures: path.dirname(file) });
  try {
    const page = await newPage(ctx.browser);
    await page.goto(srv.url);
    await waitForApp(page);
    // Count the parts the worker passes on, note what the page itself fetches, and each
    // status line shown.
    await page.evaluate(() => {
      window.__parts = 0;
      window.__fetched = [];
      window.__status = [];
      const onmessage = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
      Object.defineProperty(Worker.prototype, 'onmessage', {
        set(f) { onmessage.set.call(this, f && ((e) => { if (e.data?.part?.length) window.__parts++; return f(e); })); },
        get() { return onmessage.get.call(this); },
      });
      const fetch = window.fetch;
      window.fetch = (input, init) => { window.__fetched.push(String(input)); return fetch.call(window, input, init); };
      new MutationObserver(() => {
        const busy = document.querySelector('[data-testid="busy"]')?.textContent;
        if (busy && busy !== window.__status.at(-1)) window.__status.push(busy);
      }).observe(document, { subtree: true, childList: true, characterData: true });
      window.__rapportTimings = {};
    });
    const url = `${srv.origin}/fixtures/generated.json`;
    await page.fill('#url-input', url);
    await page.click('button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]')?.textContent.includes('generated.json'), null, { timeout: 30000 });
    assert.ok(close(await dataValue(page, 'headline-crq'), expected, 1e-9));
    const seen = await page.evaluate(() => ({ parts: window.__parts, fetched: window.__fetched, status: window.__status, timings: window.__rapportTimings }));
    assert.ok(seen.parts > 1, `the file came in several parts (${seen.parts})`);
    assert.equal(typeof seen.timings.worker_ms, 'number', 'read in the worker');
    assert.deepEqual(seen.fetched.filter((u) => u.includes('generated.json')), [], 'the page did not fetch the file itself');
    const mb = (fs.statSync(file).size / 1024 / 1024).toFixed(1);
    assert.ok(seen.status.some((t) => /^Downloading .*generated\.json… \d/.test(t)), `the download counted: ${seen.status}`);
    assert.ok(seen.status.includes(`Reading and scoring ${mb} MB…`), `then read: ${seen.status}`);
    // The file kept from the parts: the evidence module reads it again, and it is exported
    // whole (its identity the file's; its responses the file's).
    await page.waitForSelector('[data-testid="revenue-at-risk-detail"]', { timeout: 30000 });
    assert.equal(await exportedDataset(page), fnv1a(file));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-data"]')]);
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(exported.responses, original.responses);
    assert.deepEqual(page.errors, []);
  } finally {
    await srv.close();
  }
});

test('a URL without a worker to read it says so and how to open the file instead; the data on screen stays', async () => {
  const page = await newPage(ctx.browser);
  await page.route('**/worker.js', (route) => route.abort());
  await page.goto(ctx.srv.url);
  await waitForApp(page);
  const before = await dataValue(page, 'headline-crq');
  await page.fill('#url-input', `${ctx.srv.origin}/fixtures/small.json`);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid="load-error"]');
  const msg = await page.textContent('[data-testid="load-error"]');
  assert.match(msg, /small\.json could not be used/);
  assert.match(msg, /could not be read beside the page .*; download the file and open it here/);
  assert.equal(await dataValue(page, 'headline-crq'), before);
});

test('the worker downloads only from this site or https itself (a page policy does not govern it), and answers so after it is ready', async () => {
  const page = await newPage(ctx.browser);
  await page.goto(ctx.srv.url);
  await waitForApp(page);
  const messages = await page.evaluate(async () => {
    const module = await WebAssembly.compileStreaming(fetch('rapport-reader_bg.wasm'));
    const worker = new Worker('worker.js', { type: 'module' });
    const got = [];
    const done = new Promise((resolve) => {
      worker.onmessage = (e) => { got.push(e.data); if (got.length === 2) resolve(); };
    });
    worker.postMessage({ glue: new URL('rapport-reader.js', location.href).href, module });
    worker.postMessage({ url: 'http://example.invalid/data.json' });
    await done;
    worker.terminate();
    return got;
  });
  assert.deepEqual(messages, [{ ready: true }, { download: 1, n: 0, text: 'http://example.invalid/data.json' }]);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'nothing was asked of that address');
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

test('once data is on screen, a worker is started while the page is idle (the first warms the reader up); a file is read in it at once, and another is started for the next', async () => {
  const page = await newPage(ctx.browser);
  const workers = [];
  page.on('worker', (worker) => workers.push(worker));
  const urls = [];
  page.on('request', (r) => { if (r.url().includes('/rapport-reader')) urls.push(r.url()); });
  // When each worker of the page was made, on the page's clock.
  await page.addInitScript(() => {
    window.__made = [];
    const Made = window.Worker;
    window.Worker = class extends Made {
      constructor(...args) { super(...args); window.__made.push(performance.now()); }
    };
  });
  // The trends view: on the overview the evidence module reads the file again, in a worker
  // of its own (with the page's compiled reader).
  await page.goto(ctx.srv.url + '?view=trends');
  await page.waitForSelector('[data-testid="trend-chart"]', { timeout: 30000 });
  // The spare worker starts shortly after the sample is on screen, and is ready.
  await page.waitForFunction(() => window.__rapportTimings?.spare_ready > 0, null, { timeout: 10000 });
  assert.equal(workers.length, 1, 'a spare worker started after the sample');
  // A file at once, while the warm-up may still run: it is read in the spare, no worker is
  // made for it.
  const file = generated(['--accounts', '30', '--waves', '2', '--seed', '11']);
  const expected = cliScores(file).waves.at(-1).portfolio.crq.mean;
  const asked = await page.evaluate(() => performance.now());
  const timings = await openFile(page, file);
  assert.equal(typeof timings.worker_ms, 'number', 'read in a worker');
  const read = timings.accept_start + timings.read_ms;
  const made = await page.evaluate(() => window.__made);
  assert.equal(made.filter((t) => t >= asked && t <= read).length, 0, `no worker made while the file was read: ${made} (asked ${asked}, read by ${read})`);
  // The next file's spare, once the page is idle again.
  await page.waitForFunction(() => window.__rapportTimings.spare_ready > 0, null, { timeout: 10000 });
  assert.equal(await page.evaluate(() => window.__made.length), 2);
  // The overview: its numbers, and its evidence read with the reader already compiled.
  await page.click('[data-testid="nav-overview"]');
  assert.ok(close(await dataValue(page, 'headline-crq'), expected, 1e-9));
  await page.waitForSelector('[data-testid="revenue-at-risk-detail"]', { timeout: 30000 });
  const version = await page.getAttribute('meta[name="rapport-reader"]', 'content');
  assert.match(version, /^[0-9a-f]{16}$/, 'the page names the reader\'s version');
  const wasm = urls.filter((u) => u.includes('/rapport-reader_bg.wasm'));
  assert.deepEqual(wasm.map((u) => new URL(u).search), [`?v=${version}`], 'the reader module was downloaded (and compiled) once for both, at its version');
  assert.ok(urls.some((u) => u.includes(`/rapport-reader.js?v=${version}`)), 'its glue at the same version');
  assert.deepEqual(page.errors, []);
});
