// Prints what one claim costs against its size, to show that the cost grows
// with the input and never faster: claims with 1, 10, 100, ... payments,
// order lines, SKUs in issue.missing_units, and members the contract does
// not know, judged natively (assurecalc_bench: the engine in memory over
// copies of the claim) and in wasm (evaluateJSON in Node). Each row gives
// the time per claim and per item, and the ratio time(10x)/time(x): a ratio
// far above 10 (over 20) for a 10x step is superlinear and is flagged.
// Claims over 1 MiB (kMaxInput) are answered INPUT_TOO_LARGE without being
// read; those rows say so, and a row for the largest count under the limit
// follows. A benchmark: it prints figures, it never fails.
// usage: node tests/tools/bench-size.mjs [MAX_COUNT (default 100000)]
//   ASSURECALC_CLI=path   another build of the command line (default build/assurecalc;
//                         assurecalc_bench is taken from the same folder)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.ASSURECALC_CLI ?? path.join(root, 'build/assurecalc');
const bench = path.join(path.dirname(cli), 'assurecalc_bench');
const maxCount = Number(process.argv[2] ?? 100000);
const LIMIT = 1 << 20; // kMaxInput (src/claim.hpp)
const SUSPECT = 20;
const METHODS = ['tt', 'card', 'online_bank_payment', 'online_transfer', 'western_union', 'pay_later', 'paypal', 'lc', 'cash', 'other'];

const day = (n) => new Date(Date.UTC(2025, 2, 2) + n * 86400000).toISOString().slice(0, 10);

// A claim with every field given, every kind judged (no issue.kind).
function baseClaim(program = 'alibaba-ta') {
  const created = program === 'alibaba-ta-2015' ? '2016-03-02' : '2025-03-02';
  return {
    program,
    as_of: '2025-04-20T09:30:00Z',
    buyer: { tier: 'standard' },
    supplier: { country: 'CN', ta_limit_remaining: 50000000 },
    order: {
      id: 'PO-SIZE',
      created_on: created,
      currency: 'USD',
      total: 30000000,
      assurance_amount: 30000000,
      incoterm: 'CIF',
      placed_via_assurance: true,
      coverage_type: 'post_delivery',
      ship_by: '2025-03-20',
      guaranteed_delivery_by: '2025-04-10',
      lines: [{ sku: 'MUG-01', quantity: 1000, unit_price: 300 }],
    },
    payments: [{ on: '2025-03-02', amount: 90000, method: 'tt', to: 'platform' }],
    shipment: { shipped_on: '2025-03-27', expected_delivery_by: '2025-04-15', delivered_on: '2025-04-12' },
    issue: { claimed: 20000000 },
    history: { dispute_opened_on: '2025-04-14', agreement_on: '2025-04-18', accepted_late_shipment: false },
    fx: { usd_per_unit: 1 },
  };
}

// Each dimension: a claim text with n items.
const DIMENSIONS = [
  {
    name: 'payments',
    make(n, program) {
      const c = baseClaim(program);
      c.payments = Array.from({ length: n }, (_, i) => ({
        on: day(i % 30),
        amount: 100 + (i % 1000),
        method: METHODS[i % METHODS.length],
        to: i % 7 === 6 ? 'supplier' : 'platform',
      }));
      return JSON.stringify(c);
    },
  },
  { name: 'payments, 2015 rules', make: (n) => DIMENSIONS[0].make(n, 'alibaba-ta-2015') },
  {
    name: 'order lines',
    make(n) {
      const c = baseClaim();
      c.order.lines = Array.from({ length: n }, (_, i) => ({ sku: `S${i}`, quantity: 10 + (i % 90), unit_price: 300 }));
      return JSON.stringify(c);
    },
  },
  {
    name: 'missing_units SKUs (and as many lines)',
    make(n) {
      const c = baseClaim();
      c.order.lines = Array.from({ length: n }, (_, i) => ({ sku: `S${i}`, quantity: 100, unit_price: 300 }));
      c.issue.missing_units = Object.fromEntries(Array.from({ length: n }, (_, i) => [`S${i}`, 1 + (i % 50)]));
      return JSON.stringify(c);
    },
  },
  {
    name: 'unknown members (order.x1, order.x2, ...)',
    make(n) {
      const c = baseClaim();
      for (let i = 1; i <= n; i++) c.order[`x${i}`] = 1;
      return JSON.stringify(c);
    },
  },
];

// The largest count whose claim is at most `LIMIT` bytes (claims grow with n).
function largestUnderLimit(make) {
  let lo = 1;
  let hi = 2;
  while (Buffer.byteLength(make(hi)) <= LIMIT) hi *= 2;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (Buffer.byteLength(make(mid)) <= LIMIT) lo = mid;
    else hi = mid;
  }
  return lo;
}

// How many copies to time: about 4 MB of input, at least 3.
const copiesFor = (bytes) => Math.max(3, Math.min(5000, Math.ceil(4e6 / bytes)));

