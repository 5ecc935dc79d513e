// What a browser downloads on first load of dist/ (index.html and what it references, the
// data reader worker, the bundled sample), raw and gzip -9. Bytes are deterministic for a
// build, so tests/e2e/size.test.mjs can hold them to a budget; `make bench` prints them.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export function firstLoad(dist = 'dist') {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = new Set([...html.matchAll(/(?:href|from|module_or_path:)\s*=?\s*['"]\.\/([^'"]+)['"]/g)].map((m) => m[1]));
  refs.add('worker.js');
  refs.add('data/sample.json');
  const files = ['index.html', ...refs].filter((f) => fs.existsSync(path.join(dist, f)));
  const size = (f) => {
    const b = fs.readFileSync(path.join(dist, f));
    return { raw: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length };
  };
  const sum = (list) => list.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
  const wasm = files.find((f) => f.endsWith('.wasm'));
  return {
    wasm: size(wasm),
    appOnly: sum(files.filter((f) => f !== 'data/sample.json')),
    total: sum(files),
    files,
  };
}
