// The agent view's worker: reads a queue of orders (CSV, JSON, JSON Lines) a
// piece at a time, has the engine judge every one once, and streams what
// the table shows of each order back to the page, so a large file never
// blocks it and is never held whole. A CSV goes to the engine a part at a
// time: it reads the rows, judges each order and answers the orders' claim
// texts and, as JSON bytes handed on to the page as they are, their table
// rows. What the worker keeps is bounded (the limits below): each order's
// claim text, to judge it again in full when an agent opens it and for the
// CSV export; results are not kept. No rule logic: every verdict comes
// from the engine.
import { init } from '../../wasm/full.js';

const SLICE_MS = 40; // post rows and progress about 25 times a second
const PIECE = 1 << 20; // a file is read 1 MiB at a time
// and a CSV handed to the engine in parts of this many characters, so the
// table fills as the orders are judged.
const PART = 1 << 17;
// While the agent picks a file, the engine judges the template's example
// WARM_UP times, WARM_PART at a time, in the worker's idle time.
const WARM_UP = 3000;
const WARM_PART = 250;
// What the view keeps: the first MAX_ORDERS orders, or fewer when their
// claim texts reach MAX_KEPT characters. A file beyond that is read up to
// there, and the page says so (`assurecalc batch --csv` reads any size).
const MAX_ORDERS = 100_000;
const MAX_KEPT = 128e6;
// A JSON document (an array of claims, or one claim) is read whole, up to
// this size; CSV and JSON Lines are read a piece at a time, at any size.
const MAX_JSON = 64e6;
// The engine reads a claim of 1 MiB at most; a longer JSON line is answered
// INPUT_TOO_LARGE without being held.
const MAX_CLAIM = 1 << 20;

let ac = null;
let current = 0; // the run being read; a newer run stops an older one
let store = { run: 0, format: null, items: [] };

const ready = init().then(
  (a) => {
    ac = a;
    self.postMessage({
      type: 'ready',
      version: a.version(),
      template: a.csv.template(),
      programs: a.programs(),
      vocabulary: a.vocabulary(),
      limits: { orders: MAX_ORDERS, kept: MAX_KEPT, json: MAX_JSON },
    });
    warmUp(a);
  },
  (e) => self.postMessage({ type: 'fatal', message: String(e?.message || e) }),
);

// While the agent picks a file: the template's example order, judged a few
// thousand times, so the browser has compiled the engine's hot code in full
// (a module starts in its quick first tier) before the first real orders:
// measured in Chromium here, 10,000 orders took 560-630 ms after 300
// judgements and 400-470 ms after 3,000. A part at a time (each a whole CSV,
// so no reader is left open), and it stops when a run starts.
async function warmUp(a) {
  const [header, example] = a.csv.template().trim().split('\n');
  const part = `${header}\n` + `${example}\n`.repeat(WARM_PART);
  for (let n = 0; n < WARM_UP && current === 0; n += WARM_PART) {
    const warm = a.csv.judged('2025-01-01T00:00:00Z');
    warm.push(part);
    warm.end();
    await tick();
  }
}

self.onmessage = async (e) => {
  const m = e.data;
  await ready;
  if (!ac) return;
  try {
    if (m.type === 'run') await run(m);
    else if (m.type === 'detail') detail(m);
    else if (m.type === 'export') exportCsv(m);
  } catch (err) {
    // Never leave the page waiting: say what failed. The page starts a new
    // worker after this, since the engine may not be usable any more.
    self.postMessage({ type: 'failed', run: m.run, code: 'internal', message: String(err?.stack || err) });
  }
};

// ---- reading the input, a piece at a time ----

const isHigh = (c) => c >= 0xd800 && c < 0xdc00;