const tmp = mkdtempSync(path.join(tmpdir(), 'assurecalc-size-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const best = (k, f) => Math.min(...Array.from({ length: k }, f));

// Per claim, natively: the engine in memory (assurecalc_bench: best of 5
// rounds over k copies, no I/O timed), the figure the CLI's batch adds its
// reading and writing to.
function nativePerClaim(text) {
  const copies = copiesFor(text.length);
  const file = path.join(tmp, 'claims.jsonl');
  writeFileSync(file, (text + '\n').repeat(copies));
  const r = spawnSync(bench, [file, '5'], { encoding: 'utf8' });
  const m = /native evaluate: ([0-9.]+) us\/claim/.exec(r.stdout ?? '');
  if (!m) throw new Error(`assurecalc_bench gave no figure: ${r.stderr || r.stdout}`);
  return { us: Number(m[1]), copies };
}

// What the claim got: ok, or the first error's code.
function outcome(result) {
  const r = JSON.parse(result);
  if (r.ok) return 'ok';
  return r.errors?.[0]?.code ?? 'error';
}

let ac = null;
function wasmPerClaim(text) {
  const copies = copiesFor(text.length);
  ac.evaluateJSON(text); // warm-up
  const secs = best(5, () => {
    const t0 = performance.now();
    for (let i = 0; i < copies; i++) ac.evaluateJSON(text);
    return (performance.now() - t0) / 1e3;
  });
  return { us: (secs / copies) * 1e6, copies };
}

const fmt = (us) => (us >= 1e4 ? `${(us / 1e3).toFixed(1)} ms` : `${us.toFixed(us < 100 ? 2 : 0)} us`);
const pad = (s, n) => String(s).padStart(n);
const counts = [];
for (let n = 1; n <= maxCount; n *= 10) counts.push(n);

for (const bin of [cli, bench]) {
  if (!existsSync(bin)) {
    console.log(`(no ${path.relative(root, bin)}: build it with scripts/build.sh native)`);
    process.exit(0);
  }
}
try {
  const { init } = await import('../../wasm/node.js');
  ac = await init();
} catch (e) {
  console.log(`(no wasm module: ${e.message}; build it with scripts/build.sh wasm)`);
}

console.log(
  `native: ${path.relative(root, bench)} (the engine in memory, best of 5 rounds over k copies); answers from ${path.relative(root, cli)}`,
);
console.log(
  `wasm: evaluateJSON in Node ${process.version}, k copies, best of 5; ratio = time per claim against the row above (10x the items)`,
);
for (const dim of DIMENSIONS) {
  const under = largestUnderLimit((n) => dim.make(n));
  const rows = counts.map((n) => ({ n }));
  if (!counts.includes(under) && under < maxCount * 10) rows.push({ n: under, largest: true });
  rows.sort((a, b) => a.n - b.n);
  console.log(`\n== ${dim.name} (largest count under 1 MiB: ${under})`);
  console.log(
    `${pad('count', 8)} ${pad('bytes', 9)} ${pad('answer', 16)} ${pad('native/claim', 13)} ${pad('/item', 9)} ${pad('ratio', 16)}` +
      `${ac ? ` ${pad('wasm/claim', 12)} ${pad('/item', 9)} ${pad('ratio', 16)}` : ''}`,
  );
  let prevNative = null;
  let prevWasm = null;
  for (const row of rows) {
    const text = dim.make(row.n);
    const bytes = Buffer.byteLength(text);
    const limit = bytes > LIMIT;
    const answer = outcome(spawnSync(cli, ['evaluate', '--compact', '-'], { input: text, maxBuffer: 1 << 28 }).stdout.toString());
    const nat = { ...nativePerClaim(text), limit };
    const was = ac ? { ...wasmPerClaim(text), limit } : null;
    // The largest-under-limit row is compared with the 10^k row before it, scaled to its step.
    const step = row.largest && prevNative ? row.n / rows[rows.indexOf(row) - 1].n : 10;
    const r = (now, before) => {
      if (!before || before.limit || limit) return limit ? '(over the limit)' : '';
      const x = now.us / before.us;
      const flag = x > SUSPECT * (step / 10) ? ' SUPERLINEAR?' : '';
      return step === 10 ? `${x.toFixed(1)}x${flag}` : `${x.toFixed(1)}x (${step.toFixed(2)}x items)${flag}`;
    };
    console.log(
      `${pad(row.n, 8)} ${pad(bytes, 9)} ${pad(answer, 16)} ${pad(fmt(nat.us), 13)} ${pad(fmt(nat.us / row.n), 9)} ${pad(r(nat, prevNative), 16)}` +
        (was ? ` ${pad(fmt(was.us), 12)} ${pad(fmt(was.us / row.n), 9)} ${pad(r(was, prevWasm), 16)}` : '') +
        (row.largest ? '  <- largest under 1 MiB' : ''),
    );
    if (!row.largest) {
      prevNative = nat;
      prevWasm = was;
    }
  }
}
