// Large and oversized inputs: 10,000 accounts stay usable; a file over the limit is refused
// before it is read, with the limit named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, open, generated, cliScores, dataValue, close } from './helpers.mjs';

const ctx = useApp();

test('10,000 accounts: the headline matches the CLI and the table pages', async () => {
  const file = generated(['--accounts', '10000', '--waves', '2', '--seed', '3', '--no-actions']);
  const page = await open(ctx);
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]')?.textContent.includes('generated.json'), null, { timeout: 120000 });
  const latest = cliScores(file).waves.at(-1).portfolio;
  assert.ok(close(await dataValue(page, 'headline-crq'), latest.crq.mean, 1e-9));
  // A large table renders a page in two halves, the second a frame later.
  const rows = (n) => page.waitForFunction((n) => document.querySelectorAll('[data-testid="account-row"]').length === n, n);
  await rows(100);
  await page.click('[data-testid="more-rows"]');
  await rows(200);
  const pager = await page.textContent('.pager');
  assert.match(pager, /Showing 200 of 99\d\d/, 'accounts with a response in the latest wave');
  // Sorted by CRQ, the order runs on across both halves.
  await page.click('[data-testid="sort-crq"]');
  await page.waitForFunction(() => {
    const v = [...document.querySelectorAll('[data-testid="account-row"] td[data-value]')].map((td) => td.dataset.value);
    return v.length === 200 && v.every((x, i) => i === 0 || Number(v[i - 1]) <= Number(x));
  });
});

test('a file over the size limit is refused before it is read, naming the limit', async () => {
  const page = await open(ctx);
  const before = await dataValue(page, 'headline-crq');
  await page.evaluate(() => {
    const mb = new Uint8Array(1 << 20);
    const file = new File(Array(513).fill(mb), 'huge.json', { type: 'application/json' });
    const dt = new DataTransfer();
    dt.items.add(file);
    document.querySelector('.app').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForSelector('[data-testid="load-error"]');
  const msg = await page.textContent('[data-testid="load-error"]');
  assert.match(msg, /huge\.json/);
  assert.match(msg, /513\.0 MB; the limit is 512\.0 MB/);
  assert.equal(await dataValue(page, 'headline-crq'), before);
});

test('2,000 accounts: every view stays under a few thousand SVG nodes, tables page', async () => {
  const file = generated(['--accounts', '2000', '--waves', '4', '--seed', '5']);
  const page = await open(ctx);
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]')?.textContent.includes('generated.json'), null, { timeout: 120000 });
  const counts = {};
  const firstAccount = await page.getAttribute('[data-testid="account-row"]', 'data-account');
  const views = { overview: '?view=overview', diagram: '?view=diagram', trends: '?view=trends', drivers: '?view=drivers', account: `?view=account&account=${firstAccount}`, settings: '?view=settings' };
  for (const [view, query] of Object.entries(views)) {
    // In-app navigation (history + popstate), keeping the opened file.
    await page.evaluate((q) => { history.pushState(null, '', q); dispatchEvent(new PopStateEvent('popstate')); }, query);
    await page.waitForTimeout(300);
    counts[view] = await page.evaluate(() => ({
      svg: document.querySelectorAll('svg *').length,
      rows: document.querySelectorAll('tbody tr').length,
      accountRows: document.querySelectorAll('[data-testid="account-row"]').length,
    }));
  }
  for (const [view, c] of Object.entries(counts)) {
    assert.ok(c.svg < 3000, `${view}: ${c.svg} SVG nodes`);
    assert.ok(c.rows <= 150, `${view}: ${c.rows} table rows`);
  }
  assert.equal(counts.overview.accountRows, 100, 'the accounts table shows its first page');
});
