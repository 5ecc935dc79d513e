// Loading: a file (picker and drop), a URL, a shared link, bad files and failed URLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useApp, open, generated, cliScores, dataValue, close } from './helpers.mjs';

const ctx = useApp();

test('a picked file replaces the sample and shows the CLI numbers', async () => {
  const file = generated(['--accounts', '25', '--waves', '3', '--seed', '99']);
  const page = await open(ctx);
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('generated.json'));
  const latest = cliScores(file).waves.at(-1).portfolio;
  assert.ok(close(await dataValue(page, 'headline-crq'), latest.crq.mean, 1e-12));
  assert.ok(close(await dataValue(page, 'headline-nps'), latest.nps.score, 1e-12));
});

test('a dropped file is opened', async () => {
  const page = await open(ctx);
  const text = fs.readFileSync('tests/fixtures/small.json', 'utf8');
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'dropped.json', { type: 'application/json' }));
    return d;
  }, text);
  await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('dropped.json'));
  // small.json has three excluded records: one line says so, and the load report it opens
  // lists them (it does not push the headlines away by itself).
  await page.waitForSelector('[data-testid="load-note"]');
  assert.match(await page.textContent('[data-testid="load-note"]'), /^3 record\(s\) left out of scoring, \d+ warning\(s\) — see the load report$/);
  assert.equal(await page.$('[data-testid="load-report"]'), null);
  await page.click('[data-testid="load-note-report"]');
  await page.waitForSelector('[data-testid="load-report"]');
  assert.equal(await page.$('[data-testid="load-note"]'), null);
  assert.equal(await page.getAttribute('[data-testid="load-report"]', 'data-excluded'), '3');
  assert.match(await page.textContent('[data-testid="load-report"]'), /\/responses\/4\/account/);
  assert.ok(close(await dataValue(page, 'headline-crq'), 107 / 18));
});

test('?data= loads a URL, and the link survives reload', async () => {
  const url = ctx.srv.origin + '/fixtures/small.json';
  const page = await open(ctx, `?data=${encodeURIComponent(url)}&view=diagram`);
  await page.waitForSelector('[data-testid="level-diagram"]');
  assert.match(await page.textContent('[data-testid="data-source"]'), /fixtures\/small.json/);
  await page.reload();
  await page.waitForSelector('[data-testid="level-diagram"]');
  assert.match(await page.textContent('[data-testid="data-source"]'), /fixtures\/small.json/);
});

test('the URL field loads a data set', async () => {
  const page = await open(ctx);
  await page.fill('#url-input', ctx.srv.origin + '/fixtures/small.json');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('small.json'));
  assert.match(page.url(), /data=/);
});

test('a bad file is explained and the data on screen stays', async () => {
  const page = await open(ctx);
  const before = await dataValue(page, 'headline-crq');
  await page.setInputFiles('[data-testid="file-input"]', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "rapport/1", "waves": [1,],}') });
  await page.waitForSelector('[data-testid="load-error"]');
  const msg = await page.textContent('[data-testid="load-error"]');
  assert.match(msg, /broken\.json/);
  assert.match(msg, /line 1:37/);
  assert.match(msg, /trailing comma/);
  assert.equal(await dataValue(page, 'headline-crq'), before);
  assert.match(await page.textContent('[data-testid="data-source"]'), /Sample data/);
});

for (const [name, path, pattern] of [
  ['404', '/broken/404', /404/],
  ['an HTML page', '/broken/html', /web page \(HTML\)/],
]) {
  test(`a failed URL (${name}) is explained and the data on screen stays`, async () => {
    const page = await open(ctx);
    const before = await dataValue(page, 'headline-crq');
    await page.fill('#url-input', ctx.srv.origin + path);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid="load-error"]');
    assert.match(await page.textContent('[data-testid="load-error"]'), pattern);
    assert.equal(await dataValue(page, 'headline-crq'), before);
  });
}

test('an unreachable URL (refused) is explained', async () => {
  const page = await open(ctx);
  await page.fill('#url-input', 'https://127.0.0.1:9/none.json');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid="load-error"]');
  assert.match(await page.textContent('[data-testid="load-error"]'), /could not be reached|CORS/);
});

for (const address of ['javascript:alert(1)', 'data:application/json,{}', 'file:///etc/passwd', 'http://example.invalid/data.json']) {
  test(`an address the page may not load from is refused before it is asked, and says why: ${address}`, async () => {
    const page = await open(ctx);
    const before = await dataValue(page, 'headline-crq');
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.fill('#url-input', address);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid="load-error"]');
    const msg = await page.textContent('[data-testid="load-error"]');
    assert.match(msg, /only from https addresses or from this site/);
    assert.doesNotMatch(msg, /CORS\)\./, 'not called unreachable');
    assert.equal(await dataValue(page, 'headline-crq'), before);
    // (The page's own files may load meanwhile: nothing is asked of any other place.)
    assert.deepEqual(requests.filter((u) => !u.startsWith(ctx.srv.origin)), [], 'nothing was fetched');
    assert.deepEqual(await page.evaluate(() => window.__csp), [], 'the policy never had to refuse it');
  });
}

