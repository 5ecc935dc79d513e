// `make bench`: Rapport's performance figures, measured on this machine.
//
// Prints one Markdown table per topic:
//   - the native engine (cargo bench --bench engine) on 10k, 100k and 1M responses;
//   - in headless Chromium, on the release build: parse + validate + score in the Web Worker,
//     the time until the data is on screen, the browser's own JSON.parse of the same bytes
//     (TextDecoder + JSON.parse: the floor for any in-browser reader) and the ratio, the
//     longest main-thread task while loading (long-task observer), peak memory of the page's
//     renderer process (VmHWM, worker included) against the file size;
//   - a filter change at 100k (re-score and re-render, until the next frame);
//   - the load report of 300,000 problems: opening it and showing more;
//   - first paint and time until the sample's overview is interactive;
//   - .wasm and whole first-load sizes, raw and gzip.
// Every browser figure is the median of RUNS runs (default 3), each in a fresh browser.
//
// Environment: RUNS, SIZES (e.g. "10k,100k"), SKIP_NATIVE=1.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer } from '../tests/e2e/server.mjs';
import { firstLoad } from './sizes.mjs';
import { chromium } from 'playwright-core';
import { CHROMIUM, FLAGS } from '../tests/e2e/browser.mjs';

const RUNS = Number(process.env.RUNS || 3);
const DATA = 'target/bench-data';
const SIZES = {
  '10k': { accounts: 440 },
  '100k': { accounts: 4400 },
  '1m': { accounts: 44000 },
};
const chosen = (process.env.SIZES || '10k,100k,1m').split(',').map((s) => s.trim().toLowerCase());

const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : NaN;
};
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const mb = (b) => (b / 1e6).toFixed(1);
const kb = (b) => (b / 1024).toFixed(0);

function cli(args) {
  execFileSync('cargo', ['run', '--quiet', '--release', '--bin', 'rapport-cli', '--', ...args], { stdio: 'inherit' });
}

function ensureData() {
  fs.mkdirSync(DATA, { recursive: true });
  for (const name of chosen) {
    const file = path.join(DATA, `${name}.json`);
    if (!fs.existsSync(file)) {
      console.error(`bench: generating ${file}…`);
      cli(['generate', '--accounts', String(SIZES[name].accounts), '--waves', '4', '--seed', '7', '-o', file]);
    }
  }
}

