// Bad inputs in the browser: each is explained with its place and reason, nothing runs,
// and the data already on screen stays usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { useApp, open, dataValue } from './helpers.mjs';

const ctx = useApp();
const valid = fs.readFileSync('tests/fixtures/small.json', 'utf8');
const doc = () => JSON.parse(valid);

const rejected = [
  ['empty.json', Buffer.from(''), /empty/],
  ['truncated.json', Buffer.from(valid.slice(0, 300)), /line \d+:\d+.*truncated/s],
  ['trailing.json', Buffer.from('{"format": "rapport/1",}'), /line 1:24.*trailing comma/s],
  ['comment.json', Buffer.from('// hi\n{}'), /line 1:1.*not valid JSON/s],
  ['nan.json', Buffer.from('{"format": "rapport/1", "x": NaN}'), /no NaN/],
  ['deep.json', Buffer.from('['.repeat(5000)), /nested too deeply/],
  ['array.json', Buffer.from('[1, 2]'), /not_an_object.*not an array|must be a JSON object/s],
  ['scalar.json', Buffer.from('42'), /must be a JSON object/],
  ['latin1.json', Buffer.from('{"title": "Caf\xe9"}', 'latin1'), /line 1:15.*not UTF-8/s],
  ['utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid, 'utf16le')]), /UTF-16/],
  ['utf16-nobom.json', Buffer.from(valid, 'utf16le'), /UTF-16 text without a byte-order mark/],
  ['nul.json', Buffer.from('{"format":\n  "rap\u0000port/1"}'), /line 2:7.*NUL byte \(0x00\) at offset 17/s],
  ['data.json.gz', zlib.gzipSync(valid), /gzip/],
  ['book.xlsx', Buffer.from('PK\x03\x04 rest of a zip', 'latin1'), /xlsx/],
  ['report.pdf', Buffer.from('%PDF-1.7 ...'), /PDF/],
  ['format.json', Buffer.from('{"format": "rapport/2", "waves": [], "accounts": [], "responses": []}'), /\/format.*rapport\/1/s],
  ['dates.json', Buffer.from(valid.replaceAll('-03-31', '-02-30')), /\/waves\/0\/closed.*YYYY-MM-DD/s],
];

for (const [name, bytes, pattern] of rejected) {
  test(`rejected with place and reason: ${name}`, async () => {
    const page = await open(ctx);
    const before = await dataValue(page, 'headline-crq');
    await page.setInputFiles('[data-testid="file-input"]', { name, mimeType: 'application/octet-stream', buffer: bytes });
    await page.waitForSelector('[data-testid="load-error"]');
    const msg = await page.textContent('[data-testid="load-error"]');
    assert.match(msg, new RegExp(name.replace('.', '\\.')));
    assert.match(msg, pattern);
    assert.equal(await dataValue(page, 'headline-crq'), before, 'the data on screen is untouched');
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
  });
}

const withProblems = [
  ['duplicate keys', (d) => JSON.stringify(d).replace('"title":', '"title": "x", "title":'), [['/title', 'duplicate_key']]],
  ['numbers as strings', (d) => { d.responses[0].ratings.trust = '6'; return JSON.stringify(d); }, [['/responses/0/ratings/trust', 'wrong_type']]],
  ['non-integer NPS', (d) => { d.responses[0].nps = 8.5; return JSON.stringify(d); }, [['/responses/0/nps', 'bad_nps']]],
  ['duplicate account id', (d) => { d.accounts.push({ ...d.accounts[0] }); return JSON.stringify(d); }, [['/accounts/2/id', 'duplicate_id']]],
];

for (const [what, make, expected] of withProblems) {
  test(`accepted, with every problem listed in the load report: ${what}`, async () => {
    const page = await open(ctx);
    await page.setInputFiles('[data-testid="file-input"]', { name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(make(doc())) });
    await page.click('[data-testid="load-note-report"]');
    await page.waitForSelector('[data-testid="load-report"]');
    // Each group of the report is a <tbody> naming its code; its rows give the places.
    const rows = await page.$$eval('[data-testid="rp-group"]', (groups) =>
      groups.flatMap((g) => [...g.querySelectorAll('tr.rp-row')].map((tr) => [tr.children[0].textContent, g.dataset.code])));
    for (const e of expected) assert.ok(rows.some((r) => r[0] === e[0] && r[1] === e[1]), `${e} in ${JSON.stringify(rows)}`);
  });
}

test('110,000 problems: the load report groups them by code, shows the first few of each and pages on', async () => {
  const d = doc();
  const ratings = { trust: 6, commitment: 6, reliability: 6, responsiveness: 6 };
  const { wave, account } = d.responses[0];
  for (const a of d.accounts) delete a.invited;
  // Every response names its respondent twice (a warning); every tenth has an NPS of 11,
  // which leaves the response out of scoring (10,000 problems that exclude).
  d.responses = Array.from({ length: 100000 }, (_, i) => ({ wave, account, respondent: `r${i}`, ratings, nps: i % 10 ? 7 : 11 }));
  const text = JSON.stringify(d).replaceAll('"respondent":"r', '"respondent":"x","respondent":"r');
  const page = await open(ctx);
  await page.setInputFiles('[data-testid="file-input"]', { name: 'many.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('many.json'), null, { timeout: 60000 });
  await page.click('[data-testid="load-note-report"]');
  await page.waitForSelector('[data-testid="load-report"]');
  const groups = () => page.$$eval('[data-testid="rp-group"]', (gs) => gs.map((g) => ({
    code: g.dataset.code,
    count: Number(g.dataset.count),
    places: [...g.querySelectorAll('tr.rp-row')].map((tr) => tr.children[0].textContent),
    more: g.querySelector('[data-testid="rp-more"]')?.textContent ?? null,
  })));
  const first = await groups();
  assert.deepEqual(first.map((g) => [g.code, g.count]), [['bad_nps', 10000], ['duplicate_key', 100000]]);
  assert.deepEqual(first[0].places, [0, 10, 20, 30, 40].map((i) => `/responses/${i}/nps`));
  assert.deepEqual(first[1].places, [0, 1, 2, 3, 4].map((i) => `/responses/${i}/respondent`));
  assert.equal(first[0].more, 'Show 100 more (9995 not shown)');
  assert.equal(first[1].more, 'Show 100 more (99995 not shown)');
  // With the keyboard: the button keeps the focus, to press again.
  await page.focus('[data-testid="rp-group"] >> nth=0 >> [data-testid="rp-more"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="rp-group"]').querySelectorAll('tr.rp-row').length > 5);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Show 100 more (9895 not shown)');
  const second = await groups();
  assert.equal(second[0].places.length, 105);
  assert.equal(second[0].places[104], '/responses/1040/nps');
  assert.equal(second[0].more, 'Show 100 more (9895 not shown)');
  assert.equal(second[1].places.length, 5, 'the other group keeps its page');
});

test('the last page of a group: its button goes, and the keyboard focus moves to the group, not to the page', async () => {
  const d = doc();
  const { wave, account } = d.responses[0];
  for (const a of d.accounts) delete a.invited;
  const ratings = { trust: 6, commitment: 6, reliability: 6, responsiveness: 6 };
  d.responses = Array.from({ length: 20 }, (_, i) => ({ wave, account, respondent: `r${i}`, ratings, nps: i < 7 ? 11 : 7 }));
  const page = await open(ctx);
  await page.setInputFiles('[data-testid="file-input"]', { name: 'seven.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(d)) });
  await page.click('[data-testid="load-note-report"]');
  const group = page.locator('[data-testid="rp-group"][data-code="bad_nps"]');
  assert.equal(await group.getAttribute('data-count'), '7');
  assert.equal(await group.locator('[data-testid="rp-more"]').textContent(), 'Show 2 more (2 not shown)');
  await group.locator('[data-testid="rp-more"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-code="bad_nps"]').querySelectorAll('tr.rp-row').length === 7);
  assert.equal(await group.locator('[data-testid="rp-more"]').isVisible(), false);
  await page.waitForFunction(() => document.activeElement.closest('[data-code="bad_nps"]') !== null);
  assert.match(await page.evaluate(() => document.activeElement.textContent), /^7 excluded · bad_nps$/);
});

test('no responses left after the filters: an empty state, never NaN', async () => {
  const page = await open(ctx, `?data=${encodeURIComponent(ctx.srv.origin + '/fixtures/small.json')}&segment=Y&wave=w2`);
  await page.waitForSelector('[data-testid="empty-state"]');
  assert.doesNotMatch(await page.textContent('.main'), /NaN/);
  await page.goto(`${ctx.srv.url}?data=${encodeURIComponent(ctx.srv.origin + '/fixtures/small.json')}&segment=Y&wave=w2&view=diagram`);
  await page.waitForSelector('[data-testid="level-diagram"]');
  assert.doesNotMatch(await page.textContent('.main'), /NaN/);
});

test('n = 1 has no interval; all promoters get a real interval', async () => {
  const d = doc();
  d.waves = [{ id: 'w1', closed: '2024-01-01' }];
  d.accounts = [{ id: 'A' }];
  d.responses = [{ wave: 'w1', account: 'A', respondent: 'r1', ratings: { trust: 6, commitment: 6, reliability: 6, responsiveness: 6 }, nps: 10 }];
  d.actions = [];
  const page = await open(ctx);
  await page.setInputFiles('[data-testid="file-input"]', { name: 'one.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(d)) });
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('one.json'));
  const kpis = await page.textContent('.kpis');
  assert.match(kpis, /no interval \(n < 2\)/);
  assert.match(kpis, /indicative/);
  assert.match(kpis, /95% CI -\d+ to \+\d+/, 'one promoter: NPS +100 with a wide adjusted-Wald interval');
});

test('more responses than invited: a located warning, and the rate says to check `invited`', async () => {
  const d = doc();
  // small.json: account A has 2 valid responses in w2; say 1 was invited (rate 200%).
  d.accounts[0].invited = { w1: 4, w2: 1 };
  const page = await open(ctx);
  await page.setInputFiles('[data-testid="file-input"]', { name: 'over.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(d)) });
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('over.json'));
  if (!(await page.$('[data-testid="load-report"]'))) await page.click('[data-testid="report-toggle"]');
  const report = await page.textContent('[data-testid="load-report"]');
  assert.match(report, /\/accounts\/0\/invited\/w2/);
  assert.match(report, /more_than_invited/);
  assert.match(await page.textContent('[data-testid="headline-response-rate"]'), /over 100%: check `invited`/);
  assert.equal(await dataValue(page, 'headline-response-rate'), 2);
});
