#!/usr/bin/env node
// Dependency-free static server for the repo root, so the apps under /web/
// (web/buyer/, web/agent/, web/storefront/) can import /wasm/index.js.
// Local use only: binds 127.0.0.1.
//   node scripts/serve.mjs [port]      (or PORT=...; default 8080; 0 = any free port)
//
// Compression: at start, every compressible file under web/ and wasm/ (text,
// JSON, wasm) is read into memory and compressed once with brotli (quality
// 11) and gzip (level 9), in the background; the answer to a request is the
// smallest encoding its Accept-Encoding allows, never compressed on the
// request's account. Compressed bytes are kept on disk by content hash
// (node_modules/.cache/assurecalc-serve/), so a restart compresses only what
// changed. A file served before its compressed forms are ready, or changed
// since (a rebuilt wasm/dist), goes out as it is while they are made.
// When all are ready the server prints "serve.mjs: precompressed ...".
//
// Caching: a content-hashed name (`name-<8+ letters and digits>.ext`, as the
// widget's chunks are named) is `immutable` for a year; everything else is
// `no-cache` with an ETag (a hash of the content), answered 304 when the
// browser's copy is current.
//
// ASSURECALC_SERVE_ROOT=<dir> serves another folder, ASSURECALC_SERVE_CACHE=<dir>
// keeps the compressed files elsewhere (tests use both).
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as Z, gzip } from 'node:zlib';

const ROOT = resolve(process.env.ASSURECALC_SERVE_ROOT || fileURLToPath(new URL('..', import.meta.url))) + '/';
const CACHE =
  resolve(process.env.ASSURECALC_SERVE_CACHE || fileURLToPath(new URL('../node_modules/.cache/assurecalc-serve/', import.meta.url))) + '/';
const PRECOMPRESSED = ['web', 'wasm']; // folders compressed at start
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
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.txt', '.md', '.map', '.ts', '.csv']);
// Files kept in memory at most this large (larger ones are read per request, sent as they are).
const MAX_KEPT = 16 << 20;
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
const IMMUTABLE = 'public, max-age=31536000, immutable';
// esbuild's [hash]: 8 or more capitals and digits (file names here are lower case).
const hashedName = (file) => /[-.][A-Z0-9]{8,}\.[a-z0-9]+$/.test(file);

// The addresses the apps had before each got its own folder (and the root)
// lead to the app; a browser keeps the #fragment across the redirect.
const MOVED = {
  '/': '/web/buyer/',
  '/web/': '/web/buyer/',
  '/web/index.html': '/web/buyer/',
  '/web/agent.html': '/web/agent/',
  '/web/storefront.html': '/web/storefront/',
};

// ---- the files in memory: path -> { mtimeMs, size, body, hash, br, gzip } ----
const kept = new Map();
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

async function compressed(hash, body, encoding, ext) {
  const cached = `${CACHE}${hash}.${encoding}`;
  const hit = await readFile(cached).catch(() => null);
  if (hit) return hit;
  const out =
    encoding === 'br'
      ? await brotli(body, {
          params: {
            [Z.BROTLI_PARAM_QUALITY]: 11,
            [Z.BROTLI_PARAM_SIZE_HINT]: body.length,
            [Z.BROTLI_PARAM_MODE]: ext === '.wasm' ? Z.BROTLI_MODE_GENERIC : Z.BROTLI_MODE_TEXT,
          },
        })
      : await gz(body, { level: 9 });
  // Kept for the next start; a failure to write only costs that.
  const tmp = `${cached}.${process.pid}.tmp`;
  await mkdir(CACHE, { recursive: true })
    .then(() => writeFile(tmp, out))
    .then(() => rename(tmp, cached))
    .catch(() => {});
  return out;
}

