// Takes a headless-Chromium screenshot of each view into screenshots/ (for looking, not testing).
import fs from 'node:fs';
import { startServer } from '../tests/e2e/server.mjs';
import { launch, newPage, waitForApp } from '../tests/e2e/browser.mjs';

const views = (process.argv[2] || 'overview').split(',');
const width = Number(process.env.WIDTH || 1400);
// SCHEME=dark: as with the system in dark mode.
const scheme = process.env.SCHEME === 'dark' ? 'dark' : 'light';
fs.mkdirSync('screenshots', { recursive: true });
// FIXTURES: the folder served at /fixtures/ (default tests/fixtures); ORIGIN in a query is
// replaced by the server's origin, e.g. "big?data=ORIGIN/fixtures/100k.json".
const srv = await startServer({ fixtures: process.env.FIXTURES || 'tests/fixtures' });
const browser = await launch();
try {
  for (const v of views) {
    const [name, query] = v.split('?');
    const page = await newPage(browser, { width, height: 1000 });
    await page.emulateMedia({ colorScheme: scheme });
    const q = (query || (name === 'overview' ? '' : 'view=' + name)).replaceAll('ORIGIN', encodeURIComponent(srv.origin).replace(/%2F/g, '/').replace(/%3A/g, ':'));
    await page.goto(`${srv.url}?${q}`);
    await waitForApp(page).catch(() => {});
    await page.waitForTimeout(400);
    const file = `screenshots/${name}${width !== 1400 ? '-' + width : ''}${scheme === 'dark' ? '-dark' : ''}.png`;
    await page.screenshot({ path: file, fullPage: true });
    console.log(file, page.errors.length ? 'errors: ' + page.errors.join(' | ') : '');
  }
} finally {
  await browser.close();
  await srv.close();
}
