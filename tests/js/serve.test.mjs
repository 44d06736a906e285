// scripts/serve.mjs: precompressed files (brotli, gzip) chosen by
// Accept-Encoding, ETag and 304, immutable caching for content-hashed names.
// The server runs on a free port over a folder of its own (ASSURECALC_SERVE_ROOT).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { root } from './lib.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'serve-test-'));
const cache = path.join(dir, 'cache');
// Text that compresses, some of it random so each file is different.
const text = (n, seed) => {
  let s = '',
    x = seed;
  while (s.length < n) s += `export const v${(x = (x * 1103515245 + 12345) % 2 ** 31)} = 'payment ${x % 997} of the order';\n`;
  return s;
};
const files = {
  'web/app/index.html': `<!doctype html><title>t</title>${'<p>Trade Assurance</p>'.repeat(200)}`,
  'web/app/app.js': text(40000, 1),
  'web/app/chunk-AB12CD34.js': text(20000, 2),
  'web/data.json': JSON.stringify({ rows: Array.from({ length: 500 }, (_, i) => ({ i, s: 'x'.repeat(i % 30) })) }),
  'wasm/dist/engine.wasm': Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(30000, 7)]),
  'web/tiny.txt': 'a',
  'web/picture.png': Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)),
  'docs/late.md': text(5000, 3),
};
for (const [p, body] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(dir, 'root', p)), { recursive: true });
  writeFileSync(path.join(dir, 'root', p), body);
}

