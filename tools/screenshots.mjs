// Takes a headless-Chromium screenshot of each view into screenshots/ (for looking, not testing).
import fs from 'node:fs';
import { startServer } from '../tests/e2e/server.mjs';
import { launch, newPage, waitForApp } from '../tests/e2e/browser.mjs';

const views = (process.argv[2] || 'overview').split(',');
const width = Number(process.env.WIDTH || 1400);
fs.mkdirSync('screenshots', { recursive: true });
const srv = await startServer();
const browser = await launch();
try {
  for (const v of views) {
    const [name, query] = v.split('?');
    const page = await newPage(browser, { width, height: 1000 });
    await page.goto(`${srv.url}?${query || (name === 'overview' ? '' : 'view=' + name)}`);
    await waitForApp(page).catch(() => {});
    await page.waitForTimeout(400);
    const file = `screenshots/${name}${width !== 1400 ? '-' + width : ''}.png`;
    await page.screenshot({ path: file, fullPage: true });
    console.log(file, page.errors.length ? 'errors: ' + page.errors.join(' | ') : '');
  }
} finally {
  await browser.close();
  await srv.close();
}