// The input as pieces of text with the position reached (bytes of a file,
// characters of a pasted text). A file is read with Blob.slice and decoded
// with a streaming TextDecoder (a character cut between pieces is decoded
// whole; invalid UTF-8 becomes U+FFFD, as File.text() would do; a BOM is
// dropped). A text is cut between characters, never inside a surrogate pair.
async function* pieces(input) {
  if (typeof input === 'string') {
    for (let at = 0; at < input.length;) {
      let end = Math.min(input.length, at + PIECE);
      if (end < input.length && isHigh(input.charCodeAt(end - 1))) end--;
      yield { text: input.slice(at, end), pos: end };
      at = end;
    }
    return;
  }
  const dec = new TextDecoder('utf-8');
  for (let at = 0; at < input.size; at += PIECE) {
    const end = Math.min(input.size, at + PIECE);
    const bytes = await input.slice(at, end).arrayBuffer();
    yield { text: dec.decode(bytes, { stream: end < input.size }), pos: end };
  }
}
const sizeOf = (input) => (typeof input === 'string' ? input.length : input.size);

// What the text is: a JSON array, JSON Lines, one JSON claim, or CSV; from
// its beginning (`done`: that is all of it). null: more text is needed.
function detect(head, done) {
  const s = head.replace(/^\uFEFF/, '');
  const first = s.search(/\S/);
  if (first < 0) return done ? 'empty' : null;
  if (s[first] === '[') return 'json';
  if (s[first] !== '{') return 'csv';
  const lines = s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // Two whole lines at least, unless that is all there is.
  if (!done && lines.length < 3 && head.length < 4 * PIECE) return null;
  if (lines.length < 2) return 'json';
  // Pretty-printed JSON has lines starting with a quote or a brace; JSON
  // Lines has a whole claim on each line (even when one of them is broken).
  if (lines.every((l) => l[0] === '{')) return 'jsonl';
  try {
    JSON.parse(lines[0]);
    return 'jsonl';
  } catch {
    return 'json';
  }
}

// The items of a JSON array as their own texts (not parsed here, so the
// engine still sees duplicate keys and the like), with the line each starts on.
function splitArray(text) {
  const items = [],
    notes = [];
  const n = text.length;
  let i = text.indexOf('['),
    line = 1;
  for (let k = 0; k < i; k++) if (text.charCodeAt(k) === 10) line++;
  let depth = 0,
    start = -1,
    startLine = 0,
    last = -1,
    sawComma = false,
    closed = false;
  const push = () => {
    items.push({ text: start < 0 ? '' : text.slice(start, last + 1), fileLine: start < 0 ? line : startLine });
    start = -1;
  };
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (depth === 0 && (c === 44 || c === 93)) {
      if (c === 44 || start >= 0 || sawComma) push();
      if (c === 44) {
        sawComma = true;
        continue;
      }
      closed = true;
      i++;
      break;
    }
    if (start < 0) {
      start = i;
      startLine = line;
    }
    last = i;
    if (c === 34) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
        else if (d === 10) {
          // JSON strings hold no line breaks: this one was cut short. Ending
          // it here lets a broken item of a pretty-printed array end too.
          i--;
          break;
        }
      }
      last = Math.min(i, n - 1);
    } else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && depth > 0) depth--;
  }
  if (!closed) {
    if (start >= 0) push();
    notes.push({ code: 'array_not_closed', line });
  } else {
    const rest = text.slice(i);
    const off = rest.search(/\S/);
    if (off >= 0) {
      for (let k = 0; k < off; k++) if (rest.charCodeAt(k) === 10) line++;
      // Whatever follows the array is not dropped: the engine judges it.
      items.push({ text: rest.trim(), fileLine: line });
      notes.push({ code: 'after_array', line });
    }
  }
  return { items, notes };
}

// The order id of a claim's text; null when the text is not JSON at all.
function orderIdOf(claimText) {
  try {
    const id = JSON.parse(claimText)?.order?.id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
  } catch {
    return null;
  }
}

// A JSON document whole: its items ({line, fileLine, id, claim}) and notes.
function readJson(text) {
  let parts,
    notes = [];
  const s = text.replace(/^\uFEFF/, '');
  const first = s.search(/\S/);
  if (first >= 0 && s[first] === '[') ({ items: parts, notes } = splitArray(text));
  else {
    let fileLine = 1;
    for (let k = 0; k < first; k++) if (s.charCodeAt(k) === 10) fileLine++;
    parts = [{ text, fileLine }];
  }
  // `line` is the item's number (index + 1).
  const items = parts.map((p, k) => ({ line: k + 1, fileLine: p.fileLine, id: orderIdOf(p.text), claim: p.text }));
  const broken = parts.length > 1 ? items.find((x) => x.id === null) : null;
  if (broken)
    notes = [{ code: 'array_broken', item: broken.line, line: broken.fileLine }, ...notes.filter((x) => x.code !== 'array_not_closed')];
  for (const x of items) x.id ??= '';
  return { items, notes };
}

