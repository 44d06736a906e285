// The engine for the lazily loaded calculator (lazy.js): the module with its
// separate .wasm, which the build puts next to the chunk under a
// content-hashed name (__ASSURECALC_WASM__). Imported before widget.js, so
// this is the first init() and its locateFile is the one kept.
/* global __ASSURECALC_WASM__ */
import { init } from '../../wasm/index.js';

const wasm = typeof __ASSURECALC_WASM__ === 'string' ? __ASSURECALC_WASM__ : null;
init(wasm ? { locateFile: (file) => new URL(file.endsWith('.wasm') ? wasm : file, import.meta.url).href } : {}).catch(() => {});