test('a server that falls silent is given up after 30 seconds of silence, and says so', async () => {
  const page = await open(ctx);
  const before = await dataValue(page, 'headline-crq');
  await page.clock.install();
  await page.fill('#url-input', ctx.srv.origin + '/broken/slow');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid="busy"]:has-text("Downloading")');
  await page.clock.fastForward(29000);
  await page.waitForTimeout(300);
  assert.equal(await page.$('[data-testid="load-error"]'), null, 'still waiting at 29 s');
  await page.clock.fastForward(2000);
  await page.waitForSelector('[data-testid="load-error"]');
  assert.match(await page.textContent('[data-testid="load-error"]'), /Nothing arrived for 30 seconds; the download was stopped/);
  assert.equal(await dataValue(page, 'headline-crq'), before);
});

test('a slow but live server is not cut off: each piece restarts the wait, and the status line counts the bytes', async () => {
  const page = await open(ctx);
  await page.clock.install();
  // small.json (2,665 bytes) in pieces of 1,100 bytes, 700 ms apart; 25 s of (fake) time
  // passes after each of the first two: over 50 s in all, but never 30 s without a byte.
  await page.fill('#url-input', ctx.srv.origin + '/trickle/700/1100/small.json');
  await page.click('button[type=submit]');
  for (const kb of ['1 KB', '2 KB']) {
    await page.waitForSelector(`[data-testid="busy"]:has-text("… ${kb}")`);
    await page.clock.fastForward(25000);
  }
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('/trickle/'));
  assert.equal(await page.$('[data-testid="load-error"]'), null);
  assert.ok(close(await dataValue(page, 'headline-crq'), 107 / 18));
});

test('a compressed body that expands past 512 MB is stopped at the limit as it arrives', async () => {
  const page = await open(ctx);
  const before = await dataValue(page, 'headline-crq');
  await page.fill('#url-input', ctx.srv.origin + '/broken/gzip-bomb');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid="load-error"]', { timeout: 60000 });
  assert.match(await page.textContent('[data-testid="load-error"]'), /passed the limit of 512\.0 MB and was stopped/);
  assert.equal(await dataValue(page, 'headline-crq'), before);
});

test('a newest wave without responses yet: the app opens on the newest wave with some, and says so in one line', async () => {
  const d = JSON.parse(fs.readFileSync('tests/fixtures/small.json', 'utf8'));
  d.waves.push({ id: 'w3', label: 'Third', closed: '2025-03-31' });
  const page = await open(ctx);
  await page.setInputFiles('[data-testid="file-input"]', { name: 'unanswered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(d)) });
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('unanswered.json'));
  // Wave "Second" (w2), as in the drop test above: 107/18.
  assert.ok(close(await dataValue(page, 'headline-crq'), 107 / 18));
  assert.equal(await page.inputValue('[data-testid="filter-wave"]'), 'w2');
  assert.match(await page.textContent('[data-testid="load-note"]'),
    /^Third has no responses yet: showing Second, the newest wave with responses\.\s*3 record\(s\) left out/);
  assert.equal(await page.$('[data-testid="load-report"]'), null);
  // Chosen on purpose, the unanswered wave is shown as empty, and the line says no more about it.
  await page.selectOption('[data-testid="filter-wave"]', 'w3');
  await page.waitForSelector('[data-testid="empty-state"]');
  assert.doesNotMatch(await page.textContent('[data-testid="load-note"]'), /no responses yet/);
});

test('Copy link: copied with the view and filters, and said plainly when the data came from a file', async () => {
  const page = await open(ctx, '?segment=Telecom');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.srv.origin });
  await page.click('[data-testid="copy-link"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="copy-link-said"]').textContent !== '');
  assert.equal(await page.textContent('[data-testid="copy-link-said"]'), 'Link copied.');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.evaluate(() => location.href));
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /segment=Telecom/);
  // Data opened from a file: the link cannot carry it, and the message says how to share it.
  await page.setInputFiles('[data-testid="file-input"]', 'tests/fixtures/small.json');
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('small.json'));
  await page.click('[data-testid="copy-link"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="copy-link-said"]').textContent.includes('small.json'));
  assert.match(await page.textContent('[data-testid="copy-link-said"]'), /^Link copied\. It opens the view and filters, but not “small\.json”: data opened from a file stays in this browser\..*\?data=/);
});

test('a link whose filters this data set does not have says so, and offers the whole data set', async () => {
  const page = await open(ctx, '?segment=Banking&owner=Nobody');
  await page.waitForSelector('[data-testid="load-note"]');
  assert.match(await page.textContent('[data-testid="load-note"]'), /^This data set has no segment “Banking”, no owner “Nobody”: the link was made for other data\./);
  await page.click('[data-testid="load-note-clear"]');
  await page.waitForSelector('[data-testid="headline-crq"]');
  assert.equal(await page.$('[data-testid="load-note"]'), null);
  assert.doesNotMatch(await page.evaluate(() => location.search), /segment|owner/);
});
