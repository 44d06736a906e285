// The JavaScript API around the module: memoized init, errors as values,
// the fast string path, bytes, the single-file build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';

const sample = readFileSync(path.join(root, 'tests/samples/claim-api-sample.json'), 'utf8');

test('init is memoized and gives the whole API', async () => {
  const { init } = await import('../../wasm/node.js');
  const a = init();
  assert.equal(init(), a);
  const ac = await a;
  assert.deepEqual(Object.keys(ac).sort(), ['evaluate', 'evaluateBytes', 'evaluateJSON', 'programs', 'version', 'vocabulary']);
  // The full entry: the same, a caller's own policies and the CSV helpers.
  const full = await (await import('../../wasm/full-node.js')).init();
  assert.deepEqual(Object.keys(full).sort(), [
    'addCalendar',
    'addPolicy',
    'csv',
    'evaluate',
    'evaluateBytes',
    'evaluateJSON',
    'programs',
    'version',
    'vocabulary',
  ]);
  assert.deepEqual(full.programs(), ac.programs());
  assert.equal(full.vocabulary().csv.output.join(','), ac.vocabulary().csv.output.join(','));
  assert.match(ac.version(), /^\d+\.\d+\.\d+$/);
  const versions = ac.programs().map((p) => p.id);
  assert.deepEqual(versions, [
    'alibaba-ta-2015',
    'alibaba-ta-2017',
    'aliexpress-bp-2015',
    'aliexpress-bp-2020',
    'amazon-atoz-2014',
    'amazon-atoz-2020',
    'ebay-mbg-2019',
    'paypal-bp-2010',
    'paypal-bp-2014',
  ]);
});

test('the sample order: quality open, 22 days left, as string and as object', async () => {
  const { init } = await import('../../wasm/node.js');
  const ac = await init();
  const fromText = JSON.parse(ac.evaluateJSON(sample));
  const fromObject = ac.evaluate(JSON.parse(sample));
  assert.deepEqual(fromObject, fromText);
  const q = fromText.claims[0];
  assert.equal(q.kind, 'quality');
  assert.equal(q.status, 'open');
  assert.equal(q.closes_at, '2025-05-12T23:59:59+08:00');
  assert.equal(q.days_left, 22);
  assert.equal(q.refund.max, 300000);
});

test('bad input comes back as an error result, never a throw', async () => {
  const { init } = await import('../../wasm/node.js');
  const ac = await init();
  const cyclic = {};
  cyclic.self = cyclic;
  assert.equal(ac.evaluate(cyclic).errors[0].code, 'INVALID_JSON');
  assert.equal(ac.evaluate(undefined).errors[0].code, 'INVALID_TYPE');
  assert.equal(ac.evaluate([1, 2]).errors[0].code, 'INVALID_TYPE');
  assert.equal(JSON.parse(ac.evaluateJSON(42)).errors[0].code, 'INVALID_JSON');
  assert.equal(JSON.parse(ac.evaluateJSON('{"as_of":')).errors[0].code, 'INVALID_JSON');
  // A lone surrogate in a JS string is not valid text, not silently U+FFFD.
  const lone = sample.replace('PO-1001', 'PO-\ud800');
  assert.equal(JSON.parse(ac.evaluateJSON(lone)).errors[0].code, 'INVALID_JSON');
  const big = ' '.repeat((1 << 20) + 10) + sample;
  assert.equal(JSON.parse(ac.evaluateJSON(big)).errors[0].code, 'INPUT_TOO_LARGE');
  assert.equal(JSON.parse(ac.evaluateBytes(new Uint8Array([0x7b, 0xc0, 0x80]))).errors[0].code, 'INVALID_JSON');
  assert.equal(JSON.parse(ac.evaluateBytes('not bytes')).errors[0].code, 'INVALID_JSON');
  // After all that the module still answers.
  assert.equal(JSON.parse(ac.evaluateJSON(sample)).ok, true);
});

test('a module that cannot load rejects with a real Error, and may be retried', async () => {
  const mod = await import(`../../wasm/node.js?fresh=${Date.now()}`);
  await assert.rejects(mod.init({ wasmBinary: new Uint8Array([0, 1, 2, 3]) }), (e) => e instanceof Error);
  const ac = await mod.init();
  assert.equal(ac.evaluate(JSON.parse(sample)).ok, true);
});

