// The API around a loaded module: string in, string out through the
// module's memory (TextEncoder.encodeInto / TextDecoder), objects through
// JSON. No rule logic: everything is decided by the engine.

const MAX_INPUT = 1 << 20;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function errorResult(code, message) {
  return { ok: false, errors: [{ code, path: '', message }] };
}

export function makeApi(mod) {
  // The input buffer in the module's memory (grown on demand) and where the
  // engine leaves each result's length.
  let inPtr = 0;
  let inCap = 0;
  const lenAddr = mod.outputLengthAddress();

  function room(bytes) {
    if (bytes > inCap) {
      inPtr = mod.inputBuffer(bytes);
      inCap = mod.inputBufferCapacity();
    }
  }

  // Runs the engine on the `n` bytes at inPtr; returns the result text.
  // (HEAPU8 is read after the call: memory may have grown.)
  function run(n) {
    const out = mod.evaluateBuffer(n);
    const heap = mod.HEAPU8;
    const len = heap[lenAddr] | (heap[lenAddr + 1] << 8) | (heap[lenAddr + 2] << 16) | (heap[lenAddr + 3] << 24);
    return decoder.decode(heap.subarray(out, out + (len >>> 0)));
  }

  function evaluateJSON(text) {
    if (typeof text !== 'string') {
      return JSON.stringify(errorResult('INVALID_JSON', 'The claim must be given as JSON text.'));
    }
    // Lone surrogates cannot be encoded as UTF-8 faithfully; the engine's
    // string path hands their bytes over as they are and rejects them.
    if (typeof text.isWellFormed === 'function' && !text.isWellFormed()) return mod.evaluate(text);
    // Beyond the limit only the first part is needed to say it is too large.
    const chars = text.length > MAX_INPUT ? MAX_INPUT + 1 : text.length;
    room(chars * 3);
    const src = chars === text.length ? text : text.slice(0, chars);
    const { written } = encoder.encodeInto(src, mod.HEAPU8.subarray(inPtr, inPtr + chars * 3));
    return run(written);
  }

  // Raw bytes (a file as read): handed to the engine as they are, so
  // invalid UTF-8 is judged there, exactly as on the command line.
  function evaluateBytes(bytes) {
    if (!(bytes instanceof Uint8Array)) {
      return JSON.stringify(errorResult('INVALID_JSON', 'The claim must be given as bytes (a Uint8Array).'));
    }
    const n = Math.min(bytes.length, MAX_INPUT + 1);
    room(n);
    mod.HEAPU8.set(n === bytes.length ? bytes : bytes.subarray(0, n), inPtr);
    return run(n);
  }

  function evaluate(claim) {
    let text;
    try {
      text = JSON.stringify(claim);
    } catch (e) {
      return errorResult('INVALID_JSON', `The claim could not be written as JSON (${e.message}).`);
    }
    if (text === undefined) return errorResult('INVALID_TYPE', 'The claim must be an object.');
    return JSON.parse(evaluateJSON(text));
  }

  let programsCache;
  let vocabularyCache;
  return Object.freeze({
    evaluate,
    evaluateJSON,
    evaluateBytes,
    programs() {
      programsCache ??= mod.programs();
      return JSON.parse(programsCache);
    },
    /** The claim's vocabulary (fields, kinds, methods, currencies with exponents, codes): see README. */
    vocabulary() {
      vocabularyCache ??= mod.vocabulary();
      return JSON.parse(vocabularyCache);
    },
    version: () => mod.version(),
    // CSV of orders for support agents, the same as `assurecalc batch --csv`.
    csv: Object.freeze({
      template: () => mod.csvTemplate(),
      /** {ok:true, rows:[{line, order_id, claim (JSON text)}]} or {ok:false, error} */
      toClaims: (text) => JSON.parse(mod.csvToClaims(String(text))),
      resultHeader: () => mod.csvResultHeader(),
      /** CSV rows (one per claim kind, or one error row) for one evaluated row. */
      resultRows: (line, orderId, resultJSON) => mod.csvResultRows(line, String(orderId ?? ''), resultJSON),
    }),
  });
}

export function memoizedInit(load) {
  let ready = null;
  return function init(options = {}) {
    if (!ready) {
      ready = load(options).then(makeApi, (e) => {
        ready = null; // a failed load may be retried
        throw e instanceof Error ? e : new Error(`assurecalc: the WebAssembly module could not load (${e})`);
      });
    }
    return ready;
  };
}
