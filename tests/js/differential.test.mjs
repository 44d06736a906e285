// 10,000 generated claims (fixed seed; every field varied, some malformed)
// through the native batch CLI and through both wasm modules (the default
// entry's and the full entry's): identical bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init } from '../../wasm/node.js';
import { init as initFull } from '../../wasm/full-node.js';
import { claims } from '../tools/gen-claims.mjs';
import { nativeBatch } from './lib.mjs';

for (const [entry, load] of [
  ['default', init],
  ['full', initFull],
]) {
  test(`native batch and wasm (${entry} entry) agree on 10,000 generated claims`, async () => {
    const ac = await load();
    const lines = [...claims(10000, 20261126)];
    const native = nativeBatch(lines);
    assert.equal(native.length, lines.length);
    let errors = 0;
    for (let i = 0; i < lines.length; i++) {
      const wasm = ac.evaluateJSON(lines[i]);
      if (wasm !== native[i]) assert.fail(`line ${i + 1} differs:\n${lines[i]}\nnative ${native[i]}\nwasm   ${wasm}`);
      if (wasm.startsWith('{"ok":false')) errors++;
    }
    // The generator makes some claims malformed on purpose; both sides saw them.
    assert.ok(errors > 300 && errors < 2000, `${errors} claims with errors`);
  });
}
