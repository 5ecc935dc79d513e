// A tiny static server for end-to-end tests: serves dist/ (optionally under a sub-path) and
// test fixtures, plus a few deliberately broken endpoints. Binds to 127.0.0.1 only.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

let bomb;

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

export function startServer({ root = 'dist', fixtures = 'tests/fixtures', base = '/' } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let p = decodeURIComponent(url.pathname);
    if (p === '/broken/html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<!doctype html><html><body>Login required</body></html>');
    }
    if (p === '/broken/404') { res.writeHead(404); return res.end('not found'); }
    if (p === '/broken/slow') { return; } // never answers: exercises the client's timeout
    // /slow/<ms>/<fixture>: the fixture, answered after <ms> milliseconds (a slow server).
    const slow = p.match(/^\/slow\/(\d+)\/(.+)$/);
    if (slow) {
      const timer = setTimeout(() => send(res, path.join(fixtures, slow[2]), true), Number(slow[1]));
      res.on('close', () => clearTimeout(timer));
      return;
    }
    // /trickle/<ms>/<bytes>/<fixture>: the fixture in pieces of <bytes>, one every <ms>
    // milliseconds (a slow but live server).
    const trickle = p.match(/^\/trickle\/(\d+)\/(\d+)\/(.+)$/);
    if (trickle) {
      const [ms, size] = [Number(trickle[1]), Number(trickle[2])];
      const body = fs.readFileSync(path.join(fixtures, trickle[3]));
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
      res.flushHeaders();
      let at = 0;
      const next = () => {
        res.write(body.subarray(at, at + size));
        at += size;
        if (at >= body.length) res.end(); else timer = setTimeout(next, ms);
      };
      let timer = setTimeout(next, ms);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    // A gzip bomb: a small compressed body that expands past the app's 512 MB limit, its
    // content-length honest about the compressed bytes only.
    if (p === '/broken/gzip-bomb') {
      bomb ??= zlib.gzipSync(Buffer.alloc(600 * 1024 * 1024, 0x20), { level: 9 });
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length, 'access-control-allow-origin': '*' });
      return res.end(bomb);
    }
    if (p.startsWith('/fixtures/')) {
      return send(res, path.join(fixtures, p.slice('/fixtures/'.length)), true);
    }
    if (!p.startsWith(base)) { res.writeHead(404); return res.end(); }
    p = p.slice(base.length);
    if (p === '' || p.endsWith('/')) p += 'index.html';
    send(res, path.join(root, p), false);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ server, origin: `http://127.0.0.1:${port}`, url: `http://127.0.0.1:${port}${base}`, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) });
    });
  });
}

function send(res, file, cors) {
  const headers = { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' };
  if (cors) headers['access-control-allow-origin'] = '*';
  fs.readFile(file, (err, body) => {
    if (err) { res.writeHead(404, headers); return res.end('not found'); }
    res.writeHead(200, headers);
    res.end(body);
  });
}
