// The Content-Security-Policy is strict, and using every view breaks none of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { useApp, open } from './helpers.mjs';

const ctx = useApp();

test('index.html carries a CSP without unsafe-inline or unsafe-eval', () => {
  const html = fs.readFileSync('dist/index.html', 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(csp, 'a CSP meta tag');
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.match(csp, /connect-src 'self' https:/);
});

test('every subresource integrity in index.html is the SHA-384 of the file it names', () => {
  // trunk could hash the snippet shared by the page and the import view's module while the
  // other bindgen run had it truncated (the hash of an empty file: a blank page).
  const html = fs.readFileSync('dist/index.html', 'utf8');
  const tags = [...html.matchAll(/<link\b[^>]*\bhref="\.\/([^"]+)"[^>]*\bintegrity="sha384-([^"]+)"/g)];
  assert.ok(tags.some((t) => t[1].includes('snippets/')), 'the snippet is preloaded with an integrity');
  const empty = crypto.createHash('sha384').update('').digest('base64');
  for (const [, href, integrity] of tags) {
    const bytes = fs.readFileSync(`dist/${href}`);
    assert.ok(bytes.length > 0, `${href} is not empty`);
    assert.notEqual(integrity, empty, `${href}: not the hash of an empty file`);
    assert.equal(crypto.createHash('sha384').update(bytes).digest('base64'), integrity, href);
  }
});

test('every view, tooltip, chart, plan edit and URL load runs with zero CSP violations', async () => {
  const page = await open(ctx);
  const visit = async (q, selector) => {
    await page.goto(ctx.srv.url + q);
    await page.waitForSelector(selector);
  };
  await page.click('[data-testid="sort-crq"]');
  await visit('?view=diagram', '[data-testid="level-diagram"]');
  await page.hover('[data-testid="dim-trust"]');
  await page.click('[data-testid="dim-trust"]');
  await page.waitForSelector('[data-testid="distribution"]');
  await visit('?view=trends&compare=owner', '[data-testid="trend-chart"]');
  await page.focus('.tr-pt >> nth=0');
  await page.waitForSelector('.tr-wrap .tip');
  await visit('?view=account&account=A006', '[data-testid="add-action"]');
  await page.click('[data-testid="add-action"]');
  await visit('?view=drivers', '[data-testid="drivers-chart"]');
  await visit('?view=settings', '[data-testid="settings"]');
  await visit(`?data=${encodeURIComponent(ctx.srv.origin + '/fixtures/hostile.json')}&view=account&account=H1`, '[data-testid="comments"]');
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
});
