// What a browser downloads, raw and gzip -9. The first load is what opening the app needs:
// index.html, what it references, and the bundled sample in its scored wire form. The data
// reader (its worker script, module and glue) is not part of it: it is fetched when a file
// is opened, or ahead of time once the page is idle (with the sample's JSON, to warm it up).
// Bytes are deterministic for a build, so tests/e2e/size.test.mjs can hold them to a budget;
// `make bench` prints them.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const SAMPLE = 'data/sample.rpw';
export const READER = ['worker.js', 'rapport-reader.js', 'rapport-reader_bg.wasm'];
// Loaded only to import a survey export (or write the data file with its plans): the import
// view's module, and the importer (CSV and workbook readers) run in a worker.
export const IMPORT_VIEW = ['rapport-import-ui.js', 'rapport-import-ui_bg.wasm'];
export const IMPORTER = ['import-worker.js', 'rapport-importer.js', 'rapport-importer_bg.wasm'];
// Loaded when the overview's evidence or the key drivers first open (after the first screen).
export const EVIDENCE = ['rapport-evidence.js', 'rapport-evidence_bg.wasm'];

export function firstLoad(dist = 'dist') {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = new Set([...html.matchAll(/(?:href|from|module_or_path:)\s*=?\s*['"]\.\/([^'"]+)['"]/g)].map((m) => m[1]));
  refs.add(SAMPLE);
  const files = ['index.html', ...refs].filter((f) => fs.existsSync(path.join(dist, f)));
  const size = (f) => {
    const b = fs.readFileSync(path.join(dist, f));
    return { raw: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length };
  };
  const sum = (list) => list.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
  const wasm = files.find((f) => f.endsWith('.wasm'));
  const reader = READER.filter((f) => fs.existsSync(path.join(dist, f)));
  const present = (list) => list.filter((f) => fs.existsSync(path.join(dist, f)));
  return {
    wasm: size(wasm),
    readerWasm: size('rapport-reader_bg.wasm'),
    appOnly: sum(files.filter((f) => f !== SAMPLE)),
    total: sum(files),
    reader: sum(reader),
    importView: sum(present(IMPORT_VIEW)),
    evidence: sum(present(EVIDENCE)),
    evidenceFiles: present(EVIDENCE),
    importer: sum(present(IMPORTER)),
    importFiles: [...present(IMPORT_VIEW), ...present(IMPORTER)],
    files,
    readerFiles: reader,
  };
}
