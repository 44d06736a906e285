// assurecalc for browsers and workers: the module with its separate .wasm,
// fetched next to this file unless `locateFile` or `wasmBinary` says otherwise.
import createAssurecalc from './dist/assurecalc.js';
import { memoizedInit } from './api.js';

export const init = memoizedInit(({ locateFile, wasmBinary } = {}) =>
  createAssurecalc({
    locateFile: locateFile ?? ((file) => new URL(`./dist/${file}`, import.meta.url).href),
    ...(wasmBinary ? { wasmBinary } : {}),
  }),
);
