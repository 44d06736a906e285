// The API around a loaded module: string in, string out through the
// module's memory (TextEncoder.encodeInto / TextDecoder), objects through
// JSON. No rule logic: everything is decided by the engine.

const MAX_INPUT = 1 << 20;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function errorResult(code, message) {
  return { ok: false, errors: [{ code, path: '', message }] };
}

// A text that is not well-formed UTF-16 (a lone surrogate) has no UTF-8
// form; its code units are written as they are (generalized UTF-8), so the
// engine sees invalid UTF-8 and says so, exactly as for a file's bytes.
function looseUtf8(text) {
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) ((out[n++] = 0xc0 | (c >> 6)), (out[n++] = 0x80 | (c & 63)));
    else if (c < 0x10000) ((out[n++] = 0xe0 | (c >> 12)), (out[n++] = 0x80 | ((c >> 6) & 63)), (out[n++] = 0x80 | (c & 63)));
    else
      ((out[n++] = 0xf0 | (c >> 18)),
        (out[n++] = 0x80 | ((c >> 12) & 63)),
        (out[n++] = 0x80 | ((c >> 6) & 63)),
        (out[n++] = 0x80 | (c & 63)));
  }
  return out.subarray(0, n);
}

const OUT_OF_MEMORY = 'The calculator could not get the memory for this input; split it or reload the page.';

