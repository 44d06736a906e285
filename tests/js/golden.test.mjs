// The golden cases through both wasm modules (the default entry's, which
// reads compiled tables, and the full entry's, which compiles the JSON
// policies): the expected answers, and the very same bytes as the native
// engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init } from '../../wasm/node.js';
import { init as initFull } from '../../wasm/full-node.js';
import { loadCases, nativeEvaluate, subsetMismatch } from './lib.mjs';

const ac = await init();
const full = await initFull();
const cases = loadCases();

test('there are golden cases to run', () => {
  assert.ok(cases.length >= 80, `only ${cases.length} cases`);
});

for (const c of cases) {
  test(`${c.file}: ${c.name}`, () => {
    const wasm = ac.evaluateBytes(new Uint8Array(c.bytes));
    const native = nativeEvaluate(c.bytes);
    assert.equal(wasm, native, 'wasm and native results differ');
    assert.equal(full.evaluateBytes(new Uint8Array(c.bytes)), native, 'the full module and native results differ');
    const mismatch = subsetMismatch(c.expected, JSON.parse(wasm));
    assert.equal(mismatch, null, `mismatch at ${mismatch}`);
  });
}