test('the single-file build works with no .wasm file and no fetch', async () => {
  const realFetch = globalThis.fetch;
  const fetched = [];
  globalThis.fetch = (url) => {
    fetched.push(String(url).slice(0, 40));
    return realFetch(url);
  };
  // Look like a browser, where the glue would fetch its own data: URL.
  globalThis.window = globalThis;
  const { init } = await import(`../../wasm/single.js?browser=${Date.now()}`);
  const ac = await init();
  delete globalThis.window;
  globalThis.fetch = realFetch;
  assert.deepEqual(fetched, [], 'the single-file build fetched something');
  assert.equal(ac.evaluateJSON(sample), (await (await import('../../wasm/node.js')).init()).evaluateJSON(sample));
});

test('no eval or new Function in either build (CSP without unsafe-eval)', () => {
  for (const f of ['assurecalc.js', 'assurecalc-single.js', 'assurecalc-full.js']) {
    const js = readFileSync(path.join(root, 'wasm/dist', f), 'utf8');
    assert.doesNotMatch(js, /\beval\s*\(/, `${f} calls eval`);
    assert.doesNotMatch(js, /new\s+Function\s*\(/, `${f} uses new Function`);
  }
});

test('the raw bindings: texts go through the checked input buffer, answers come back by address', async () => {
  const { default: createAssurecalc } = await import('../../wasm/dist/assurecalc.js');
  const mod = await createAssurecalc({ wasmBinary: readFileSync(path.join(root, 'wasm/dist/assurecalc.wasm')) });
  // No binding takes a JavaScript string (embind's unchecked copy).
  assert.equal(mod.evaluate, undefined);
  assert.equal(mod.evaluateObject, undefined);
  const bytes = new TextEncoder().encode(sample);
  const at = mod.inputBuffer(bytes.length);
  assert.ok(at > 0);
  mod.HEAPU8.set(bytes, at);
  const out = mod.evaluateBuffer(bytes.length, false);
  const len = new DataView(mod.HEAPU8.buffer).getUint32(mod.outputLengthAddress(), true);
  const r = JSON.parse(new TextDecoder().decode(mod.HEAPU8.subarray(out, out + len)));
  assert.equal(r.claims[0].days_left, 22);
  // Memory the module cannot have is refused with 0, and the old buffer stays.
  assert.equal(mod.inputBuffer(4 * 1024 ** 3 - 1), 0);
  assert.equal(mod.inputBufferCapacity() >= bytes.length, true);
  assert.match(mod.version(), /^\d+\.\d+\.\d+$/);
});

test('a lone surrogate is INVALID_JSON, and the CSV helpers take any text', async () => {
  const { init } = await import('../../wasm/full-node.js');
  const ac = await init();
  const broken = sample.replace('PO-1001', 'PO-\ud800');
  const r = JSON.parse(ac.evaluateJSON(broken));
  assert.deepEqual(
    r.errors.map((e) => e.code),
    ['INVALID_JSON'],
  );
  assert.equal(ac.csv.toClaims('order_id,as_of,created_on,currency,total\nA-\udc00,2025-01-02T00:00:00Z,2025-01-01,USD,100\n').ok, true);
  const rows = ac.csv.rows(2, 'PO-\u00e9\ud83d\ude00', sample);
  assert.match(rows, /^2,PO-\u00e9\ud83d\ude00,alibaba-ta-2017,/);
});

test('csv.reader(): a CSV in pieces gives the rows toClaims gives, in bounded pieces', async () => {
  const { init } = await import('../../wasm/full-node.js');
  const ac = await init();
  const csv = ac.csv.template() + 'PO-2,2025-04-20T09:30:00Z,,2025-03-02,USD,5000\n\n"PO-3",2025-04-20T09:30:00Z,,2025-03-02,USD,"7,0"\r\n';
  const whole = ac.csv.toClaims(csv);
  assert.equal(whole.ok, true);
  for (const size of [1, 2, 7, 64, csv.length]) {
    const reader = ac.csv.reader();
    const rows = [];
    for (let i = 0; i < csv.length; i += size) rows.push(...reader.push(csv.slice(i, i + size)).rows);
    rows.push(...reader.end().rows);
    assert.deepEqual(rows, whole.rows, `pieces of ${size}`);
  }
  const big = ac.csv.reader();
  assert.equal(big.push('order_id,as_of,created_on,currency,total\n').rows.length, 0);
  const after = [
    ...big.push('PO-X,' + 'x'.repeat(1.2 * 1024 * 1024)).rows,
    ...big.push('\nPO-Y,2025-04-20T09:30:00Z,2025-03-02,USD,1\n').rows,
  ];
  assert.match(after[0].error, /longer than/);
  assert.equal(after[1].order_id, 'PO-Y');
  assert.equal(ac.csv.reader().push('nope\n').ok, false);
});

test('detail summary: the full result without refund.basis, timeline and trace, the same in the CLI', async () => {
  const { spawnSync } = await import('node:child_process');
  const { claims } = await import('../tools/gen-claims.mjs');
  const { cli } = await import('./lib.mjs');
  const { init } = await import('../../wasm/node.js');
  const ac = await init();
  const texts = [...claims(2000, 11)];
  let summaries = '';
  let decided = 0;
  for (const text of texts) {
    const full = JSON.parse(ac.evaluateJSON(text));
    const summary = ac.evaluateJSON(text, { detail: 'summary' });
    summaries += summary + '\n';
    const s = JSON.parse(summary);
    if (full.ok) {
      assert.ok(!('timeline' in s) && !('trace' in s));
      delete full.timeline;
      delete full.trace;
      for (const c of full.claims) delete c.refund.basis;
      for (const c of s.claims) assert.ok(!('basis' in c.refund));
      decided += full.claims.length;
    }
    assert.deepEqual(s, full);
    let object;
    try {
      object = JSON.parse(text);
    } catch {
      continue; // some generated claims are not JSON on purpose
    }
    assert.deepEqual(ac.evaluate(object, { detail: 'summary' }), s);
  }
  assert.ok(decided > 2000);
  const r = spawnSync(cli, ['batch', '--detail', 'summary', '-'], { input: texts.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.stdout, summaries);
  assert.equal(ac.evaluateJSON(texts[0], { detail: 'full' }), ac.evaluateJSON(texts[0]));
});

test("the full entry: a caller's own policy is judged beside the built-in ones; a broken one is refused by path", async () => {
  const full = await (await import('../../wasm/full-node.js')).init();
  const own = JSON.parse(readFileSync(path.join(root, 'tests/policies/peer-test-2024.json'), 'utf8'));
  const cal = readFileSync(path.join(root, 'tests/policies/weekdays-calendar.json'), 'utf8');
  const broken = full.addPolicy(JSON.stringify({ ...own, timezone: 'Mars/Olympus' }));
  assert.equal(broken.ok, false);
  assert.ok(
    broken.errors.some((e) => e.path === '/timezone'),
    JSON.stringify(broken.errors),
  );
  assert.deepEqual(full.addPolicy('{'), { ok: false, errors: [{ path: '', message: 'the policy is not valid JSON' }] });
  if (own.calendar) assert.deepEqual(full.addCalendar(cal), { ok: true });
  assert.deepEqual(full.addPolicy(JSON.stringify(own)), { ok: true });
  assert.ok(full.programs().some((p) => p.id === own.id));
  // The same policy given to the CLI (--policy) gives the same answers.
  const { cli } = await import('./lib.mjs');
  const { spawnSync } = await import('node:child_process');
  const claim = JSON.stringify({
    program: own.program,
    as_of: '2024-06-20T12:00:00Z',
    order: { created_on: '2024-06-01', currency: 'USD', total: 10000 },
    payments: [{ on: '2024-06-01', amount: 10000, method: 'card', to: 'platform' }],
    issue: { kind: 'not_received' },
  });
  const args = ['evaluate', '--compact', '--policy', path.join(root, 'tests/policies/peer-test-2024.json')];
  if (own.calendar) args.splice(1, 0, '--calendar', path.join(root, 'tests/policies/weekdays-calendar.json'));
  const native = spawnSync(cli, args, { input: claim, encoding: 'utf8' });
  assert.match(full.evaluateJSON(claim), /"ok":true/);
  assert.equal(full.evaluateJSON(claim), native.stdout.trimEnd());
  // The default entry knows only the built-in programs.
  const ac = await (await import('../../wasm/node.js')).init();
  assert.ok(!ac.programs().some((p) => p.id === own.id));
});
