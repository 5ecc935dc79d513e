// Size budget of the release build (bytes are deterministic, unlike timings: those are in
// `make bench`). These are regression ceilings at today's size plus a little room; the
// performance issue's targets (.wasm ≤ 300 KB gzip, first load ≤ 400 KB gzip) are not met
// yet, see README "Performance".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstLoad } from '../../tools/sizes.mjs';

const KB = 1024;

test('the .wasm and the whole first load stay within their gzip budgets', () => {
  const z = firstLoad();
  assert.ok(z.files.some((f) => f.endsWith('.wasm')), 'dist has a .wasm');
  assert.ok(z.files.includes('worker.js'), 'the worker script is part of the build');
  assert.ok(z.wasm.gzip <= 405 * KB, `.wasm is ${(z.wasm.gzip / KB).toFixed(0)} KB gzip`);
  assert.ok(z.total.gzip <= 455 * KB, `first load is ${(z.total.gzip / KB).toFixed(0)} KB gzip`);
});
