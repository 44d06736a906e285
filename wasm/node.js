// assurecalc for Node.js: reads the .wasm from disk (the glue is built for
// web and workers, so it is handed the bytes instead of fetching them).
import { readFile } from 'node:fs/promises';
import createAssurecalc from './dist/assurecalc.js';
import { memoizedInit } from './api.js';

export const init = memoizedInit(async ({ locateFile, wasmBinary } = {}) => {
  const path = locateFile ? locateFile('assurecalc.wasm', '') : new URL('./dist/assurecalc.wasm', import.meta.url);
  const bytes = wasmBinary ?? (await readFile(path));
  return createAssurecalc({ wasmBinary: bytes });
});