// Reads a file into memory (again, if it changed) and starts making its
// compressed forms; the entry is usable at once, without them. One read per
// version of a file, however many requests ask for it meanwhile.
const reading = new Map();
function load(file, st) {
  const old = kept.get(file);
  if (old && old.mtimeMs === st.mtimeMs && old.size === st.size) return old;
  const key = `${file}\0${st.mtimeMs}\0${st.size}`;
  if (!reading.has(key))
    reading.set(
      key,
      read(file, st).finally(() => reading.delete(key)),
    );
  return reading.get(key);
}
async function read(file, st) {
  const body = await readFile(file).catch(() => null);
  if (!body) return null;
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  const entry = { mtimeMs: st.mtimeMs, size: body.length, body, etag: `"${hash}"`, ready: Promise.resolve() };
  // A file too large to keep is read per request and sent as it is.
  if (body.length > MAX_KEPT) return entry;
  kept.set(file, entry);
  const ext = extname(file);
  if (COMPRESSIBLE.has(ext))
    entry.ready = Promise.all(
      ['br', 'gzip'].map((enc) =>
        compressed(hash, body, enc, ext).then(
          (out) => out.length < body.length && (entry[enc] = out),
          () => {},
        ),
      ),
    );
  return entry;
}

async function filesUnder(dir) {
  const out = [];
  for (const d of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (d.name.startsWith('.') || d.name === 'node_modules') continue;
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...(await filesUnder(p)));
    else if (d.isFile() && COMPRESSIBLE.has(extname(d.name))) out.push(p);
  }
  return out;
}

async function precompress() {
  const started = Date.now();
  const files = (await Promise.all(PRECOMPRESSED.map((d) => filesUnder(join(ROOT, d))))).flat();
  const entries = [];
  for (const f of files) {
    const st = await stat(f).catch(() => null);
    const e = st && (await load(f, st));
    if (e) entries.push(e);
  }
  await Promise.all(entries.map((e) => e.ready));
  const sum = (k) => entries.reduce((n, e) => n + (e[k] || e.body).length, 0);
  console.log(
    `serve.mjs: precompressed ${entries.length} files (${sum('body')} bytes; brotli ${sum('br')}, gzip ${sum('gzip')}) in ${Date.now() - started} ms`,
  );
}

// ---- answering ----

// The encodings a request accepts, from its Accept-Encoding (q=0 refuses).
function accepted(header) {
  const ok = new Set();
  for (const part of String(header || '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    if (name && !(q && Number(q[1]) === 0)) ok.add(name === 'x-gzip' ? 'gzip' : name);
  }
  if (ok.has('*')) ok.add('br').add('gzip');
  return ok;
}

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
  // The whole file is held, then sent: a file rebuilt meanwhile (wasm/dist)
  // goes out as one consistent snapshot, never shorter than its Content-Length.
  const entry = await load(file, st);
  if (!entry) return send(res, 404, 'Not found\n');
  const ext = extname(file);
  const head = {
    ...HEADERS,
    'Content-Type': TYPES[ext] || 'application/octet-stream',
    'Cache-Control': hashedName(file) ? IMMUTABLE : 'no-cache',
    ETag: entry.etag,
  };
  if (COMPRESSIBLE.has(ext)) head.Vary = 'Accept-Encoding';
  // Any of this content's tags (whatever encoding it came in) is current.
  const tags = String(req.headers['if-none-match'] || '')
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes('*') || tags.some((t) => t.replace(/-(br|gzip)"$/, '"') === entry.etag)) {
    res.writeHead(304, head);
    return res.end();
  }
  const ok = accepted(req.headers['accept-encoding']);
  const enc = ['br', 'gzip'].find((e) => entry[e] && ok.has(e));
  const body = enc ? entry[enc] : entry.body;
  if (enc) {
    head['Content-Encoding'] = enc;
    // A strong tag names one representation.
    head.ETag = entry.etag.replace(/"$/, `-${enc}"`);
  }
  head['Content-Length'] = body.length;
  res.writeHead(200, head);
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
  precompress().catch((e) => console.error(`serve.mjs: precompressing failed: ${e.message}`));
});
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => (server.close(() => process.exit(0)), server.closeAllConnections()));