// A copy of a part of a piece, so that keeping it does not keep the whole
// piece (a slice of a string refers to the string it was cut from).
const own = (s) => (' ' + s).slice(1);

// JSON Lines exactly as `assurecalc batch` reads them: one claim per line, a
// trailing CR dropped, blank lines skipped, a line over 1 MiB answered
// INPUT_TOO_LARGE (only its first 1 MiB is ever held).
function jsonLines() {
  let part = '',
    long = false,
    fileLine = 0,
    n = 0;
  const item = (out) => {
    fileLine++;
    let l = part;
    part = '';
    if (l.endsWith('\r') && !long) l = l.slice(0, -1);
    if (!long && /^[ \t]*$/.test(l)) return;
    n++;
    out.push(long ? { line: n, fileLine, id: '', claim: null, big: true } : { line: n, fileLine, id: orderIdOf(l) ?? '', claim: own(l) });
    long = false;
  };
  const add = (s) => {
    if (long) return;
    if (part.length + s.length > MAX_CLAIM + 1) {
      long = true;
      part = '';
    } else part += s;
  };
  return {
    push(text) {
      const out = [];
      let at = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
        add(text.slice(at, nl));
        item(out);
        at = nl + 1;
      }
      add(text.slice(at));
      return out;
    },
    end() {
      const out = [];
      if (part || long) item(out);
      return out;
    },
  };
}

// ---- evaluating ----

// A claim without `as_of` (absent or null) is judged at the moment of
// checking, as `assurecalc batch --as-of <that moment>` does; the item says
// so. The text is changed only there (a member added or null replaced), so
// the engine still reads everything else as written. A text that is not a
// JSON object is left to the engine.
function withAsOf(item, at) {
  const text = item.claim;
  if (typeof text !== 'string' || (text.includes('"as_of"') && !/"as_of"\s*:\s*null/.test(text))) return;
  let o;
  try {
    o = JSON.parse(text);
  } catch {
    return;
  }
  if (!o || typeof o !== 'object' || Array.isArray(o) || o.as_of != null) return;
  const v = JSON.stringify(at);
  if (Object.hasOwn(o, 'as_of')) item.claim = text.replace(/"as_of"\s*:\s*null/, `"as_of":${v}`);
  else {
    const i = text.indexOf('{');
    item.claim = `${text.slice(0, i + 1)}"as_of":${v}${Object.keys(o).length ? ',' : ''}${text.slice(i + 1)}`;
  }
  item.asOfDefault = true;
}

// What the table shows of an item, judged once (its claim kinds, or its
// errors), as the engine gives it for a CSV's orders.
function judge(k, item) {
  const o = ac.csv.judge(item.line, item.id, item.big ? tooLarge() : item.claim);
  return Object.assign(o, { i: k, fileLine: item.fileLine, asOfDefault: !!item.asOfDefault });
}

// A text over the engine's limit, for an item only known to be too large.
let big = null;
const tooLarge = () => (big ??= ' '.repeat(MAX_CLAIM + 1));

// An item's result, judged again from its claim text (results are not kept).
function resultOf(item) {
  if (item.error != null) return JSON.stringify({ ok: false, errors: [{ code: 'INPUT_TOO_LARGE', path: '', message: item.error }] });
  return ac.evaluateJSON(item.big ? tooLarge() : item.claim);
}

// Lets the messages waiting run (a newer run stops this one) without the
// few milliseconds a chain of setTimeout(0) would wait each time. Each
// waiter is woken by its own message (the warm-up and a run may both wait).
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const tick = () =>
  new Promise((r) => {
    waiting.push(r);
    channel.port2.postMessage(0);
  });

