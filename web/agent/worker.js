// The agent view's worker: reads a queue of orders (CSV, JSON, JSON Lines),
// runs every one through the engine and streams a summary row per order and
// claim kind back to the page, so ten thousand orders never block it. The
// full results stay here; the page asks for one when an agent opens it, and
// for the CSV export. No rule logic: every verdict comes from the engine.
import { init } from '../../wasm/index.js';

const SLICE_MS = 40; // post rows and progress about 25 times a second
let ac = null;
let current = 0; // the run being evaluated; a newer run stops an older one
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
    });
  },
  (e) => self.postMessage({ type: 'fatal', message: String(e?.message || e) }),
);

self.onmessage = async (e) => {
  const m = e.data;
  await ready;
  if (!ac) return;
  try {
    if (m.type === 'run') await run(m);
    else if (m.type === 'detail') detail(m);
    else if (m.type === 'export') exportCsv(m);
  } catch (err) {
    // Never leave the page waiting: say what failed.
    self.postMessage({ type: 'failed', run: m.run, code: 'internal', message: String(err?.stack || err) });
  }
};

// ---- reading the input ----

// What the text is: a JSON array, JSON Lines, one JSON claim, or CSV.
function detect(text) {
  const s = text.replace(/^\uFEFF/, '');
  const first = s.search(/\S/);
  if (first < 0) return 'empty';
  if (s[first] === '[') return 'json';
  if (s[first] !== '{') return 'csv';
  const lines = s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
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

// JSON Lines exactly as `assurecalc batch` reads them: one claim per line,
// a trailing CR dropped, blank lines skipped.
function splitLines(text) {
  const items = [];
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    let l = lines[k];
    if (l.endsWith('\r')) l = l.slice(0, -1);
    if (/^[ \t]*$/.test(l)) continue;
    items.push({ text: l, fileLine: k + 1 });
  }
  return items;
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

function read(text, format) {
  if (format === 'auto') format = detect(text);
  if (format === 'empty') return { format: 'auto', error: { code: 'empty' } };
  if (format === 'csv') {
    const r = ac.csv.toClaims(text);
    if (!r.ok) return { format, error: { code: 'csv', message: r.error } };
    return { format, items: r.rows.map((x) => ({ line: x.line, fileLine: x.line, id: x.order_id, claim: x.claim })), notes: [] };
  }
  let parts,
    notes = [];
  if (format === 'jsonl') parts = splitLines(text);
  else {
    const s = text.replace(/^\uFEFF/, '');
    const first = s.search(/\S/);
    if (first >= 0 && s[first] === '[') ({ items: parts, notes } = splitArray(text));
    else {
      let fileLine = 1;
      for (let k = 0; k < first; k++) if (s.charCodeAt(k) === 10) fileLine++;
      parts = [{ text, fileLine }];
    }
  }
  // JSON and JSON Lines: `line` is the item's number (index + 1).
  const items = parts.map((p, k) => ({ line: k + 1, fileLine: p.fileLine, id: orderIdOf(p.text), claim: p.text }));
  const broken = format === 'json' && parts.length > 1 ? items.find((x) => x.id === null) : null;
  if (broken)
    notes = [{ code: 'array_broken', item: broken.line, line: broken.fileLine }, ...notes.filter((x) => x.code !== 'array_not_closed')];
  for (const x of items) x.id ??= '';
  return { format, notes, items };
}

// ---- evaluating ----

function summary(k, item, r) {
  const base = { i: k, line: item.line, fileLine: item.fileLine, id: item.id };
  if (!r.ok) return [{ ...base, kind: '', status: 'error', errors: r.errors || [] }];
  const program = r.program || {};
  const warnings = (r.warnings || []).map((w) => w.code);
  return (r.claims || []).map((c) => ({
    ...base,
    program: program.id,
    tz: program.timezone,
    kind: c.kind,
    status: c.status,
    max: c.refund?.max ?? null,
    cur: c.refund?.currency || '',
    form: c.refund?.form || null,
    opens: c.opens_at,
    closes: c.closes_at,
    days: c.days_left,
    caps: (c.refund?.basis || []).filter((b) => b.applied).map((b) => b.cap),
    reasons: (c.reasons || []).map((x) => x.code),
    missing: c.missing || [],
    warnings,
  }));
}

const tick = () => new Promise((r) => setTimeout(r, 0));

async function run(m) {
  current = m.run;
  store = { run: m.run, format: null, items: [] };
  const t0 = performance.now();
  self.postMessage({ type: 'reading', run: m.run });
  const input = read(m.text, m.format || 'auto');
  if (input.error) {
    self.postMessage({ type: 'failed', run: m.run, format: input.format, ...input.error });
    return;
  }
  const items = input.items;
  store = { run: m.run, format: input.format, items };
  self.postMessage({ type: 'start', run: m.run, format: input.format, total: items.length, notes: input.notes });
  if (!items.length) {
    self.postMessage({ type: 'failed', run: m.run, format: input.format, code: 'no_orders' });
    return;
  }
  let rows = [],
    slice = performance.now(),
    k = 0;
  for (; k < items.length; k++) {
    const item = items[k];
    item.result = ac.evaluateJSON(item.claim);
    rows.push(...summary(k, item, JSON.parse(item.result)));
    const now = performance.now();
    if (now - slice >= SLICE_MS) {
      self.postMessage({ type: 'rows', run: m.run, done: k + 1, rows });
      rows = [];
      await tick();
      if (current !== m.run) return;
      slice = performance.now();
    }
  }
  self.postMessage({ type: 'rows', run: m.run, done: k, rows });
  self.postMessage({ type: 'done', run: m.run, total: items.length, ms: performance.now() - t0 });
}

function detail(m) {
  const item = store.run === m.run ? store.items[m.i] : null;
  if (!item?.result) return;
  self.postMessage({
    type: 'detail',
    run: m.run,
    i: m.i,
    line: item.line,
    fileLine: item.fileLine,
    id: item.id,
    claim: item.claim,
    result: item.result,
  });
}

// The whole table as CSV: the same header and rows as `assurecalc batch --csv`.
function exportCsv(m) {
  if (store.run !== m.run) return;
  let csv = ac.csv.resultHeader();
  for (const item of store.items) if (item.result) csv += ac.csv.rows(item.line, item.id, item.claim);
  self.postMessage({ type: 'export', run: m.run, csv });
}
