// The vocabulary is declared once, by the engine: the CLI and the module
// print the same one, the hand-written types agree with it, the version is
// one number everywhere, and what it says holds when a claim is evaluated.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root, cli } from './lib.mjs';

const native = () => {
  const r = spawnSync(cli, ['vocabulary'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const wasm = async () => {
  const { init } = await import('../../wasm/node.js');
  return (await init()).vocabulary();
};

// The members of `export type Name = 'a' | 'b' ...;` in the .d.ts.
function union(dts, name) {
  const m = new RegExp(`export type ${name} =([^;]*);`).exec(dts);
  assert.ok(m, `assurecalc.d.ts has no type ${name}`);
  return [...m[1].matchAll(/'([^']*)'/g)].map((x) => x[1]).sort();
}

test('the CLI and the module give the same vocabulary', async () => {
  assert.deepEqual(await wasm(), native());
});

test('the .d.ts unions are the vocabulary', () => {
  const v = native();
  const dts = readFileSync(path.join(root, 'wasm/assurecalc.d.ts'), 'utf8');
  const sorted = (xs) => [...xs].sort();
  assert.deepEqual(union(dts, 'ClaimKind'), sorted(v.kinds));
  assert.deepEqual(union(dts, 'PaymentMethod'), sorted(v.payment_methods));
  assert.deepEqual(union(dts, 'CoverageType'), sorted(v.coverage_types));
  assert.deepEqual(union(dts, 'Status'), sorted(v.statuses));
  assert.deepEqual(union(dts, 'RefundForm'), sorted(v.refund_forms));
  assert.deepEqual(union(dts, 'ReasonCode'), sorted(v.reasons.map((c) => c.code)));
  assert.deepEqual(union(dts, 'WarningCode'), sorted(v.warnings.map((c) => c.code)));
  assert.deepEqual(union(dts, 'ErrorCode'), sorted(v.errors.map((c) => c.code)));
});

test('one version number: CMake, the CLI, the module and package.json', async () => {
  const cmake = /project\(assurecalc VERSION ([\d.]+)/.exec(readFileSync(path.join(root, 'CMakeLists.txt'), 'utf8'))[1];
  const pkg = JSON.parse(readFileSync(path.join(root, 'wasm/package.json'), 'utf8')).version;
  const printed = spawnSync(cli, ['version'], { encoding: 'utf8' }).stdout.trim();
  const { init } = await import('../../wasm/node.js');
  const ac = await init();
  assert.deepEqual([pkg, printed, ac.version(), native().version], [cmake, cmake, cmake, cmake]);
});

test('every field the vocabulary lists is one the engine reads, with its type', async () => {
  const { init } = await import('../../wasm/node.js');
  const ac = await init();
  const v = native();
  const base = { as_of: '2025-04-20T09:30:00Z', order: { created_on: '2025-03-02', currency: 'USD', total: 1000 } };
  for (const f of v.fields) {
    if (f.pointer.includes('*') || f.type === 'list' || f.type === 'map' || f.pointer === '/as_of') continue;
    // A value of a type no field accepts is that field's error, never an unknown field.
    const claim = structuredClone(base);
    const parts = f.pointer.slice(1).split('/');
    let at = claim;
    for (const p of parts.slice(0, -1)) at = at[p] ??= {};
    at[parts.at(-1)] = [[]];
    const r = ac.evaluate(claim);
    assert.equal(r.ok, false, f.pointer);
    assert.ok(
      r.errors.some((e) => e.path === f.pointer),
      `${f.pointer}: ${JSON.stringify(r.errors)}`,
    );
  }
});

test('currency exponents are the ones the engine counts in', async () => {
  const { init } = await import('../../wasm/node.js');
  const ac = await init();
  const v = native();
  assert.ok(v.currencies.length > 150);
  const exp = Object.fromEntries(v.currencies.map((c) => [c.code, c.exponent]));
  // ISO 4217, where Intl disagrees for some of them.
  assert.deepEqual([exp.IDR, exp.IQD, exp.JPY, exp.VND, exp.BHD, exp.USD, exp.HUF, exp.CLF], [2, 3, 0, 0, 3, 2, 2, 4]);
  // The engine's US$100 cap in another currency is floor(100 / rate * 10^exponent).
  for (const code of ['IDR', 'IQD', 'JPY', 'BHD']) {
    const r = ac.evaluate({
      as_of: '2025-06-20T00:00:00Z',
      order: { created_on: '2025-03-02', currency: code, total: 1e12, placed_via_assurance: true, guaranteed_delivery_by: '2025-06-01' },
      payments: [{ on: '2025-03-02', amount: 1e12, method: 'tt', to: 'platform' }],
      shipment: { shipped_on: '2025-03-10' },
      issue: { kind: 'late_delivery' },
      fx: { usd_per_unit: 0.5 },
    });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.claims[0].refund.max, 200 * 10 ** exp[code], code);
  }
});

test('each version reads the fields its rules name, and needs the terms', () => {
  const v = native();
  const byId = Object.fromEntries(v.versions.map((x) => [x.id, x]));
  assert.ok(byId['alibaba-ta-2015'].needs.includes('/order/coverage_type'));
  assert.ok(!byId['alibaba-ta-2017'].reads.includes('/order/coverage_type'));
  assert.ok(byId['alibaba-ta-2017'].needs.includes('/shipment/expected_delivery_by'));
  assert.deepEqual(byId['alibaba-ta-2015'].kinds, ['late_shipment', 'quality']);
  // The peer programs read the general fields their rules name, and only those.
  assert.ok(byId['amazon-atoz-2014'].reads.includes('/buyer/claims_filed'));
  assert.ok(!byId['amazon-atoz-2020'].reads.includes('/buyer/claims_filed'));
  assert.ok(byId['ebay-mbg-2019'].reads.includes('/order/category'));
  assert.ok(!byId['aliexpress-bp-2020'].reads.includes('/order/category'));
  assert.ok(byId['aliexpress-bp-2020'].reads.includes('/shipment/protection_ends_on'));
  assert.ok(byId['amazon-atoz-2020'].reads.includes('/history/seller_contacted_on'));
  assert.deepEqual(byId['paypal-bp-2014'].kinds, ['not_received', 'quality', 'damaged']);
  for (const f of v.fields) for (const id of f.needed_by) assert.ok(f.read_by.includes(id), `${f.pointer} needed but not read by ${id}`);
  // The CSV input columns are the fields' columns, nothing else.
  assert.deepEqual(
    v.csv.input,
    v.fields.filter((f) => f.column).map((f) => f.column),
  );
});

test("the package's README names every code and every field of the vocabulary", () => {
  const v = native();
  const readme = readFileSync(path.join(root, 'wasm/README.md'), 'utf8');
  for (const c of [...v.reasons, ...v.warnings, ...v.errors]) assert.ok(readme.includes(`\`${c.code}\``), c.code);
  for (const f of v.fields) {
    // List items are documented with their list: `/payments` (each `amount`, ...).
    const [list, item] = f.pointer.split('/*');
    assert.ok(readme.includes(`\`${list}\``), f.pointer);
    if (item) assert.ok(readme.includes(`\`${item.slice(1)}\``) || item === '', f.pointer);
  }
});
