// Trend charts: every metric, comparisons of up to five series, one-wave data explained.
import fs from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, open, newPage } from './helpers.mjs';

const ctx = useApp();

test('trend view draws the metric over four waves and small multiples of all metrics', async () => {
  const page = await open(ctx, '?view=trends');
  await page.waitForSelector('[data-testid="trend-chart"]');
  const charts = await page.$$('[data-testid="trend-chart"]');
  assert.equal(charts.length, 1 + 16);
  assert.equal(await charts[0].getAttribute('data-waves'), '4');
  // Under the axis each wave is named, with the month it closed below.
  const labels = await charts[0].$$eval('text.tr-tick:has(tspan)', (t) => t.map((x) => [...x.children].map((c) => c.textContent)));
  assert.deepEqual(labels, [['FY2023', 'Mar 2023'], ['FY2024', 'Mar 2024'], ['FY2025', 'Mar 2025'], ['FY2026', 'Mar 2026']]);
  // The scope's points, and the sample's CRQ target beside them (tests/e2e/targets.test.mjs).
  const points = await charts[0].$$('.tr-pt[data-r="0"]');
  assert.equal(points.length, 4);
  assert.equal((await charts[0].$$('.tr-pt[data-r="1"]')).length, 4);
  // One Tab stop per chart: the scope's newest point (see the keyboard test below).
  assert.deepEqual(await charts[0].$$eval('.tr-pt', (p) => p.map((x) => x.getAttribute('tabindex'))), ['-1', '-1', '-1', '0', '-1', '-1', '-1', '-1']);
});

test('each chart is one Tab stop; arrow keys, Home and End move between its points and series', async () => {
  const page = await open(ctx, '?view=trends&compare=segment');
  await page.waitForSelector('[data-testid="trend-chart"] .tr-pt');
  // 17 charts, one stop each (there were 68 point stops on this view before).
  const stops = await page.$$eval('[data-testid="trend-chart"]', (charts) => charts.map((c) => c.querySelectorAll('.tr-pt[tabindex="0"]').length));
  assert.deepEqual(stops, Array(17).fill(1));
  const fig = page.locator('[data-testid="trend-chart"]').first();
  const names = await fig.locator('.tr-legend li:has(.sw)').allTextContents();
  // Tab from the control before the chart lands on it, at the first series' newest wave.
  await fig.locator('.tr-pt[tabindex="0"]').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    return [a.classList.contains('tr-pt') ? a.getAttribute('aria-label').split(':')[0] : a.tagName, document.querySelector('.tip')?.textContent.split(':')[0]];
  });
  assert.deepEqual(await focused(), [`${names[0]}, FY2026`, `${names[0]}, FY2026`]);
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await focused(), [`${names[0]}, FY2025`, `${names[0]}, FY2025`]);
  await page.keyboard.press('ArrowDown');
  assert.deepEqual((await focused())[0], `${names[1]}, FY2025`);
  await page.keyboard.press('Home');
  assert.deepEqual((await focused())[0], `${names[1]}, FY2023`);
  // At either end a key goes no further.
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual((await focused())[0], `${names[1]}, FY2023`);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.deepEqual((await focused())[0], `${names[0]}, FY2023`);
  await page.keyboard.press('End');
  assert.deepEqual((await focused())[0], `${names[0]}, FY2026`);
  // The point last reached is the chart's stop: Tab leaves the points for the chart's Save
  // buttons, Shift+Tab comes back to it.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'save-svg');
  await page.keyboard.press('Shift+Tab');
  assert.deepEqual((await focused())[0], `${names[0]}, FY2025`);
  assert.equal(await fig.locator('.tr-pt[tabindex="0"]').count(), 1);
});

