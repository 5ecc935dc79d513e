// The import view's mapping step, for README (docs/import.png) and for review at other widths:
// node tools/shot-import.mjs [WIDTH...] (release build in dist/).
import { startServer } from '../tests/e2e/server.mjs';
import { launch, newPage, waitForApp } from '../tests/e2e/browser.mjs';

const widths = process.argv.slice(2).map(Number);
const srv = await startServer();
const browser = await launch();
for (const width of widths.length ? widths : [1400]) {
  const page = await newPage(browser, { width, height: 1000 });
  await page.goto(srv.url);
  await waitForApp(page);
  await page.click('[data-testid="import-button"]');
  await page.setInputFiles('[data-testid="import-export-input"]', 'tests/fixtures/import/qualtrics.csv');
  await page.waitForSelector('[data-testid="import-columns"]');
  const out = widths.length ? `screenshots/import-${width}.png` : 'docs/import.png';
  await page.screenshot({ path: out, fullPage: widths.length > 0 });
  await page.click('[data-testid="import-run"]');
  await page.waitForSelector('[data-testid="import-preview"]');
  if (widths.length) await page.screenshot({ path: `screenshots/import-preview-${width}.png`, fullPage: true });
  console.log(out);
}
await browser.close();
await srv.close();
