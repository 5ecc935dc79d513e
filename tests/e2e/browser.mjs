// Launches Debian's Chromium through playwright-core (no browser download) with the flags
// this machine needs, and collects console errors and CSP violations of each page.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run',
];

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** A page that records console errors and uncaught exceptions in `page.errors`, and CSP
 * violations in `window.__csp`. */
export async function newPage(browser, viewport = { width: 1400, height: 1000 }, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  page.errors = [];
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

/** Waits until the app has scored data and shows the headline CRQ. */
export async function waitForApp(page) {
  await page.waitForSelector('[data-testid="headline-crq"]', { timeout: 30000 });
}
