// The full engine for Node.js (see full.js): reads its .wasm from disk.
import { readFile } from 'node:fs/promises';
import createAssurecalc from './dist/assurecalc-full.js';
import { memoizedInit } from './api.js';

export const init = memoizedInit(async ({ locateFile, wasmBinary } = {}) => {
  const path = locateFile ? locateFile('assurecalc-full.wasm', '') : new URL('./dist/assurecalc-full.wasm', import.meta.url);
  const bytes = wasmBinary ?? (await readFile(path));
  return createAssurecalc({ wasmBinary: bytes });
});
