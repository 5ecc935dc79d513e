// The static build works from a sub-path of any host (relative asset and sample URLs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, open, dataValue } from './helpers.mjs';

const ctx = useApp({ base: '/apps/rapport/' });

test('served under /apps/rapport/ the app loads its sample and keeps links working', async () => {
  const page = await open(ctx, '?view=overview&segment=Energy');
  assert.match(page.url(), /\/apps\/rapport\/\?/);
  assert.ok((await dataValue(page, 'headline-crq')) > 1);
  await page.click('[data-testid="nav-trends"]');
  await page.waitForURL(/\/apps\/rapport\/\?view=trends&segment=Energy/);
  assert.deepEqual(page.errors, []);
});
