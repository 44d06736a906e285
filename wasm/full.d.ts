// The `assurecalc/full` entry: the same API as the default entry, plus a
// caller's own policies and the agents' CSV.
import type { AssurecalcFull, InitOptions } from './assurecalc.js';
export * from './assurecalc.js';

/** Loads the full module once; later calls return the same promise. Rejects with an Error if it cannot load. */
export function init(options?: InitOptions): Promise<AssurecalcFull>;
