// trunk post-build hook: adds a strict Content-Security-Policy to index.html, allowing the one
// inline loader script trunk writes by its SHA-256 hash (no 'unsafe-inline', no 'unsafe-eval').
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
const file = path.join(dir, 'index.html');
let html = fs.readFileSync(file, 'utf8');
const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
  .filter((m) => m[1].trim() !== '')
  .map((m) => `'sha256-${crypto.createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self'",
  // The data reader and the importer run in Web Workers loaded from this site (worker.js,
  // import-worker.js).
  "worker-src 'self'",
  "img-src 'self' data: blob:",
  // Data sets: this site, or any https URL given with ?data= (the server must allow CORS).
  "connect-src 'self' https:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
// The files of the data reader and of the importer (worker modules) are not renamed by hash
// (a worker's are not): the page asks for them with this version, so that a browser never
// pairs a cached reader or importer with a new page.
const reader = crypto.createHash('sha256');
for (const f of ['rapport-reader.js', 'rapport-reader_bg.wasm', 'rapport-importer.js', 'rapport-importer_bg.wasm', 'rapport-import-ui.js', 'rapport-import-ui_bg.wasm', 'rapport-evidence.js', 'rapport-evidence_bg.wasm']) {
  const p = path.join(dir, f);
  if (fs.existsSync(p)) reader.update(fs.readFileSync(p));
}
const version = `<meta name="rapport-reader" content="${reader.digest('hex').slice(0, 16)}" />`;
html = html.replace(/<meta name="rapport-reader"[^>]*>\s*/, '');
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/, '');
html = html.replace(/(<meta charset="utf-8" \/>)/, `$1\n    ${meta}\n    ${version}`);
// Subresource integrity, checked against the files as written. The page and the import
// view's module both link the `rapport` crate, so both bindgen runs write the same snippet
// (snippets/rapport-<hash>/inline0.js), in parallel: trunk can hash it while the other run
// has it truncated, and write the SHA-384 of an empty file, which the browser then refuses
// (a blank page). Each integrity is recomputed from the file it names.
let fixed = 0;
html = html.replace(/<link\b[^>]*>/g, (tag) => {
  const integrity = tag.match(/\bintegrity="sha384-([^"]+)"/);
  if (!integrity) return tag;
  const href = tag.match(/\bhref="\.\/([^"]+)"/);
  const file = href && path.join(dir, href[1]);
  // A file that is missing or empty would be a blank page: stop the build instead.
  if (!file || !fs.existsSync(file) || fs.statSync(file).size === 0) {
    console.error(`csp.mjs: ${tag} names a file that is missing or empty in ${dir}`);
    process.exit(1);
  }
  const actual = crypto.createHash('sha384').update(fs.readFileSync(file)).digest('base64');
  if (actual === integrity[1]) return tag;
  fixed += 1;
  return tag.replace(integrity[0], `integrity="sha384-${actual}"`);
});
if (fixed) console.log(`csp.mjs: ${fixed} integrity value(s) did not match their file; recomputed`);
fs.writeFileSync(file, html);
console.log(`csp.mjs: ${hashes.length} inline script hash(es) allowed in ${file}`);