test('comparing segments draws up to five series and keeps the choice in the URL', async () => {
  const page = await open(ctx, '?view=trends');
  await page.selectOption('[data-testid="trend-compare"]', 'segment');
  await page.waitForURL(/compare=segment/);
  assert.equal(await page.getAttribute('[data-testid="trend-chart"] >> nth=0', 'data-series'), '5');
  const boxes = await page.$$('[data-testid="series-picker"] input');
  await boxes[0].uncheck();
  await page.waitForURL(/series=/);
  assert.equal(await page.getAttribute('[data-testid="trend-chart"] >> nth=0', 'data-series'), '4');
  await page.reload();
  await page.waitForSelector('[data-testid="trend-chart"]');
  assert.equal(await page.getAttribute('[data-testid="trend-chart"] >> nth=0', 'data-series'), '4');
  await page.selectOption('[data-testid="trend-metric"]', 'nps');
  await page.waitForURL(/metric=nps/);
});

test('with one wave the chart says why there is no trend', async () => {
  const page = await open(ctx, `?data=${encodeURIComponent(ctx.srv.origin + '/fixtures/hostile.json')}&view=trends`);
  await page.waitForSelector('.tr-none');
  assert.match(await page.textContent('.tr-none'), /only one wave/);
  assert.equal(await page.$('.tr-svg'), null);
});

test('a point\'s tooltip stays inside the chart at its right and left edges, on a phone too', async () => {
  for (const width of [1400, 390]) {
    const page = await newPage(ctx.browser, { width, height: 900 });
    await page.goto(`${ctx.srv.url}?view=trends`);
    await page.waitForSelector('[data-testid="trend-chart"] .tr-pt');
    // The main chart (the small multiples below are charts of their own).
    const fig = page.locator('[data-testid="trend-chart"]').first();
    const points = fig.locator('.tr-pt');
    for (const i of [await points.count() - 1, 0]) {
      await points.nth(i).focus();
      const [tip, chart] = await fig.evaluate((f) => [
        f.querySelector('.tip').getBoundingClientRect().toJSON(),
        f.getBoundingClientRect().toJSON(),
      ]);
      assert.ok(tip.left >= chart.left - 1 && tip.right <= chart.right + 1 && tip.right <= width,
        `${width} px, point ${i}: tooltip ${tip.left}–${tip.right}, chart ${chart.left}–${chart.right}`);
    }
    await page.close();
  }
});