export function makeApi(mod) {
  // The input buffer in the module's memory (grown on demand, checked) and
  // where the engine leaves each answer's length.
  let inPtr = 0;
  let inCap = 0;
  const lenAddr = mod.outputLengthAddress();

  // Room for `bytes` in the input buffer; false when memory ran out.
  function room(bytes) {
    if (bytes > inCap) {
      const p = mod.inputBuffer(bytes);
      if (!p) return false;
      inPtr = p;
      inCap = mod.inputBufferCapacity();
    }
    return true;
  }

  // Writes texts one after the other into the input buffer; returns their
  // byte lengths, or null when memory ran out. (HEAPU8 is read after room():
  // memory may have grown.)
  function put(...texts) {
    const bytes = texts.map((t) => (typeof t.isWellFormed !== 'function' || t.isWellFormed() ? null : looseUtf8(t)));
    if (!room(texts.reduce((n, t, i) => n + (bytes[i] ? bytes[i].length : t.length * 3), 0))) return null;
    let at = inPtr;
    return texts.map((t, i) => {
      const heap = mod.HEAPU8;
      let written;
      if (bytes[i]) (heap.set(bytes[i], at), (written = bytes[i].length));
      else written = encoder.encodeInto(t, heap.subarray(at, inPtr + inCap)).written;
      at += written;
      return written;
    });
  }

  // The answer the engine left at `ptr` (its length at lenAddr).
  function answer(ptr) {
    const heap = mod.HEAPU8;
    const len = heap[lenAddr] | (heap[lenAddr + 1] << 8) | (heap[lenAddr + 2] << 16) | (heap[lenAddr + 3] << 24);
    return decoder.decode(heap.subarray(ptr, ptr + (len >>> 0)));
  }

  // {detail: 'summary'}: no refund.basis, timeline or trace.
  const summaryOf = (options) => options != null && options.detail === 'summary';

  function evaluateJSON(text, options) {
    if (typeof text !== 'string') {
      return JSON.stringify(errorResult('INVALID_JSON', 'The claim must be given as JSON text.'));
    }
    // Beyond the limit only the first part is needed to say it is too large.
    const src = text.length > MAX_INPUT ? text.slice(0, MAX_INPUT + 1) : text;
    const n = put(src);
    if (!n) return JSON.stringify(errorResult('INPUT_TOO_LARGE', OUT_OF_MEMORY));
    return answer(mod.evaluateBuffer(n[0], summaryOf(options)));
  }

  // Raw bytes (a file as read): handed to the engine as they are, so
  // invalid UTF-8 is judged there, exactly as on the command line.
  function evaluateBytes(bytes, options) {
    if (!(bytes instanceof Uint8Array)) {
      return JSON.stringify(errorResult('INVALID_JSON', 'The claim must be given as bytes (a Uint8Array).'));
    }
    const n = Math.min(bytes.length, MAX_INPUT + 1);
    if (!room(n)) return JSON.stringify(errorResult('INPUT_TOO_LARGE', OUT_OF_MEMORY));
    mod.HEAPU8.set(n === bytes.length ? bytes : bytes.subarray(0, n), inPtr);
    return answer(mod.evaluateBuffer(n, summaryOf(options)));
  }

  function evaluate(claim, options) {
    let text;
    try {
      text = JSON.stringify(claim);
    } catch (e) {
      return errorResult('INVALID_JSON', `The claim could not be written as JSON (${e.message}).`);
    }
    if (text === undefined) return errorResult('INVALID_TYPE', 'The claim must be an object.');
    return JSON.parse(evaluateJSON(text, options));
  }

  let programsCache;
  let vocabularyCache;
  // A caller's own policy or calendar file (the full entry only):
  // {ok:true}, or {ok:false, errors:[{path, message}]} and nothing added.
  const adder = (add) => (text) => {
    if (typeof text !== 'string') return { ok: false, errors: [{ path: '', message: 'The file must be given as JSON text.' }] };
    const n = put(text);
    if (!n) return { ok: false, errors: [{ path: '', message: OUT_OF_MEMORY }] };
    programsCache = vocabularyCache = undefined;
    return JSON.parse(answer(add(n[0])));
  };
  const full = typeof mod.addPolicy === 'function';
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
    ...(full && {
      addPolicy: adder(mod.addPolicy),
      addCalendar: adder(mod.addCalendar),
      // CSV of orders for support agents, the same as `assurecalc batch --csv`.
      csv: Object.freeze({
        template: () => mod.csvTemplate(),
        /** {ok:true, rows:[{line, order_id, claim (JSON text)}]} or {ok:false, error} */
        toClaims(text) {
          const n = put(String(text));
          return n ? JSON.parse(answer(mod.csvToClaims(n[0]))) : { ok: false, error: OUT_OF_MEMORY };
        },
        /**
         * A CSV a piece at a time, in bounded memory: `push(text)` and then
         * `end()` each answer the rows complete so far, as toClaims does (a row
         * over 1 MiB comes as {line, order_id: '', error}). One reader at a time.
         */
        reader() {
          let first = true;
          const step = (text, last) => {
            const n = put(String(text));
            if (!n) return { ok: false, error: OUT_OF_MEMORY };
            const r = JSON.parse(answer(mod.csvRead(n[0], first, last)));
            first = false;
            return r;
          };
          return Object.freeze({ push: (text) => step(text, false), end: () => step('', true) });
        },
        resultHeader: () => mod.csvResultHeader(),
        /** An order's error row as `assurecalc batch --csv` writes it (code: an error code, else INTERNAL). */
        errorRow(line, orderId, code, message) {
          const n = put(String(orderId ?? ''), String(code), String(message));
          if (!n) throw new RangeError(OUT_OF_MEMORY);
          return answer(mod.csvErrorRow(line, n[0], n[1], n[2]));
        },
        /** The CSV rows of one order (one per claim kind, or one error row): its claim JSON is evaluated. */
        rows(line, orderId, claimJSON) {
          const n = put(String(orderId ?? ''), String(claimJSON));
          if (!n) throw new RangeError(OUT_OF_MEMORY);
          return answer(mod.csvRows(line, n[0], n[1]));
        },
        /**
         * A CSV a piece at a time with each order judged once (the agent view):
         * `push(text)` and `end()` each answer the orders complete so far,
         * {ok:true, orders:[{line, id, claim, asOf, error}], table}, or {ok:false,
         * error} as reader() does. Rows without as_of are judged at `asOf`, as
         * `assurecalc batch --csv --as-of <asOf>` judges them ('' for none); a
         * row over 1 MiB has `error` and no claim. `table`: what the agent
         * view's table shows of those orders, as UTF-8 JSON bytes of their own,
         * to hand to where they are shown: [{i, line, id, program, family, tz,
         * cur, warnings, claims}] (see README). One at a time.
         */
        judged(asOf = '') {
          let first = true;
          const step = (text, last) => {
            const n = put(String(asOf ?? ''), String(text));
            if (!n) return { ok: false, error: OUT_OF_MEMORY };
            const ptr = mod.csvJudgeRead(n[0], n[1], first, last);
            first = false;
            const heap = mod.HEAPU8;
            const len = heap[lenAddr] | (heap[lenAddr + 1] << 8) | (heap[lenAddr + 2] << 16) | (heap[lenAddr + 3] << 24);
            const all = heap.subarray(ptr, ptr + (len >>> 0));
            // Three lines: the orders, their claims (separated by U+001E: claim
            // JSON holds no control character), the table.
            const cut = all.indexOf(10);
            if (cut < 0) return JSON.parse(decoder.decode(all));
            const r = JSON.parse(decoder.decode(all.subarray(0, cut)));
            const cut2 = all.indexOf(10, cut + 1);
            const claims = r.orders.length ? decoder.decode(all.subarray(cut + 1, cut2)).split('\x1e') : [];
            r.orders.forEach((o, k) => o.error == null && (o.claim = claims[k]));
            r.table = all.slice(cut2 + 1);
            return r;
          };
          return Object.freeze({ push: (text) => step(text, false), end: () => step('', true) });
        },
        /** One order's claim judged once: what the agent view's table shows of it, as judged() gives it (parsed). */
        judge(line, orderId, claimJSON) {
          const n = put(String(orderId ?? ''), String(claimJSON));
          if (!n) throw new RangeError(OUT_OF_MEMORY);
          const r = JSON.parse(answer(mod.csvJudge(line, n[0], n[1])));
          if (!r.ok) throw new RangeError(r.errors?.[0]?.message || OUT_OF_MEMORY);
          return r.row;
        },
      }),
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
