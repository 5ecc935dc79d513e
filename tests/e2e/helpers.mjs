// Shared set-up of the end-to-end specs: one static server and one browser per file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { before, after } from 'node:test';
import { startServer } from './server.mjs';
import { launch, newPage, waitForApp } from './browser.mjs';

export { newPage, waitForApp };

/** Starts the server and browser for the calling spec file. */
export function useApp(options = {}) {
  const ctx = {};
  before(async () => {
    ctx.srv = await startServer(options);
    ctx.browser = await launch();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.srv?.close();
  });
  return ctx;
}

/**
 * The command-line scorer's contract for a data file (the numbers the app must show), of the
 * whole portfolio or of the scope `filters` name (`['--segment', 'Energy', …]`).
 */
export function cliScores(file, filters = []) {
  const out = execFileSync('cargo', ['run', '--quiet', '--bin', 'rapport-cli', '--', 'score', file, ...filters], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out);
}

export async function dataValue(page, testid) {
  const v = await page.getAttribute(`[data-testid="${testid}"]`, 'data-value');
  return v === '' || v === null ? null : Number(v);
}

/** Writes a generated portfolio to a temporary file and returns its path. */
export function generated(args) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-'));
  const file = path.join(dir, 'generated.json');
  execFileSync('cargo', ['run', '--quiet', '--bin', 'rapport-cli', '--', 'generate', ...args, '-o', file], { stdio: 'ignore' });
  return file;
}

/**
 * Opens the app at `query` and waits until a view (or a load error) is on screen. `clock`:
 * a date and time the page's clock is held at (its timers still run).
 */
export async function open(ctx, query = '', { clock } = {}) {
  const page = await newPage(ctx.browser);
  if (clock) await page.clock.setFixedTime(new Date(clock));
  await page.goto(ctx.srv.url + query);
  await page.waitForSelector([
    'headline-crq', 'level-diagram', 'trend-chart', 'account-crq', 'settings', 'drivers-chart',
    'drivers-empty', 'inside-view', 'account-picker', 'load-error', 'empty-state',
  ].map((t) => `[data-testid="${t}"]`).join(', '), { timeout: 30000 });
  return page;
}

export const close = (a, b, eps = 1e-9) => Math.abs(a - b) <= eps;