test('10,000 waves: each chart names and marks only what it has room for, and says so', async () => {
  // One account, one response a wave, a wave a day from 2000-01-01.
  const day = (i) => new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10);
  const n = 10000;
  const doc = {
    format: 'rapport/1',
    title: 'Ten thousand waves',
    waves: Array.from({ length: n }, (_, i) => ({ id: `w${i}`, label: `W${i}`, closed: day(i) })),
    accounts: [{ id: 'A', name: 'Alpha' }],
    responses: Array.from({ length: n }, (_, i) => ({
      wave: `w${i}`, account: 'A', respondent: 'r1',
      ratings: { trust: 1 + (i % 7), commitment: 4, reliability: 5, responsiveness: 6 }, nps: i % 11,
    })),
  };
  const page = await open(ctx);
  await page.setInputFiles('[data-testid="file-input"]', { name: 'waves.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('waves.json'), null, { timeout: 60000 });
  await page.click('[data-testid="nav-trends"]');
  await page.waitForSelector('[data-testid="trend-chart"]', { timeout: 60000 });
  const charts = await page.$$('[data-testid="trend-chart"]');
  assert.equal(charts.length, 1 + 16);
  assert.equal(await charts[0].getAttribute('data-waves'), String(n));
  assert.equal(await charts[0].getAttribute('data-marked'), '60');
  assert.equal(await charts[1].getAttribute('data-marked'), '24', 'a small multiple marks fewer');
  // The wave names under the axis (the values beside it are ticks too).
  const ticks = await charts[0].$$eval('text.tr-tick > tspan:first-child', (t) => t.map((x) => x.textContent));
  assert.ok(ticks.length > 5 && ticks.length <= 14, `${ticks.length} names on the axis`);
  assert.equal(ticks.at(-1), `W${n - 1}`, 'the newest wave is always named');
  assert.equal((await charts[0].$$('.tr-pt')).length, 60);
  assert.match(await page.textContent('[data-testid="trend-thinned"] >> nth=0'), /10000 waves/);
  // Every chart together: a few thousand nodes, not 470,000.
  const nodes = await page.evaluate(() => document.querySelectorAll('[data-testid="trend-chart"] *').length);
  assert.ok(nodes < 20000, `${nodes} nodes in the charts`);
  // And the other views still open.
  await page.click('[data-testid="nav-overview"]');
  await page.waitForSelector('[data-testid="headline-crq"]');
});

test('the time axis spaces waves by the date they closed, and names each with its month', async () => {
  // 19 months from the first wave to the second, 8 from the second to the third.
  const doc = {
    format: 'rapport/1',
    waves: [['w1', '2020-01-31'], ['w2', '2021-08-31'], ['w3', '2022-04-30']].map(([id, closed]) => ({ id, label: id.toUpperCase(), closed })),
    accounts: [{ id: 'A' }],
    responses: ['w1', 'w2', 'w3'].flatMap((wave, i) => ['r1', 'r2'].map((respondent, j) => ({
      wave, account: 'A', respondent, ratings: { trust: 4 + i, commitment: 4 + j, reliability: 5, responsiveness: 5 }, nps: 7 + i,
    }))),
  };
  const page = await open(ctx);
  await page.setInputFiles('[data-testid="file-input"]', { name: 'gaps.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await page.waitForFunction(() => document.querySelector('[data-testid="data-source"]').textContent.includes('gaps.json'));
  await page.click('[data-testid="nav-trends"]');
  await page.waitForSelector('[data-testid="trend-chart"] .tr-dot');
  const chart = page.locator('[data-testid="trend-chart"]').first();
  const xs = await chart.locator('.tr-dot').evaluateAll((c) => c.map((e) => Number(e.getAttribute('cx'))));
  assert.equal(xs.length, 3);
  // 578 days, then 242: the gaps on the axis in that ratio (evenly spaced they were equal).
  const ratio = (xs[1] - xs[0]) / (xs[2] - xs[1]);
  assert.ok(Math.abs(ratio - 578 / 242) < 0.01, `gaps in the ratio ${ratio}, not ${578 / 242}`);
  const labels = await chart.locator('text.tr-tick:has(tspan)').evaluateAll((t) => t.map((x) => [...x.children].map((c) => c.textContent)));
  assert.deepEqual(labels, [['W1', 'Jan 2020'], ['W2', 'Aug 2021'], ['W3', 'Apr 2022']]);
});

test('comparing series, focusing a point shows that series\' band alone', async () => {
  const page = await open(ctx, '?view=trends&compare=segment');
  await page.waitForSelector('[data-testid="trend-chart"] .tr-pt');
  const fig = page.locator('[data-testid="trend-chart"]').first();
  const bands = () => fig.evaluate((f) => [...f.querySelectorAll('path.tr-band')].map((b) => Number(getComputedStyle(b).opacity)));
  const before = await bands();
  assert.equal(before.length, 5);
  assert.ok(before.every((o) => o > 0 && o < 0.1), `all faint at first: ${before}`);
  // A point of the second series (each series has its points after its band and line).
  await fig.locator('.tr-pt:has(.tr-dot.s-1)').first().focus();
  assert.deepEqual(await bands(), [0, 0.22, 0, 0, 0]);
});

test('a series keeps its colour when others are picked or dropped', async () => {
  const page = await open(ctx, '?view=trends&compare=segment');
  await page.waitForSelector('[data-testid="trend-chart"] .tr-legend');
  const legend = () => page.locator('[data-testid="trend-chart"]').first().evaluate((f) =>
    Object.fromEntries([...f.querySelectorAll('.tr-legend li')].filter((li) => li.querySelector('.sw'))
      .map((li) => [li.textContent, li.querySelector('.sw').className.match(/s-(\d)/)[1]])));
  assert.deepEqual(await legend(), { Energy: '0', 'Financial services': '1', Healthcare: '2', Logistics: '3', Manufacturing: '4' });
  // Drop Energy: the others keep theirs (they used to move up one).
  await page.locator('[data-testid="series-picker"] input').nth(0).uncheck();
  await page.waitForFunction(() => document.querySelector('[data-testid="trend-chart"]').dataset.series === '4');
  assert.deepEqual(await legend(), { 'Financial services': '1', Healthcare: '2', Logistics: '3', Manufacturing: '4' });
  // Pick Telecom, the sixth: the colour Energy left.
  await page.locator('[data-testid="series-picker"] input').nth(5).check();
  await page.waitForFunction(() => document.querySelector('[data-testid="trend-chart"]').dataset.series === '5');
  assert.equal((await legend()).Telecom, '0');
  assert.equal((await legend())['Financial services'], '1');
});

test('a chart is saved as SVG and PNG with its title, scope and data date, drawn as on screen', async () => {
  const page = await open(ctx, '?view=trends&segment=Energy');
  await page.waitForSelector('[data-testid="trend-chart"] .tr-pt');
  const save = async (selector) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return [download.suggestedFilename(), fs.readFileSync(await download.path())];
  };
  const [name, svg] = await save('[data-testid="trend-chart"] >> nth=0 >> [data-testid="save-svg"]');
  assert.equal(name, 'crq-over-the-waves.svg');
  const text = svg.toString('utf8');
  // The chart with its legend (the scope and segment Energy's target): 340 + 52 for the
  // caption + 28 for the legend.
  assert.match(text, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="960" height="420"/);
  assert.match(text, />CRQ over the waves<\/text>/);
  assert.match(text, />Key accounts 2023–2026 · FY2026 \(closed Mar 31, 2026\) · segment Energy · all owners · all roles<\/text>/);
  // The page's styles are written in (the file has no style sheet): lines, bands, points.
  assert.doesNotMatch(text, /class="/);
  assert.match(text, /<path[^>]*style="[^"]*fill:[^;"]*;[^"]*stroke:/);
  assert.equal((text.match(/<circle/g) || []).length, 8);
  const [png, image] = await save('[data-testid="trend-chart"] >> nth=0 >> [data-testid="save-png"]');
  assert.equal(png, 'crq-over-the-waves.png');
  assert.equal(image.subarray(1, 4).toString('latin1'), 'PNG');
  // Twice the chart's size: 960 × 420.
  assert.deepEqual([image.readUInt32BE(16), image.readUInt32BE(20)], [1920, 840]);
  // The diagram and the key drivers chart too.
  await page.goto(`${ctx.srv.url}?view=diagram`);
  await page.waitForSelector('[data-testid="level-diagram"]');
  const [dname, diagram] = await save('[data-testid="save-svg"]');
  assert.equal(dname, 'crq-level-diagram.svg');
  assert.match(diagram.toString("utf8"), />Trust(<!---->)?<\/text>/);
  await page.goto(`${ctx.srv.url}?view=drivers`);
  await page.waitForSelector('[data-testid="drivers-chart"]');
  const [kname] = await save('[data-testid="save-png"]');
  assert.equal(kname, 'key-drivers.png');
  // A comparison carries its legend: each series' name beside its colour.
  await page.goto(`${ctx.srv.url}?view=trends&compare=segment`);
  await page.waitForSelector('[data-testid="trend-chart"] .tr-pt');
  const names = await page.locator('[data-testid="trend-chart"] >> nth=0 >> .tr-legend li:has(.sw)').allTextContents();
  assert.equal(names.length, 5);
  const [, compared] = await save('[data-testid="trend-chart"] >> nth=0 >> [data-testid="save-svg"]');
  for (const n of names) assert.match(compared.toString('utf8'), new RegExp(`fill="rgb\\([^"]+\\)"/><text[^>]*>${n}</text>`));
  assert.deepEqual(page.errors ?? [], []);
});
