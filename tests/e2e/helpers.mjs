// Shared set-up of the end-to-end specs: one static server and one browser per file.
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

/** The command-line scorer's contract for a data file (the numbers the app must show). */
export function cliScores(file) {
  const out = execFileSync('cargo', ['run', '--quiet', '--bin', 'rapport-cli', '--', 'score', file], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out);
}

export async function dataValue(page, testid) {
  const v = await page.getAttribute(`[data-testid="${testid}"]`, 'data-value');
  return v === '' || v === null ? null : Number(v);
}