async function run(m) {
  const runId = m.run;
  current = runId;
  store = { run: runId, format: null, items: [] };
  const stale = () => current !== runId;
  const t0 = performance.now();
  // The moment of checking, for orders without as_of (the page's clock).
  const now = typeof m.now === 'string' ? m.now : new Date().toISOString();
  let defaulted = 0;
  const input = m.file ?? String(m.text ?? '');
  const size = sizeOf(input);
  self.postMessage({ type: 'reading', run: runId, size });

  const items = store.items;
  let kept = 0; // characters of claim text kept
  let limit = null; // why reading stopped early: { reason, line, pos }
  let rows = [],
    slice = performance.now(),
    done = 0,
    pos = 0;
  const post = () => {
    self.postMessage({ type: 'rows', run: runId, done, pos, orders: rows });
    rows = [];
  };
  // Items as they are read: each kept (while the limits allow) and judged.
  // False once a limit is reached (the reading stops there).
  const take = async (batch, from, to) => {
    for (let k = 0; k < batch.length; k++) {
      const item = batch[k];
      const text = item.claim?.length ?? 0;
      if (items.length >= MAX_ORDERS || kept + text > MAX_KEPT) {
        limit = { reason: items.length >= MAX_ORDERS ? 'orders' : 'kept', line: items.at(-1)?.fileLine ?? 0, pos: from };
        return false;
      }
      withAsOf(item, now);
      if (item.asOfDefault) defaulted++;
      kept += item.claim?.length ?? 0;
      const i = items.push(item) - 1;
      rows.push(judge(i, item));
      done = items.length;
      pos = Math.round(from + ((to - from) * (k + 1)) / batch.length);
      if (performance.now() - slice >= SLICE_MS) {
        post();
        await tick();
        if (stale()) return false;
        slice = performance.now();
      }
    }
    return true;
  };

  // A CSV: the engine reads it a part at a time and judges each order once
  // (rows without as_of at `now`, as `assurecalc batch --csv --as-of` does).
  // Each answer's orders are kept while the limits allow; their table rows
  // go to the page as the engine wrote them, with the number kept. False:
  // the run failed or a newer one started.
  async function judgeCsv() {
    const engine = ac.csv.judged(now);
    const failed = (r) => {
      if (r.ok) return false;
      // The engine out of memory answers as evaluate does ({ok: false,
      // errors}): a failure of the worker, which the page replaces.
      if (r.error == null) throw new Error(r.errors?.[0]?.message || 'the CSV reader failed');
      self.postMessage({ type: 'failed', run: runId, format: 'csv', code: 'csv', message: r.error });
      return true;
    };
    // An answer's orders, kept up to the limits; false once one is reached.
    const keep = (r, from, to) => {
      const base = items.length;
      const n = r.orders.length;
      let k = 0;
      for (; k < n; k++) {
        const o = r.orders[k];
        const text = o.claim?.length ?? 0;
        if (items.length >= MAX_ORDERS || kept + text > MAX_KEPT) {
          limit = {
            reason: items.length >= MAX_ORDERS ? 'orders' : 'kept',
            line: items.at(-1)?.fileLine ?? 0,
            pos: from + Math.round(((to - from) * k) / n),
          };
          break;
        }
        kept += text;
        if (o.asOf) defaulted++;
        const item = { line: o.line, fileLine: o.line, id: o.id, claim: o.claim ?? null };
        if (o.asOf) item.asOfDefault = true;
        if (o.error != null) item.error = o.error;
        items.push(item);
      }
      done = items.length;
      pos = k < n ? limit.pos : to;
      // The table's bytes go on to the page as they are (transferred).
      if (k) self.postMessage({ type: 'rows', run: runId, done, pos, table: r.table, base, count: k }, [r.table.buffer]);
      else self.postMessage({ type: 'rows', run: runId, done, pos, orders: [] });
      return k === n;
    };
    let from = 0;
    for await (const p of all()) {
      if (stale()) return false;
      // The piece in parts, never cut inside a surrogate pair.
      for (let at = 0; at < p.text.length;) {
        let end = Math.min(p.text.length, at + PART);
        if (end < p.text.length && isHigh(p.text.charCodeAt(end - 1))) end--;
        const to = Math.round(from + ((p.pos - from) * end) / p.text.length);
        const r = engine.push(p.text.slice(at, end));
        if (failed(r)) return false;
        const more = keep(r, pos, to);
        await tick();
        if (stale()) return false;
        if (!more) {
          engine.end(); // lets the engine's reader go
          return true;
        }
        at = end;
      }
      from = p.pos;
    }
    const r = engine.end();
    if (failed(r)) return false;
    keep(r, pos, size);
    return true;
  }

  // The format: the one asked for, else from the text's beginning.
  const source = pieces(input);
  let format = m.format && m.format !== 'auto' ? m.format : null;
  let head = '',
    end = false,
    headPos = 0;
  while (!format) {
    const p = await source.next();
    if (stale()) return;
    if (p.done) end = true;
    else ((head += p.value.text), (headPos = p.value.pos));
    format = detect(head, end);
  }
  if (format === 'empty') return self.postMessage({ type: 'failed', run: runId, format: 'auto', code: 'empty' });
  store.format = format;
  // The text read so far, then the rest, a piece at a time.
  async function* all() {
    if (head || headPos) yield { text: head, pos: headPos };
    head = '';
    if (end) return;
    for (;;) {
      const p = await source.next();
      if (p.done) return;
      yield p.value;
    }
  }

  if (format === 'json') {
    // A document is read whole (splitArray needs it all), up to MAX_JSON.
    if (size > MAX_JSON) return self.postMessage({ type: 'failed', run: runId, format, code: 'json_too_large', size });
    const parts = [];
    for await (const p of all()) {
      if (stale()) return;
      parts.push(p.text);
    }
    if (stale()) return;
    const doc = readJson(parts.join(''));
    self.postMessage({ type: 'start', run: runId, format, size, notes: doc.notes });
    if (!doc.items.length) return self.postMessage({ type: 'failed', run: runId, format, code: 'no_orders' });
    await take(doc.items, 0, size);
  } else {
    self.postMessage({ type: 'start', run: runId, format, size, notes: [] });
    if (format === 'csv') {
      if ((await judgeCsv()) === false) return;
    } else {
      const reader = jsonLines();
      let from = 0,
        more = true;
      for await (const p of all()) {
        if (stale()) return;
        more = await take(reader.push(p.text), from, p.pos);
        if (stale()) return;
        from = p.pos;
        if (!more) break;
      }
      if (more) {
        await take(reader.end(), from, size);
        if (stale()) return;
      }
    }
    if (!items.length && !limit) return self.postMessage({ type: 'failed', run: runId, format, code: 'no_orders' });
  }
  if (stale()) return;
  if (!limit) pos = size;
  post();
  self.postMessage({
    type: 'done',
    run: runId,
    total: items.length,
    ms: performance.now() - t0,
    size,
    pos,
    kept,
    limit,
    asOf: defaulted ? { count: defaulted, at: now } : null,
  });
}

function detail(m) {
  const item = store.run === m.run ? store.items[m.i] : null;
  if (!item) return;
  self.postMessage({
    type: 'detail',
    run: m.run,
    i: m.i,
    line: item.line,
    fileLine: item.fileLine,
    id: item.id,
    claim: item.claim ?? '',
    asOfDefault: !!item.asOfDefault,
    result: resultOf(item),
  });
}

// The whole table as CSV: the same header and rows as `assurecalc batch
// --csv`, made a piece at a time into a Blob (never one long string).
function exportCsv(m) {
  if (store.run !== m.run) return;
  const parts = [ac.csv.resultHeader()];
  let chunk = '';
  for (const item of store.items) {
    // A CSV row too long to read: the row the CLI writes for it.
    if (item.error != null) chunk += ac.csv.errorRow(item.line, item.id, 'INPUT_TOO_LARGE', item.error);
    else chunk += ac.csv.rows(item.line, item.id, item.big ? tooLarge() : item.claim);
    if (chunk.length > PIECE) (parts.push(chunk), (chunk = ''));
  }
  parts.push(chunk);
  self.postMessage({ type: 'export', run: m.run, blob: new Blob(parts, { type: 'text/csv;charset=utf-8' }) });
}
