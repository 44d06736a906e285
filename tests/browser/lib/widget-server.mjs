// A tiny server for the widget's browser tests: host pages made by the test
// (each with the exact headers it asks for, e.g. a strict CSP), plus the
// repo's own files under /web/ (a folder is its index.html) and /wasm/dist/. It logs every request, so a
// test can show that the widget asked the server for nothing but itself.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { ROOT } from './harness.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

// pages: path -> { body, type?, headers? }; files(path) -> extra headers for a repo file.
export function startWidgetServer({ files = () => ({}) } = {}) {
  const pages = new Map();
  const log = [];
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const base = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    // The browser's own favicon probe, not the page's doing: answered, not logged.
    if (path === '/favicon.ico') return (res.writeHead(204, base), res.end());
    log.push(path);
    const page = pages.get(path);
    if (page) {
      res.writeHead(200, { ...base, 'Content-Type': page.type || TYPES[extname(path)] || 'text/html; charset=utf-8', ...page.headers });
      return res.end(page.body);
    }
    const ok = /^\/(web|wasm\/dist)\//.test(path) && !path.split('/').some((p) => p.startsWith('.'));
    // A folder is its index.html (the apps live in web/<app>/).
    const file = normalize(join(ROOT, path.endsWith('/') ? path + 'index.html' : path));
    const body = ok ? await readFile(file).catch(() => null) : null;
    if (!body) {
      res.writeHead(404, { ...base, 'Content-Type': 'text/plain' });
      return res.end('Not found\n');
    }
    res.writeHead(200, { ...base, 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', ...files(path) });
    res.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        origin: `http://127.0.0.1:${server.address().port}`,
        pages,
        log,
        stop: () => new Promise((r) => (server.closeAllConnections(), server.close(r))),
      });
    });
  });
}
