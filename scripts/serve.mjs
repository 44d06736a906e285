#!/usr/bin/env node
// Dependency-free static server for the repo root, so the apps under /web/
// (web/buyer/, web/agent/, web/storefront/) can import /wasm/index.js.
// Local use only: binds 127.0.0.1.
//   node scripts/serve.mjs [port]      (or PORT=...; default 8080; 0 = any free port)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};
// Same policy as the page's <meta>, plus what only a header can say.
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

// The addresses the apps had before each got its own folder (and the root)
// lead to the app; a browser keeps the #fragment across the redirect.
const MOVED = {
  '/': '/web/buyer/',
  '/web/': '/web/buyer/',
  '/web/index.html': '/web/buyer/',
  '/web/agent.html': '/web/agent/',
  '/web/storefront.html': '/web/storefront/',
};

function send(res, code, body, extra = {}) {
  res.writeHead(code, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
  res.end(body);
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    return send(res, 400, 'Bad request\n');
  }
  if (MOVED[path]) return send(res, 302, `See ${MOVED[path]}\n`, { Location: MOVED[path] });
  // No dotfiles (.git, .ci) and nothing outside the root.
  if (path.includes('\0') || path.split('/').some((p) => p.startsWith('.'))) return send(res, 404, 'Not found\n');
  let file = normalize(join(ROOT, path));
  if (file !== ROOT.replace(/\/$/, '') && !file.startsWith(ROOT)) return send(res, 404, 'Not found\n');
  let st = await stat(file).catch(() => null);
  if (st?.isDirectory()) {
    if (!path.endsWith('/')) return send(res, 301, 'Moved\n', { Location: path + '/' });
    file = join(file, 'index.html');
    st = await stat(file).catch(() => null);
  }
  if (!st?.isFile()) return send(res, 404, 'Not found\n');
  // Read whole, then answer: a file rebuilt meanwhile (wasm/dist) is sent as
  // one consistent snapshot, never a body shorter than its Content-Length.
  const body = await readFile(file).catch(() => null);
  if (!body) return send(res, 404, 'Not found\n');
  res.writeHead(200, { ...HEADERS, 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve.mjs: bad port ${process.argv[2] ?? process.env.PORT}`);
  process.exit(2);
}
const server = createServer((req, res) => handle(req, res).catch(() => send(res, 500, 'Error\n')));
server.on('error', (e) => {
  console.error(`serve.mjs: ${e.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`Serving http://127.0.0.1:${server.address().port}/web/buyer/#sample=quality`);
});
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => (server.close(() => process.exit(0)), server.closeAllConnections()));
