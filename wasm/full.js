// The full engine for browsers and workers: a caller's own policies
// (addPolicy, addCalendar) and the agents' CSV (csv.*), besides everything
// the default entry does. Its module reads the built-in policies from their
// JSON at startup; the default entry's reads compiled tables and is smaller.
import createAssurecalc from './dist/assurecalc-full.js';
import { memoizedInit } from './api.js';

export const init = memoizedInit(({ locateFile, wasmBinary } = {}) =>
  createAssurecalc({
    locateFile: locateFile ?? ((file) => new URL(`./dist/${file}`, import.meta.url).href),
    ...(wasmBinary ? { wasmBinary } : {}),
  }),
);