let child, origin, printed;
function start() {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [path.join(root, 'scripts/serve.mjs'), '0'], {
      env: { ...process.env, ASSURECALC_SERVE_ROOT: path.join(dir, 'root'), ASSURECALC_SERVE_CACHE: cache },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    c.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}: ${out}`)));
    c.stdout.on('data', (d) => {
      out += d;
      const m = /Serving (http:\/\/127\.0\.0\.1:\d+)\/[\s\S]*\nserve\.mjs: precompressed .*\n/.exec(out);
      if (m) resolve({ child: c, origin: m[1], printed: out });
    });
  });
}
const stop = (c) => new Promise((r) => (c.removeAllListeners('exit'), c.once('exit', r), c.kill('SIGTERM')));

// The raw answer: headers and the bytes as sent (no decoding).
function get(p, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request(origin + p, { method, headers }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.end();
  });
}
const decode = (r) =>
  r.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(r.body)
    : r.headers['content-encoding'] === 'gzip'
      ? gunzipSync(r.body)
      : r.body;

before(async () => {
  ({ child, origin, printed } = await start());
});
after(async () => {
  if (child) await stop(child);
  rmSync(dir, { recursive: true, force: true });
});

test('prints what it compressed at start: the compressible files under web/ and wasm/', () => {
  // app.js, index.html, the chunk, data.json, engine.wasm, tiny.txt (docs/ is not precompressed, the png not compressible).
  assert.match(printed, /precompressed 6 files \(\d+ bytes; brotli \d+, gzip \d+\)/);
  // Kept by content hash for the next start.
  const kept = readdirSync(cache);
  assert.ok(kept.filter((f) => f.endsWith('.br')).length >= 5, kept.join(' '));
});

test('the encoding follows Accept-Encoding, and the bytes decode to the file', async () => {
  const cases = [
    ['br', 'br'],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['br;q=0, gzip;q=0.8', 'gzip'],
    ['br;q=0, gzip;q=0', undefined],
    ['*', 'br'],
    ['identity', undefined],
    [undefined, undefined],
  ];
  for (const p of ['web/app/app.js', 'web/app/index.html', 'web/data.json', 'wasm/dist/engine.wasm']) {
    const file = Buffer.from(files[p]);
    for (const [accept, want] of cases) {
      const r = await get('/' + p, accept === undefined ? {} : { 'Accept-Encoding': accept });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-encoding'], want, `${p} with ${accept}`);
      assert.equal(Number(r.headers['content-length']), r.body.length);
      assert.ok(decode(r).equals(file), `${p} with ${accept}: decodes to the file`);
      if (want) assert.ok(r.body.length < file.length / 2, `${p} ${want}: ${r.body.length} of ${file.length}`);
      assert.equal(r.headers.vary, 'Accept-Encoding');
      assert.match(r.headers['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
    }
    // Brotli is the smaller one.
    const br = await get('/' + p, { 'Accept-Encoding': 'br' });
    const gz = await get('/' + p, { 'Accept-Encoding': 'gzip' });
    assert.ok(br.body.length < gz.body.length, p);
  }
  assert.equal((await get('/web/app/app.js', { 'Accept-Encoding': 'br' })).headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal((await get('/wasm/dist/engine.wasm', { 'Accept-Encoding': 'br' })).headers['content-type'], 'application/wasm');
  // Nothing gained: sent as it is.
  for (const p of ['web/tiny.txt', 'web/picture.png']) {
    const r = await get('/' + p, { 'Accept-Encoding': 'br, gzip' });
    assert.equal(r.headers['content-encoding'], undefined, p);
    assert.ok(r.body.equals(Buffer.from(files[p])), p);
  }
  // HEAD: the headers of the GET, no body.
  const g = await get('/web/app/app.js', { 'Accept-Encoding': 'br' });
  const h = await get('/web/app/app.js', { 'Accept-Encoding': 'br' }, 'HEAD');
  assert.equal(h.headers['content-length'], g.headers['content-length']);
  assert.equal(h.headers.etag, g.headers.etag);
  assert.equal(h.body.length, 0);
});

test('caching: immutable for content-hashed names, ETag and 304 for the rest', async () => {
  const hashed = await get('/web/app/chunk-AB12CD34.js', { 'Accept-Encoding': 'br' });
  assert.equal(hashed.headers['cache-control'], 'public, max-age=31536000, immutable');
  for (const p of ['/web/app/app.js', '/web/app/', '/wasm/dist/engine.wasm', '/web/picture.png'])
    assert.equal((await get(p)).headers['cache-control'], 'no-cache', p);

  const plain = await get('/web/app/app.js');
  const br = await get('/web/app/app.js', { 'Accept-Encoding': 'br' });
  const gz = await get('/web/app/app.js', { 'Accept-Encoding': 'gzip' });
  assert.match(plain.headers.etag, /^"[\w-]+"$/);
  // One tag per representation.
  assert.equal(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size, 3);
  for (const [tag, accept] of [
    [plain.headers.etag, 'br'],
    [br.headers.etag, 'br'],
    [gz.headers.etag, 'gzip'],
    [`W/${br.headers.etag}`, 'br'],
    [`"nope", ${gz.headers.etag}`, 'gzip'],
    ['*', 'br'],
  ]) {
    const r = await get('/web/app/app.js', { 'If-None-Match': tag, 'Accept-Encoding': accept });
    assert.equal(r.status, 304, tag);
    assert.equal(r.body.length, 0);
    assert.equal(r.headers.etag, plain.headers.etag);
    assert.equal(r.headers['cache-control'], 'no-cache');
  }
  assert.equal((await get('/web/app/app.js', { 'If-None-Match': '"nope"' })).status, 200);
  // Another file's tag is not this one's.
  const other = await get('/web/data.json');
  assert.equal((await get('/web/app/app.js', { 'If-None-Match': other.headers.etag })).status, 200);
});

test('a file changed after start: the new bytes at once, a new ETag, compressed again', async () => {
  const p = '/web/app/app.js';
  const before = await get(p, { 'Accept-Encoding': 'br' });
  const changed = text(41000, 99);
  writeFileSync(path.join(dir, 'root', p), changed);
  const r = await get(p, { 'Accept-Encoding': 'br' });
  assert.equal(decode(r).toString(), changed);
  assert.notEqual(r.headers.etag.replace(/-br"$/, '"'), before.headers.etag.replace(/-br"$/, '"'));
  assert.equal((await get(p, { 'If-None-Match': before.headers.etag })).status, 200);
  // Compressed once in the background, then served compressed.
  let last = r;
  for (let i = 0; i < 200 && last.headers['content-encoding'] !== 'br'; i++) {
    await new Promise((ok) => setTimeout(ok, 50));
    last = await get(p, { 'Accept-Encoding': 'br' });
  }
  assert.equal(last.headers['content-encoding'], 'br');
  assert.equal(decode(last).toString(), changed);
  // A file outside web/ and wasm/ is served too, and compressed after its first request.
  const md = await get('/docs/late.md', { 'Accept-Encoding': 'gzip' });
  assert.equal(decode(md).toString(), files['docs/late.md']);
});

test('a restart reads the compressed files it kept instead of compressing again', async () => {
  // Replace the kept brotli bytes of data.json by another valid brotli text:
  // a server that compressed again would send the file itself.
  const tag = (await get('/web/data.json')).headers.etag.slice(1, -1);
  const { brotliCompressSync } = await import('node:zlib');
  writeFileSync(path.join(cache, `${tag}.br`), brotliCompressSync('from the cache'));
  await stop(child);
  ({ child, origin, printed } = await start());
  const r = await get('/web/data.json', { 'Accept-Encoding': 'br' });
  assert.equal(decode(r).toString(), 'from the cache');
});

test('dotfiles, paths out of the root and methods other than GET and HEAD are refused', async () => {
  assert.equal((await get('/.git/HEAD')).status, 404);
  assert.equal((await get('/web/../../etc/passwd')).status, 404);
  assert.equal((await get('/web/nope.js')).status, 404);
  assert.equal((await get('/web/app/app.js', {}, 'POST')).status, 405);
});
