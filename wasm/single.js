// assurecalc with the .wasm inlined: one file, no fetch (for the widget).
import createAssurecalc from './dist/assurecalc-single.js';
import { memoizedInit } from './api.js';

export const init = memoizedInit((options = {}) => createAssurecalc({ ...options }));