/** A fresh browser, marked so that its processes can be found in /proc. */
async function launch() {
  const marker = `--rapport-bench=${process.pid}-${Date.now()}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, marker], headless: true });
  browser.marker = marker;
  return browser;
}

/** The PID of the browser process started with `marker`. */
function browserPid(marker) {
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(marker) && !cmd.includes('--type=')) return pid;
    } catch { /* gone */ }
  }
  return null;
}

/** Resident memory (bytes) of the renderer processes under the browser: `field` is VmHWM
 * (the peak so far) or VmRSS (now). */
function rendererMemory(browserPid, field = 'VmHWM') {
  const all = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const parent = new Map();
  for (const pid of all) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch { /* gone */ }
  }
  const under = (pid) => {
    for (let p = pid; p && p !== '1' && p !== '0'; p = parent.get(p)) if (p === String(browserPid)) return true;
    return false;
  };
  let peak = 0;
  for (const pid of all) {
    if (!under(pid)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch { /* gone */ }
  }
  return peak;
}

async function page(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const p = await context.newPage();
  await p.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new MutationObserver((_, obs) => {
      if (document.querySelector('[data-testid="headline-crq"]') && !window.__overviewAt) {
        window.__overviewAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  return p;
}

async function loadRun(srv, name) {
  const browser = await launch();
  const pid = browserPid(browser.marker);
  try {
    const p = await page(browser);
    // The app on its sample first (the baseline), then the file through ?data= in the app.
    await p.goto(srv.url);
    await p.waitForFunction(() => window.__rapportTimings?.accept_end > 0, null, { timeout: 60000 });
    await p.waitForTimeout(500);
    const baseline = pid ? rendererMemory(pid, 'VmRSS') : NaN;
    await p.evaluate(() => { window.__rapportTimings = {}; window.__longTasks = []; });
    // What a user feels: from asking for the URL to the new numbers on screen (the headline
    // CRQ's value changing from the sample's), on the page's clock.
    await p.evaluate((u) => {
      const headline = () => document.querySelector('[data-testid="headline-crq"]');
      const before = headline()?.dataset.value;
      window.__urlShown = 0;
      new MutationObserver((_, obs) => {
        const h = headline();
        if (h && h.dataset.value !== before) {
          window.__urlShown = performance.now();
          obs.disconnect();
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-value'] });
      window.__urlStart = performance.now();
      history.pushState(null, '', `?data=${encodeURIComponent(u)}`);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `${srv.origin}/fixtures/${name}.json`);
    await p.waitForFunction(() => window.__rapportTimings && window.__rapportTimings.accept_end > 0
      && document.querySelector('[data-testid="headline-crq"]'), null, { timeout: 600000, polling: 100 });
    // Let the first render of the new data finish.
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await p.waitForTimeout(300);
    const t = await p.evaluate(() => ({ ...window.__rapportTimings }));
    const longest = await p.evaluate(({ from, to }) => Math.max(0, ...window.__longTasks
      .filter((e) => e.start + e.duration >= from && e.start <= to).map((e) => e.duration)), { from: t.accept_start, to: t.accept_end + 300 });
    const memory = pid ? rendererMemory(pid) : NaN;
    const urlToScreen = await p.evaluate(() => window.__urlShown - window.__urlStart);
    // The browser's own parser on the same bytes (`parse`); and the floor of Load URL, the
    // browser fetching the same URL (not from its cache) and parsing it (`fetchParse`).
    // Medians of 3.
    const { jsonParse, fetchParse } = await p.evaluate(async (url) => {
      const median3 = async (step) => {
        const times = [];
        for (let i = 0; i < 3; i++) {
          const t0 = performance.now();
          const doc = JSON.parse(new TextDecoder().decode(await step()));
          times.push(performance.now() - t0);
          if (!doc.responses) throw new Error('no responses');
        }
        return times.sort((a, b) => a - b)[1];
      };
      const buf = await (await fetch(url)).arrayBuffer();
      return {
        jsonParse: await median3(async () => buf),
        fetchParse: await median3(async () => (await fetch(url, { cache: 'no-store' })).arrayBuffer()),
      };
    }, `${srv.origin}/fixtures/${name}.json`);
    let filter = NaN;
    if (name === '100k') {
      filter = await p.evaluate(async () => {
        const select = document.querySelector('[data-testid="filter-segment"]');
        const options = [...select.options].map((o) => o.value).filter(Boolean);
        const times = [];
        for (const value of [options[0], '', options[1] || options[0], '']) {
          const t0 = performance.now();
          select.value = value;
          select.dispatchEvent(new Event('change', { bubbles: true }));
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        return times[Math.floor(times.length / 2)];
      });
    }
    return { worker: t.worker_ms, read: t.read_ms, accept: t.accept_ms, longest, memory, growth: memory - baseline, jsonParse, filter, urlToScreen, fetchParse };
  } finally {
    await browser.close();
  }
}

/** The responses of a generated data file written as a survey export (one row per
 * response: wave, account columns, respondent, role, a column per question, NPS, comment)
 * and the import profile that maps it back: the same responses, to import. */
function exportOf(name) {
  const csv = path.join(DATA, `${name}.csv`);
  const profile = path.join(DATA, `${name}-profile.json`);
  if (fs.existsSync(csv) && fs.existsSync(profile)) return { csv, profile };
  const d = JSON.parse(fs.readFileSync(path.join(DATA, `${name}.json`), 'utf8'));
  const accounts = new Map(d.accounts.map((a) => [a.id, a]));
  const questions = d.questions.map((q) => q.id);
  const quote = (v) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const head = ['Wave', 'Account ID', 'Account name', 'Segment', 'Account owner', 'Revenue', 'Respondent', 'Role', ...questions, 'How likely are you to recommend us?', 'Comment'];
  const lines = [head.map(quote).join(',')];
  for (const r of d.responses) {
    const a = accounts.get(r.account) || {};
    lines.push([r.wave, r.account, a.name, a.segment, a.owner, a.revenue, r.respondent, r.role,
      ...questions.map((q) => r.ratings[q]), r.nps, r.comment].map(quote).join(','));
  }
  fs.writeFileSync(csv, lines.join('\n') + '\n');
  const fields = ['wave', 'account_id', 'account_name', 'segment', 'owner', 'revenue', 'respondent', 'role',
    ...d.questions.map((q) => ({ rating: { dimension: q.dimension, reverse: Boolean(q.reverse) } })), 'nps', 'comment'];
  fs.writeFileSync(profile, JSON.stringify({
    format: 'rapport-import-profile/1', name: `bench ${name}`, tool: 'other', header_rows: 1,
    scale: { min: d.scale?.min ?? 1, max: d.scale?.max ?? 7 },
    columns: head.map((column, i) => ({ column, field: fields[i] })),
    waves: d.waves.map((w) => ({ id: w.id, label: w.label, closed: w.closed })),
  }, null, 1));
  return { csv, profile };
}

/** Imports the export of `name` in the app (its saved profile, then the file, then
 * "Preview the import"): the importer's time in its worker, and the wall time. */
async function importRun(srv, name) {
  const { csv, profile } = exportOf(name);
  const browser = await launch();
  try {
    const p = await page(browser);
    await p.goto(srv.url);
    await p.waitForSelector('[data-testid="headline-crq"]', { timeout: 60000 });
    await p.click('[data-testid="import-button"]');
    await p.setInputFiles('[data-testid="import-profile-input"]', profile);
    await p.waitForFunction(() => document.querySelector('.imp-note')?.textContent.includes('Using the profile'), null, { timeout: 60000 });
    await p.setInputFiles('[data-testid="import-export-input"]', csv);
    await p.waitForSelector('[data-testid="import-columns"]', { timeout: 600000 });
    // The importer warms a worker up while the mapping is on screen (a person takes longer to
    // read it than the warm-up takes); an import asked sooner waits for it.
    await p.waitForFunction(() => window.__rapportTimings?.import_warm_ms !== undefined, null, { timeout: 60000 });
    const warm = await p.evaluate(() => window.__rapportTimings.import_warm_ms);
    await p.evaluate(() => { window.__rapportTimings = {}; });
    const t0 = Date.now();
    await p.click('[data-testid="import-run"]');
    await p.waitForSelector('[data-testid="import-preview"]', { timeout: 600000 });
    const wall = Date.now() - t0;
    const t = await p.evaluate(() => ({ ...window.__rapportTimings }));
    return { worker: t.import_ms, wall, warm };
  } finally {
    await browser.close();
  }
}

/** The 100k file with three keys of every response written twice (the later value counts):
 * 300,000 warnings in the load report, every response still scored. */
function problemsFile() {
  const file = path.join(DATA, 'problems.json');
  if (fs.existsSync(file)) return file;
  const d = JSON.parse(fs.readFileSync(path.join(DATA, '100k.json'), 'utf8'));
  const responses = d.responses;
  d.responses = [];
  const twice = responses.map((r) => `{"respondent":"x","wave":"x","account":"x",${JSON.stringify(r).slice(1)}`);
  fs.writeFileSync(file, JSON.stringify(d).replace('"responses":[]', `"responses":[${twice.join(',')}]`));
  return file;
}

/** Opens the load report of problems.json, then its first "Show 100 more": each until the
 * next frame, with the longest main-thread task meanwhile. */
async function reportRun(srv) {
  problemsFile();
  const browser = await launch();
  try {
    const p = await page(browser);
    await p.goto(`${srv.url}?data=${encodeURIComponent(`${srv.origin}/fixtures/problems.json`)}`);
    await p.waitForSelector('[data-testid="load-note-report"]', { timeout: 600000 });
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    return await p.evaluate(async () => {
      const until = async (done) => {
        while (!done()) await new Promise((r) => requestAnimationFrame(r));
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      };
      const from = performance.now();
      document.querySelector('[data-testid="load-note-report"]').click();
      await until(() => document.querySelector('[data-testid="rp-group"]'));
      const open = performance.now() - from;
      const from2 = performance.now();
      document.querySelector('[data-testid="rp-more"]').click();
      const rows = () => document.querySelector('[data-testid="rp-group"]').querySelectorAll('tr.rp-row').length;
      await until(() => rows() > 5);
      const more = performance.now() - from2;
      const problems = [...document.querySelectorAll('[data-testid="rp-group"]')].reduce((n, g) => n + Number(g.dataset.count), 0);
      const longest = Math.max(0, ...window.__longTasks.filter((e) => e.start + e.duration >= from).map((e) => e.duration));
      return { open, more, problems, longest };
    });
  } finally {
    await browser.close();
  }
}

async function startupRun(srv) {
  const browser = await launch();
  try {
    const p = await page(browser);
    await p.goto(srv.url);
    await p.waitForSelector('[data-testid="headline-crq"]', { timeout: 60000 });
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    return await p.evaluate(() => {
      const paint = performance.getEntriesByName('first-paint')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { firstPaint: paint ? paint.startTime : NaN, fcp: fcp ? fcp.startTime : NaN, overview: window.__overviewAt, longest: Math.max(0, ...window.__longTasks.map((e) => e.duration)) };
    });
  } finally {
    await browser.close();
  }
}

async function main() {
  ensureData();
  if (!process.env.SKIP_NATIVE) {
    console.log('\n## Native engine (cargo bench --bench engine; medians, ms)\n');
    const out = execFileSync('cargo', ['bench', '--quiet', '--bench', 'engine', '--', ...chosen.map((n) => path.join(DATA, `${n}.json`))], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    console.log(out.trim());
  }
  const srv = await startServer({ fixtures: DATA });
  try {
    console.log(`\n## In headless Chromium (release build; medians of ${RUNS} runs)\n`);
    console.log('| file | MB | parse+validate+score in worker (ms) | asked → on screen, download included (ms) | JSON.parse (ms) | ratio worker / JSON.parse | longest main-thread task while loading (ms) | peak renderer memory (MB) | peak − app before loading (MB) | that × file size |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    let filter = [];
    const jsonWorker = {};
    const urlRuns = {};
    for (const name of chosen) {
      const bytes = fs.statSync(path.join(DATA, `${name}.json`)).size;
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await loadRun(srv, name));
      const m = (k) => median(runs.map((r) => r[k]));
      jsonWorker[name] = m('worker');
      urlRuns[name] = { urlToScreen: m('urlToScreen'), fetchParse: m('fetchParse') };
      if (name === '100k') filter = runs.map((r) => r.filter);
      console.log(`| ${name} | ${mb(bytes)} | ${fmt(m('worker'))} | ${fmt(m('accept'))} | ${fmt(m('jsonParse'))} | ${fmt(m('worker') / m('jsonParse'), 2)} | ${fmt(m('longest'))} | ${fmt(m('memory') / 1e6)} | ${fmt(m('growth') / 1e6)} | ${fmt(m('growth') / bytes, 1)} |`);
    }
    console.log('\n## Load URL → numbers on screen (issue 13: target within 2× of the browser fetching and parsing the same URL)\n');
    console.log('| file | Load URL → new headline on screen (ms) | fetch + JSON.parse in the page (ms) | ratio (target ≤ 2) |');
    console.log('|---|---|---|---|');
    for (const [name, r] of Object.entries(urlRuns)) {
      console.log(`| ${name} | ${fmt(r.urlToScreen)} | ${fmt(r.fetchParse)} | ${fmt(r.urlToScreen / r.fetchParse, 2)} |`);
    }
    if (filter.length) {
      console.log(`\nFilter change at 100k responses (re-score + re-render, to the next frame): ${fmt(median(filter))} ms`);
    }
    const imports = chosen.filter((n) => n !== '1m');
    if (imports.length) {
      console.log('\n## Importing the same responses as a survey export (CSV, one row per response)\n');
      console.log('| responses | CSV MB | import in its worker: read, map, validate, score (ms) | "Preview the import" → preview on screen (ms) | the JSON of the same responses in the reader\'s worker (ms) | ratio import / JSON (target ≤ 2) | the importer\'s warm-up, before (ms) |');
      console.log('|---|---|---|---|---|---|---|');
      for (const name of imports) {
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await importRun(srv, name));
        const m = (k) => median(runs.map((r) => r[k]));
        const bytes = fs.statSync(exportOf(name).csv).size;
        console.log(`| ${name} | ${mb(bytes)} | ${fmt(m('worker'))} | ${fmt(m('wall'))} | ${fmt(jsonWorker[name])} | ${fmt(m('worker') / jsonWorker[name], 2)} | ${fmt(m('warm'))} |`);
      }
    }
    if (chosen.includes('100k')) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await reportRun(srv));
      const m = (k) => median(runs.map((r) => r[k]));
      console.log('\n## The load report of a file with many problems (100k responses, three keys of each written twice)\n');
      console.log('| problems | "see the load report" → on screen (ms) | "Show 100 more" → on screen (ms) | longest main-thread task meanwhile (ms) |');
      console.log('|---|---|---|---|');
      console.log(`| ${m('problems')} | ${fmt(m('open'))} | ${fmt(m('more'))} | ${fmt(m('longest'))} |`);
    }
    const starts = [];
    for (let i = 0; i < RUNS; i++) starts.push(await startupRun(srv));
    const s = (k) => median(starts.map((r) => r[k]));
    console.log('\n## Start-up on the sample\n');
    console.log('| first paint (ms) | first contentful paint (ms) | overview interactive (ms) | longest task (ms) |');
    console.log('|---|---|---|---|');
    console.log(`| ${fmt(s('firstPaint'))} | ${fmt(s('fcp'))} | ${fmt(s('overview'))} | ${fmt(s('longest'))} |`);
  } finally {
    await srv.close();
  }
  const z = firstLoad();
  console.log('\n## Sizes (dist/, gzip -9)\n');
  console.log('| what | raw KB | gzip KB |');
  console.log('|---|---|---|');
  console.log(`| the page's .wasm | ${kb(z.wasm.raw)} | ${kb(z.wasm.gzip)} |`);
  console.log(`| first load without the sample (${z.files.length - 1} files) | ${kb(z.appOnly.raw)} | ${kb(z.appOnly.gzip)} |`);
  console.log(`| first load with the sample (its scored wire form) | ${kb(z.total.raw)} | ${kb(z.total.gzip)} |`);
  console.log(`| the data reader's .wasm | ${kb(z.readerWasm.raw)} | ${kb(z.readerWasm.gzip)} |`);
  console.log(`| the data reader, loaded when a file is opened or once the page is idle (${z.readerFiles.length} files) | ${kb(z.reader.raw)} | ${kb(z.reader.gzip)} |`);
  console.log(`| the import view, loaded when it opens (2 files) | ${kb(z.importView.raw)} | ${kb(z.importView.gzip)} |`);
  console.log(`| the evidence module, loaded after the overview's first screen (2 files) | ${kb(z.evidence.raw)} | ${kb(z.evidence.gzip)} |`);
  console.log(`| the importer, loaded to read a survey export (3 files) | ${kb(z.importer.raw)} | ${kb(z.importer.gzip)} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
