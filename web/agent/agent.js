// The agent view: a queue of orders (CSV, JSON, JSON Lines) -> the worker
// (agent-worker.js runs the wasm engine) -> a sortable, filterable table,
// one order in full, a quote for the buyer, and the table as CSV. The page
// holds no rule: verdicts, amounts, caps and dates all come from the engine;
// this file only formats them. All text is set with textContent.
import { el } from '../shared/dom.js';
import { makeFormatter, ianaOf, timeZones, knownZone } from '../shared/format.js';
import { loadCatalogue, pickLanguage } from '../shared/catalogue.js';
import { programsOf } from '../shared/vocabulary.js';
import {
  iconOf,
  rankOf,
  disputeKeys,
  reasonItems,
  listItems,
  ruleTitle,
  capName as capLabel,
  whateverText,
  datesToFind,
  FIRST_WARNINGS,
} from '../shared/verdict.js';

// The table's columns: [key, catalogue key, sortable], and its sort orders.
const COLS = [
  ['line', 'col.line', true],
  ['id', 'col.order', true],
  ['kind', 'col.kind', true],
  ['program', 'col.program', false],
  ['status', 'col.status', true],
  ['max', 'col.max', true],
  ['why', 'col.why', false],
  ['closes', 'col.closes', true],
  ['days', 'col.days', true],
];
const SORTS = ['line:1', 'days:1', 'closes:1', 'max:-1', 'status:1', 'id:1', 'kind:1'];
const SOON = 3;
// A row the engine could not read has this status (the agent view's own).
const ERROR = 'error';
const MAX_BAD_LISTED = 500;
// An order number is shown up to this many characters (a CSV cell may hold 1 MiB).
const ID_SHOWN = 80;
const shortId = (id) => (id.length > ID_SHOWN ? id.slice(0, ID_SHOWN - 1) + '…' : id);
// Dates and times in the table and the quote: 24-hour, to the minute.
const TIME = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

const $ = (s, root = document) => root.querySelector(s);
const S = {
  lang: 'en',
  cats: {},
  vocab: null, // the engine's vocabulary, from the worker
  fmts: new Map(),
  worker: null,
  ready: false,
  version: '',
  template: '',
  rules: new Map(),
  run: 0,
  state: 'idle',
  name: '',
  format: null,
  total: 0,
  done: 0,
  rows: [],
  errors: 0,
  t0: 0,
  sort: { key: 'line', dir: 1 },
  page: 0,
  size: 50,
  view: [],
  detail: null,
  quoteLang: null,
  zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  opener: null,
};

// ---- text and numbers: one formatter per language (the shared catalogue,
// English for a key a language lacks; money with the engine's exponents) ----
const NO_VOCABULARY = { fields: [], currencies: [] };
function F(lang = S.lang) {
  const key = `${lang}|${S.vocab ? 'v' : '-'}`;
  if (!S.fmts.has(key)) S.fmts.set(key, makeFormatter(lang, S.cats[lang], S.vocab || NO_VOCABULARY, { fallback: S.cats.en }));
  return S.fmts.get(key);
}
// Agent text ("agent" section) in a language.
const T = (key, p = {}, lang = S.lang) => F(lang).t('agent:' + key, p, key);
// The statuses the table knows: the engine's, and its own for unreadable input.
const statuses = () => [...(S.vocab?.statuses || []), ERROR].sort((a, b) => rankOf(a) - rankOf(b));
const money = (minor, cur, lang = S.lang) => F(lang).money(minor, cur);
const num = (n, lang = S.lang) => F(lang).num(n);
const zoned = (iso, zone, lang = S.lang) => F(lang).zoned(iso, zone, TIME);
const civil = (ymd, lang = S.lang) => F(lang).date(ymd);
// An instant in the program's zone, with the zone said.
const there = (iso, tz, lang = S.lang) => `${zoned(iso, ianaOf(tz), lang)} ${F(lang).zoneName(tz)}`;
const kindName = (k, lang = S.lang) => F(lang).kind(k);
// A program by its name ("eBay Money Back Guarantee"): the catalogue's, else
// its latest version's (the engine's, English), else its id.
const programName = (id, lang = S.lang) =>
  F(lang).t('res:program.' + id, {}, [...(S.programs?.values() || [])].filter((v) => v.program === id).at(-1)?.name || id);
const capName = (b, lang = S.lang) => capLabel(F(lang), b, null);
const fieldName = (ptr, lang = S.lang) => F(lang).fieldLabel(ptr);
// A reason or warning as a sentence (the buyer page's words), as text.
// In the words of the program of the order opened (eBay's own pages...).
const coded = (section, x, tz, lang = S.lang) =>
  F(lang).forProgram(S.detail?.r?.program?.program).coded(section, x, tz, { text: true, local: false });

// ---- boot ----
boot();

async function boot() {
  const frag = new URLSearchParams(location.hash.slice(1));
  const langs = [...$('#lang').options].map((o) => o.value);
  S.lang = pickLanguage(langs, frag.get('lang'));
  startWorker();
  await Promise.all(
    langs.map((lang) =>
      loadCatalogue(lang).then(
        (c) => (S.cats[lang] = c),
        () => (S.cats[lang] = {}),
      ),
    ),
  );
  S.fmts.clear();
  applyStatic();
  wire();
  document.body.dataset.boot = '1';
}

// The worker that reads and judges the orders. After a failure it is
// replaced by a new one (the engine inside may be unusable after running out
// of memory), so the next input works without reloading the page.
// A worker that fails after it was ready is replaced (fail('internal'));
// one that never got ready (its script did not load) is not, or a missing
// file would start workers without end: the page says the engine could not load.
function startWorker() {
  S.worker?.terminate();
  const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  let ready = false;
  w.onmessage = (e) => {
    if (e.data?.type === 'ready') ready = true;
    if (w === S.worker) onMessage(e.data);
  };
  w.onerror = (e) => {
    e.preventDefault();
    if (w === S.worker) fail(ready ? 'internal' : 'load', e.message || 'worker');
  };
  S.worker = w;
}

function applyStatic() {
  if (S.loadFailed) $('#file-error').replaceChildren(el('p', { class: 'fatal' }, T('err.load')));
  document.documentElement.lang = S.lang;
  document.title = T('title');
  $('#lang').value = S.lang;
  for (const n of document.querySelectorAll('[data-t]')) {
    const s = F().raw('agent:' + n.dataset.t);
    if (s != null) n.textContent = s;
  }
  $('#pager').setAttribute('aria-label', T('pages'));
  fillSelect($('#f-status'), [['', T('f.all_status')], ...statuses().map((s) => [s, `${iconOf(s)} ${T('st.' + s)}`])]);
  fillSelect($('#f-kind'), [['', T('f.all_kinds')], ...(S.vocab?.kinds || []).map((k) => [k, kindName(k)])]);
  fillSelect($('#f-program'), [
    ['', T('f.all_programs')],
    ...programsOf([...(S.programs?.values() || [])]).map((p) => [p.id, programName(p.id)]),
  ]);
  fillSelect(
    $('#f-sort'),
    SORTS.map((s) => [s, T('sort.' + s.replace(':', '.'))]),
  );
  $('#f-sort').value = `${S.sort.key}:${S.sort.dir}`;
  if (S.version) $('#version').textContent = T('version', { v: S.version });
  columnsDoc();
  if (S.state !== 'idle') render();
  if (S.detail) renderDetail();
}
function fillSelect(sel, opts) {
  const v = sel.value;
  sel.replaceChildren(...opts.map(([value, label]) => el('option', { value }, label)));
  if (opts.some(([value]) => value === v)) sel.value = v;
}

// The CSV columns, documented from the engine's own template.
function columnsDoc() {
  const body = $('#columns-body');
  if (!S.template) return body.replaceChildren();
  const [head, example] = S.template
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  // Each column is a field of the vocabulary ("payment2_amount" is "payment<N>_amount").
  const columns = (S.vocab?.fields || [])
    .filter((f) => f.column)
    .map((f) => [new RegExp('^' + f.column.replace('<N>', '\\d+') + '$'), f.column]);
  const rows = head.map((c, k) => {
    const generic = columns.find(([re]) => re.test(c))?.[1] ?? c;
    return el(
      'tr',
      {},
      el('th', { scope: 'row' }, el('code', {}, c)),
      el('td', {}, T('colx.' + generic)),
      el('td', {}, el('code', {}, example[k] || '')),
    );
  });
  body.replaceChildren(
    el('p', {}, T('columns_note')),
    el(
      'div',
      { class: 'scroll', role: 'region', 'aria-label': T('columns'), tabindex: '0' },
      el(
        'table',
        { class: 'cols' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, T('colh.name')),
            el('th', { scope: 'col' }, T('colh.meaning')),
            el('th', { scope: 'col' }, T('colh.example')),
          ),
        ),
        el('tbody', {}, ...rows),
      ),
    ),
  );
}

function wire() {
  $('#lang').addEventListener('change', (e) => {
    S.lang = e.target.value;
    applyStatic();
  });
  // A file goes to the worker as it is (a File is a handle, not its bytes):
  // the worker reads it a piece at a time.
  $('#file').addEventListener('change', (e) => {
    const f = e.target.files?.[0];
    if (!f) return;
    e.target.value = '';
    start({ file: f }, f.name, performance.now());
  });
  $('#run').addEventListener('click', () => start({ text: $('#paste').value }, '', performance.now()));
  // Drop a file anywhere on the input section.
  const drop = $('#input');
  drop.addEventListener('dragover', (e) => (e.preventDefault(), drop.classList.add('drag')));
  drop.addEventListener('dragleave', () => drop.classList.remove('drag'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('drag');
    const f = e.dataTransfer?.files?.[0];
    if (f) start({ file: f }, f.name, performance.now());
  });
  const filters = $('#filters');
  filters.addEventListener('input', (e) => {
    if (e.target.id === 'f-sort') return;
    S.page = 0;
    render();
  });
  filters.addEventListener('change', (e) => {
    if (e.target.id !== 'f-sort') return;
    const [key, dir] = e.target.value.split(':');
    S.sort = { key, dir: Number(dir) };
    S.page = 0;
    render();
  });
  filters.addEventListener('reset', () => setTimeout(() => ((S.page = 0), render())));
  filters.addEventListener('submit', (e) => e.preventDefault());
  $('#f-soon').addEventListener('click', () => {
    $('#f-status').value = 'open';
    $('#f-within').value = String(SOON);
    S.page = 0;
    render();
  });
  $('#summary').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-status]');
    if (!b) return;
    $('#f-status').value = b.getAttribute('aria-pressed') === 'true' ? '' : b.dataset.status;
    S.page = 0;
    render();
  });
  $('#head').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-sort]');
    if (!b) return;
    const key = b.dataset.sort;
    S.sort = { key, dir: S.sort.key === key ? -S.sort.dir : key === 'max' ? -1 : 1 };
    S.page = 0;
    render();
    $(`#head button[data-sort="${key}"]`)?.focus();
  });
  $('#pager').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-page]');
    if (!b || b.disabled) return;
    S.page = Number(b.dataset.page);
    render();
    // At either end the pressed button is disabled: focus its opposite.
    const OPP = { first: 'last', prev: 'next', next: 'prev', last: 'first' };
    const same = $(`#pager button[data-page-role="${b.dataset.pageRole}"]`);
    (same && !same.disabled ? same : $(`#pager button[data-page-role="${OPP[b.dataset.pageRole]}"]`))?.focus();
  });
  $('#pager').addEventListener('change', (e) => {
    if (e.target.id !== 'p-size') return;
    S.size = Number(e.target.value);
    S.page = 0;
    render();
    $('#p-size').focus();
  });
  const openFrom = (e) => {
    const b = e.target.closest('button[data-i]');
    if (b) openDetail(Number(b.dataset.i), b.dataset.kind || null, b);
  };
  $('#rows').addEventListener('click', openFrom);
  $('#bad-list').addEventListener('click', openFrom);
  $('#export').addEventListener('click', () => {
    if (S.state !== 'done') return;
    $('#export').disabled = true;
    S.worker.postMessage({ type: 'export', run: S.run });
  });
  const dlg = $('#detail');
  $('#d-close').addEventListener('click', () => dlg.close());
  dlg.addEventListener('close', () => {
    S.detail = null;
    const back = S.opener?.isConnected ? S.opener : $(`#rows button[data-i="${S.openedI}"]`);
    back?.focus();
  });
  // A click on the backdrop closes the dialog too.
  dlg.addEventListener('click', (e) => e.target === dlg && dlg.close());
  $('#d-body').addEventListener('change', (e) => {
    if (!S.detail) return;
    if (e.target.id === 'q-kind') S.detail.kind = e.target.value;
    else if (e.target.id === 'q-lang') S.quoteLang = e.target.value;
    else if (e.target.id === 'q-zone') {
      // A zone chosen for an order without its own stays for the next ones.
      S.detail.zone = e.target.value;
      if (!S.detail.zoneFromOrder) S.zone = e.target.value;
    } else return;
    updateQuote();
  });
  $('#d-body').addEventListener('click', async (e) => {
    if (e.target.id !== 'q-copy') return;
    const text = $('#q-text').value;
    const said = $('#q-copied');
    try {
      await navigator.clipboard.writeText(text);
      said.textContent = T('q.copied');
    } catch {
      $('#q-text').select();
      said.textContent = T('q.copy_by_hand');
    }
  });
}

// ---- a run: text -> worker -> rows ----
// `input`: { file } or { text }.
function start(input, name, t0) {
  S.run++;
  Object.assign(S, {
    state: 'reading',
    name,
    format: null,
    total: 0,
    done: 0,
    inputSize: 0,
    pos: 0,
    rows: [],
    errors: 0,
    page: 0,
    t0,
    notes: [],
    limit: null,
  });
  if ($('#detail').open) $('#detail').close();
  $('#file-error').replaceChildren();
  $('#limit').replaceChildren();
  $('#limit').hidden = true;
  S.asOf = null;
  showAsOf();
  const res = $('#results');
  res.hidden = true;
  res.dataset.state = 'running';
  for (const k of ['orders', 'rows', 'errors', 'elapsedMs', 'workerMs', 'format', 'limit', 'read', 'size', 'asOfDefault', 'asOfCount'])
    delete res.dataset[k];
  const bar = $('#progress');
  bar.removeAttribute('value'); // indeterminate while the file is read
  $('#progress-box').hidden = false;
  $('#progress-text').textContent = name ? T('reading', { name }) : T('reading_pasted');
  $('#export').disabled = true;
  // The moment of checking, to the second (as the engine echoes an instant).
  const now = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  S.worker.postMessage({ type: 'run', run: S.run, ...input, format: $('#format').value, now });
}

function onMessage(m) {
  if (m.type === 'ready') {
    S.ready = true;
    S.version = m.version;
    S.template = m.template;
    S.limits = m.limits;
    // What a claim is (kinds, fields, currencies and their exponents): the engine's.
    S.vocab = m.vocabulary;
    S.fmts.clear();
    for (const p of m.programs) {
      S.programs ??= new Map();
      S.programs.set(p.id, p);
      for (const r of p.rules || []) S.rules.set(r.id, r);
    }
    applyStatic();
    const a = $('#template');
    if (a.href.startsWith('blob:')) URL.revokeObjectURL(a.href);
    a.href = URL.createObjectURL(new Blob([m.template], { type: 'text/csv;charset=utf-8' }));
    $('#version').textContent = T('version', { v: m.version });
    columnsDoc();
    document.body.dataset.ready = '1';
    return;
  }
  if (m.type === 'fatal') return fail('load', m.message);
  if (m.run !== S.run) return; // an older run
  switch (m.type) {
    case 'reading':
      break;
    case 'start': {
      // The number of orders is known only at the end: the bar shows how
      // much of the input has been read and checked.
      S.state = 'running';
      S.inputSize = m.size;
      S.format = m.format;
      S.notes = m.notes || [];
      $('#results').dataset.format = m.format;
      const bar = $('#progress');
      bar.max = Math.max(1, m.size);
      bar.value = 0;
      progressText();
      showNotes();
      $('#results').hidden = false;
      $('#live').textContent = T('live.start', { format: T('format.' + m.format) });
      render();
      break;
    }
    case 'rows':
      // A CSV's orders come as the engine wrote them (JSON bytes, read
      // here), `i` counting the orders of the part, `count` of them kept.
      if (m.table) {
        const base = m.base;
        for (const o of JSON.parse(decoder.decode(m.table))) {
          if (o.i >= m.count) break;
          o.i += base;
          o.fileLine = o.line;
          addOrder(o);
        }
      } else for (const o of m.orders) addOrder(o);
      S.done = m.done;
      S.pos = m.pos;
      $('#progress').value = m.pos;
      progressText();
      schedule();
      break;
    case 'done': {
      S.state = 'done';
      S.total = m.total;
      S.limit = m.limit;
      $('#progress').value = m.pos;
      render();
      showLimit();
      const res = $('#results');
      const elapsed = performance.now() - S.t0;
      Object.assign(res.dataset, {
        state: 'done',
        orders: S.total,
        rows: S.rows.length,
        errors: S.errors,
        elapsedMs: elapsed.toFixed(0),
        workerMs: m.ms.toFixed(0),
        read: m.pos,
        size: m.size,
      });
      if (m.limit) res.dataset.limit = m.limit.reason;
      if (m.asOf) Object.assign(res.dataset, { asOfDefault: m.asOf.at, asOfCount: m.asOf.count });
      S.asOf = m.asOf;
      // Under a second, in milliseconds ("in 0 s" said nothing).
      $('#progress-text').textContent =
        elapsed < 1000
          ? T('done_ms', { n: S.total, total: num(S.total), ms: num(Math.max(1, Math.round(elapsed))) })
          : T('done', { n: S.total, total: num(S.total), seconds: num(Math.round(elapsed / 100) / 10) });
      showAsOf();
      $('#live').textContent = `${$('#progress-text').textContent} ${summaryText()}${S.limit ? ' ' + $('#limit').textContent : ''}`;
      $('#export').disabled = false;
      break;
    }
    case 'failed':
      fail(m.code, m.message, m);
      break;
    case 'detail':
      if (S.pending === m.i) {
        S.detail = { m, r: JSON.parse(m.result), kind: S.pendingKind };
        renderDetail();
        const dlg = $('#detail');
        if (!dlg.open) dlg.showModal();
        $('#d-title').focus();
      }
      break;
    case 'export': {
      $('#export').disabled = false;
      const url = URL.createObjectURL(m.blob);
      const a = el('a', { href: url, download: exportName(), hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60e3);
      $('#live').textContent = T('exported', { name: exportName() });
      break;
    }
  }
}
// An order as the engine judged it: a row per claim kind (the order's own
// fields on each), or one row for its errors.
const decoder = new TextDecoder();
function addOrder(o) {
  const asOfDefault = !!o.asOfDefault;
  if (o.errors)
    return addRow({ i: o.i, line: o.line, fileLine: o.fileLine, id: o.id, asOfDefault, kind: '', status: ERROR, errors: o.errors });
  for (const c of o.claims) {
    c.i = o.i;
    c.line = o.line;
    c.fileLine = o.fileLine;
    c.id = o.id;
    c.asOfDefault = asOfDefault;
    c.program = o.program;
    c.family = o.family;
    c.tz = o.tz;
    c.cur = o.cur;
    c.warnings = o.warnings;
    addRow(c);
  }
}
function addRow(r) {
  r.seq = S.rows.length; // the engine's order: by line, then claim kind as the policy lists them
  r.closesMs = r.closes ? Date.parse(r.closes) : null;
  if (r.status === ERROR) S.errors++;
  S.rows.push(r);
}
const exportName = () => (S.name ? S.name.replace(/\.[^.]*$/, '') : 'orders') + '-results.csv';

function fail(code, message, m = {}) {
  S.state = 'failed';
  $('#progress-box').hidden = true;
  $('#results').dataset.state = 'failed';
  // Nothing read: no table to show.
  if (!S.rows.length) $('#results').hidden = true;
  const TEXT = {
    csv: () => T('err.csv', { message }),
    empty: () => T('err.empty'),
    no_orders: () => T('err.no_orders'),
    load: () => T('err.load'),
    json_too_large: () => T('err.json_too_large', { size: bytes(m.size), max: bytes(S.limits?.json) }),
  };
  const text = Object.hasOwn(TEXT, code) ? TEXT[code]() : T('err.internal');
  $('#file-error').replaceChildren(el('p', { class: 'fatal' }, text));
  // An engine that could not load may fail before the texts are in: the
  // message is written again with them (applyStatic), and in a new language.
  if (code === 'load') S.loadFailed = true;
  if (code === 'load' || code === 'internal') console.error(`assurecalc agent view: ${message}`);
  // A new worker for the next input: this one may be broken.
  if (code === 'internal') startWorker();
}

// A size in megabytes (the input's bytes, or characters of a pasted text).
const bytes = (n, lang = S.lang) =>
  n == null
    ? ''
    : F(lang).t('agent:mb', { mb: new Intl.NumberFormat(F(lang).locale, { maximumFractionDigits: n < 10e6 ? 1 : 0 }).format(n / 1e6) });
const percent = (part, all) => new Intl.NumberFormat(F().locale, { style: 'percent' }).format(all ? Math.min(1, part / all) : 1);

function progressText() {
  $('#progress-text').textContent = T('progress', { n: S.done, count: num(S.done), percent: percent(S.pos || 0, S.inputSize) });
}

// Orders without as_of were checked at the moment of checking: said once,
// with that moment (the export's as_of column holds it too).
function showAsOf() {
  const box = $('#as-of-note');
  const a = S.asOf;
  box.hidden = !a;
  box.textContent = a ? T('as_of_default', { n: a.count, count: num(a.count), when: `${zoned(a.at, S.zone)} (${S.zone})` }) : '';
}
// An input beyond what the view keeps: what was checked, and how to check it all.
function showLimit() {
  const box = $('#limit');
  const l = S.limit;
  box.hidden = !l;
  if (!l) return box.replaceChildren();
  const command = `assurecalc batch${S.format === 'csv' ? ' --csv' : ''} ${S.name && !/\s/.test(S.name) ? S.name : 'FILE'} > results.${S.format === 'csv' ? 'csv' : 'jsonl'}`;
  const p = {
    max: l.reason === 'orders' ? num(S.limits.orders) : bytes(S.limits.kept),
    orders: num(S.total),
    n: S.total,
    line: num(l.line),
    read: bytes(l.pos),
    size: bytes(S.inputSize),
  };
  box.replaceChildren(el('p', {}, T('limit.' + l.reason, p)), el('p', {}, T('limit.advice'), ' ', el('code', {}, command)));
}
function showNotes() {
  const box = $('#file-error');
  if (!S.notes.length) return box.replaceChildren();
  box.replaceChildren(
    el('ul', { class: 'notes' }, ...S.notes.map((n) => el('li', {}, T('note.' + n.code, { line: n.line, item: n.item })))),
  );
}

// While rows stream in, the table is redrawn a few times a second at most.
const REDRAW_MS = 200;
let pending = null,
  lastDraw = 0;
function schedule() {
  if (pending) return;
  // Until the first page is full, every batch shows at once.
  const wait = S.view.length < S.size ? 0 : Math.max(0, REDRAW_MS - (performance.now() - lastDraw));
  pending = setTimeout(
    () =>
      requestAnimationFrame(() => {
        pending = null;
        if (S.state === 'running') render();
      }),
    wait,
  );
}

// Replaces a container's children; a control that had focus keeps it
// (its new twin, found by data-fk, is focused).
function replaceKeepingFocus(box, ...nodes) {
  const a = document.activeElement;
  const key = a && box.contains(a) ? a.dataset.fk : null;
  box.replaceChildren(...nodes);
  if (key) box.querySelector(`[data-fk="${CSS.escape(key)}"]`)?.focus();
}

// ---- the table ----
function filtered() {
  const st = $('#f-status').value,
    kind = $('#f-kind').value,
    prog = $('#f-program').value,
    q = $('#f-order').value.trim().toLowerCase();
  const wv = $('#f-within').value.trim();
  const within = wv === '' ? null : Number(wv);
  return S.rows.filter(
    (r) =>
      (!st || r.status === st) &&
      (!kind || r.kind === kind) &&
      (!prog || r.family === prog) &&
      (within == null || !Number.isFinite(within) || (r.days != null && r.days <= within)) &&
      (!q || r.id.toLowerCase().includes(q)),
  );
}
const collator = new Intl.Collator(undefined, { numeric: true });
function sortKey(key) {
  switch (key) {
    case 'line':
      return (r) => r.seq;
    case 'id':
      return (r) => r.id || null;
    case 'kind':
      return (r) => (r.kind ? S.vocab.kinds.indexOf(r.kind) : null);
    case 'status':
      return (r) => rankOf(r.status);
    case 'max':
      return (r) => r.max;
    case 'closes':
      return (r) => r.closesMs;
    case 'days':
      return (r) => r.days;
  }
}
function sorted(rows) {
  const { key, dir } = S.sort;
  if (key === 'line' && dir > 0) return rows; // already in the engine's order
  const k = sortKey(key);
  const cmp = (x, y) => (typeof x === 'string' ? collator.compare(x, y) : x - y);
  // Missing values go last whichever way; amounts are grouped by currency.
  return rows.sort((a, b) => {
    const x = k(a),
      y = k(b);
    if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1;
    if (key === 'max' && a.cur !== b.cur) return collator.compare(a.cur, b.cur);
    return dir * cmp(x, y) || a.seq - b.seq;
  });
}

function render() {
  lastDraw = performance.now();
  // Rows of programs counted in other zones (Pacific time): every closing
  // names its zone, and the column does not claim one.
  S.mixed = S.rows.some((r) => r.tz && r.tz !== '+08:00');
  S.view = sorted(filtered());
  const pages = Math.max(1, Math.ceil(S.view.length / S.size));
  S.page = Math.min(S.page, pages - 1);
  $('#results-h').textContent = S.name ? T('results_for', { name: S.name }) : T('results');
  const col = COLS.find((c) => c[0] === S.sort.key);
  $('#table-cap').textContent = T('caption', { col: T(col[1]), dir: T(S.sort.dir > 0 ? 'asc' : 'desc') });
  renderSummary();
  renderHead();
  renderBody();
  renderPager(pages);
  renderBad();
  const shown = $('#shown');
  const txt =
    S.view.length === S.rows.length
      ? T('shown_all', { n: S.rows.length, rows: num(S.rows.length) })
      : T('shown', { n: S.view.length, rows: num(S.view.length), all: num(S.rows.length) });
  if (shown.textContent !== txt) shown.textContent = txt;
  shown.dataset.count = S.view.length;
  // Sorting by refund compares amounts within a currency only: say so.
  const curs = S.sort.key === 'max' ? [...new Set(S.view.filter((r) => r.max != null).map((r) => r.cur))].sort() : [];
  const note = $('#cur-note');
  const ntext = curs.length > 1 ? T('cur_note', { count: num(curs.length), list: curs.join(', ') }) : '';
  if (note.textContent !== ntext) note.textContent = ntext;
  note.hidden = !ntext;
}

function counts() {
  const c = Object.fromEntries(statuses().map((s) => [s, 0]));
  for (const r of S.rows) c[r.status]++;
  return c;
}
function summaryText() {
  const c = counts();
  return statuses()
    .filter((s) => c[s])
    .map((s) => `${T('st.' + s)}: ${num(c[s])}`)
    .join(', ');
}
function renderSummary() {
  const c = counts();
  const st = $('#f-status').value;
  const box = $('#summary');
  replaceKeepingFocus(
    box,
    el('span', { class: 'orders' }, T('summary', { n: S.done, orders: num(S.done), rows: num(S.rows.length) })),
    ' ',
    ...statuses()
      .filter((s) => c[s])
      .flatMap((s) => [
        el(
          'button',
          { type: 'button', class: `chip s-${s}`, 'data-status': s, 'data-fk': 'chip-' + s, 'aria-pressed': String(st === s) },
          el('span', { class: 'icon', 'aria-hidden': 'true' }, iconOf(s)),
          ` ${T('st.' + s)}: `,
          el('strong', {}, num(c[s])),
        ),
        ' ',
      ]),
  );
}

function renderHead() {
  const { key, dir } = S.sort;
  const sig = [key, dir, S.format, S.lang, S.mixed].join();
  const head = $('#head');
  if (head.dataset.sig === sig) return;
  head.dataset.sig = sig;
  replaceKeepingFocus(
    head,
    ...COLS.map(([k, label, sortable]) => {
      const th = el('th', { scope: 'col', role: 'columnheader', class: 'c-' + k });
      const name = colName(k, label);
      if (!sortable) return (th.append(name), th);
      const on = key === k;
      if (on) th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      th.append(
        el(
          'button',
          { type: 'button', 'data-sort': k, 'data-fk': 'sort-' + k, class: 'sort' },
          name,
          el('span', { class: 'arrow', 'aria-hidden': 'true' }, on ? (dir > 0 ? ' ▲' : ' ▼') : ' ↕'),
        ),
      );
      return th;
    }),
  );
}

const colName = (k, label) =>
  k === 'line' && S.format && S.format !== 'csv' ? T('col.item') : k === 'closes' && S.mixed ? T('col.closes_any') : T(label);
function cell(k, ...kids) {
  const label = colName(k, COLS.find((c) => c[0] === k)[1]);
  return el('td', { role: 'cell', class: 'c-' + k, 'data-label': label }, ...kids);
}
function verdict(status, lang = S.lang) {
  return el(
    'span',
    { class: `badge s-${status}` },
    el('span', { class: 'icon', 'aria-hidden': 'true' }, iconOf(status)),
    ' ',
    T('st.' + status, {}, lang),
  );
}
// What the answer was decided without, under the verdict: "whatever the
// shipping date (between 1 Mar and 12 Apr 2016)".
function whatever(r, lang = S.lang) {
  const text = whateverText(F(lang), r);
  return text ? [el('br'), el('span', { class: 'whatever' }, text)] : [];
}
// Warnings an agent must see in the row: the figures do not fit together.
function flags(r) {
  return (r.warnings || [])
    .filter((w) => FIRST_WARNINGS.has(w))
    .map((w) => el('span', { class: 'flag', 'data-code': w, title: T('flag.title', { text: T('flag.' + w) }) }, '⚠ ', T('flag.' + w)));
}
function whyCell(r) {
  const parts = [];
  if (r.status === 'error')
    for (const e of r.errors.slice(0, 3)) parts.push(el('span', { class: 'err' }, el('code', {}, e.code), e.path ? ` ${e.path}` : ''));
  if (r.errors?.length > 3) parts.push(T('more', { n: r.errors.length - 3 }));
  if (r.max != null && r.caps?.length && r.status !== 'not_covered')
    parts.push(el('span', { class: 'cap' }, T('why.cap', { cap: r.caps.map((c) => capName({ cap: c })).join(' = ') })));
  // Reasons in words (the code stays on the element for those who look for it).
  for (const c of r.reasons || [])
    if (!(c === 'WINDOW_NOT_OPEN' && r.status === 'not_yet_open'))
      parts.push(el('span', { class: 'reason', 'data-code': c }, F().t('agent:r.' + c, {}, c)));
  if (r.missing?.length)
    parts.push(el('span', { class: 'miss' }, T('why.missing', { fields: r.missing.map((p) => fieldName(p)).join(', ') })));
  return parts.flatMap((p, i) => (i ? [el('br'), p] : [p]));
}
function renderBody() {
  const start = S.page * S.size;
  const page = S.view.slice(start, start + S.size);
  // Rows streaming in below the visible page change nothing on it.
  const sig = `${S.run}|${S.lang}|${S.mixed}|${S.view.length ? '' : S.rows.length}|${page.map((r) => r.seq).join(',')}`;
  const body = $('#rows');
  if (body.dataset.sig === sig) return;
  body.dataset.sig = sig;
  const frag = document.createDocumentFragment();
  for (const r of page) {
    const tr = el('tr', {
      role: 'row',
      class: 's-' + r.status,
      'data-status': r.status,
      'data-kind': r.kind || null,
      'data-days': r.days ?? null,
    });
    const amount =
      r.max == null
        ? el('span', { class: 'none' }, '—')
        : r.status === 'closed'
          ? el('span', { class: 'past' }, T('was', { amount: money(r.max, r.cur) }))
          : el('strong', {}, money(r.max, r.cur));
    let closes = '—';
    // In the program's zone; named unless it is the column's (Beijing time).
    if (r.closes)
      closes = el(
        'time',
        { datetime: r.closes },
        zoned(r.closes, ianaOf(r.tz)),
        r.tz === '+08:00' && !S.mixed ? '' : ` ${F().zoneName(r.tz)}`,
      );
    else if (r.opens && r.status === 'not_yet_open') closes = T('opens_on', { date: zoned(r.opens, ianaOf(r.tz)) });
    const days = r.days == null ? '—' : el('span', { class: r.days <= SOON ? 'soon' : null }, r.days === 0 ? T('last_day') : num(r.days));
    tr.append(
      cell('line', String(r.line)),
      cell(
        'id',
        el(
          'button',
          {
            type: 'button',
            class: (r.id || '').length > 18 ? 'order long' : 'order',
            'data-fk': `o${r.seq}`,
            'data-i': r.i,
            'data-kind': r.kind || null,
            'aria-label': T('open_order', { id: shortId(r.id) || T('no_id'), kind: r.kind ? kindName(r.kind) : T('st.error') }),
          },
          shortId(r.id) || T('no_id'),
        ),
      ),
      cell('kind', r.kind ? kindName(r.kind) : '—'),
      cell(
        'program',
        r.family ? el('span', { class: 'prog' }, programName(r.family), el('br'), el('code', { class: 'pver' }, r.program)) : '—',
      ),
      cell('status', verdict(r.status), ...whatever(r), ...flags(r)),
      cell('max', amount),
      cell('why', ...whyCell(r)),
      cell('closes', closes),
      cell('days', days),
    );
    frag.append(tr);
  }
  if (!S.view.length && S.rows.length)
    frag.append(el('tr', { role: 'row' }, el('td', { role: 'cell', colspan: COLS.length, class: 'empty' }, T('no_match'))));
  replaceKeepingFocus(body, frag);
}

function renderPager(pages) {
  const p = S.page;
  const btn = (role, page, label, disabled) =>
    el('button', { type: 'button', 'data-page': page, 'data-page-role': role, 'data-fk': role, disabled }, label);
  const size = el(
    'select',
    { id: 'p-size', 'data-fk': 'size' },
    ...[25, 50, 100, 500].map((n) => el('option', { value: n, selected: n === S.size }, num(n))),
  );
  const sig = [p, pages, S.size, S.lang].join();
  if ($('#pager').dataset.sig === sig) return;
  $('#pager').dataset.sig = sig;
  replaceKeepingFocus(
    $('#pager'),
    btn('first', 0, T('page.first'), p === 0),
    btn('prev', p - 1, T('page.prev'), p === 0),
    el('span', { class: 'pos' }, T('page.of', { page: num(p + 1), pages: num(pages) })),
    btn('next', p + 1, T('page.next'), p >= pages - 1),
    btn('last', pages - 1, T('page.last'), p >= pages - 1),
    el('span', { class: 'size' }, el('label', { for: 'p-size' }, T('page.size')), ' ', size),
  );
}

// Every row the engine could not read, with its line and errors.
function renderBad() {
  const bad = S.rows.filter((r) => r.status === 'error');
  const box = $('#bad');
  box.hidden = !bad.length;
  if (!bad.length) return;
  $('#bad-h').textContent = T('bad_h', { n: bad.length, count: num(bad.length) });
  if (box.dataset.listed === `${S.run}:${bad.length}`) return;
  box.dataset.listed = `${S.run}:${bad.length}`;
  const items = bad.slice(0, MAX_BAD_LISTED).map((r) => {
    const where =
      S.format === 'csv'
        ? T('at_line', { line: r.line })
        : r.fileLine !== r.line
          ? T('at_item_line', { item: r.line, line: r.fileLine })
          : T('at_item', { item: r.line });
    return el(
      'li',
      { 'data-line': r.line },
      el('button', { type: 'button', class: 'link', 'data-i': r.i }, where),
      r.id ? ` · ${shortId(r.id)}` : '',
      ': ',
      el(
        'ul',
        {},
        ...r.errors.map((e) =>
          el('li', {}, el('code', {}, e.code), e.path && !e.message.startsWith(e.path) ? ` ${e.path}` : '', ` — ${e.message}`),
        ),
      ),
    );
  });
  if (bad.length > MAX_BAD_LISTED) items.push(el('li', {}, T('bad_more', { n: bad.length - MAX_BAD_LISTED })));
  $('#bad-list').replaceChildren(...items);
}

// ---- one order in full ----
function openDetail(i, kind, opener) {
  S.pending = i;
  S.pendingKind = kind;
  S.opener = opener;
  S.openedI = i;
  S.worker.postMessage({ type: 'detail', run: S.run, i });
}

function ruleRef(id) {
  if (!id) return '';
  const r = S.rules.get(id);
  const src = r?.source;
  const out = el('span', { class: 'rule' }, el('code', {}, id));
  const title = ruleTitle(F(), id, S.rules);
  if (title.text !== id) out.append(' ', el('span', { class: 'rtitle', lang: title.english ? 'en' : null }, title.text));
  if (src?.title) {
    const ok = typeof src.url === 'string' && /^https?:\/\//.test(src.url);
    out.append(
      ' ',
      ok
        ? el(
            'a',
            { href: src.url, class: 'src', target: '_blank', rel: 'noopener noreferrer external', lang: 'en' },
            T('source', { title: src.title }),
          )
        : el('cite', { class: 'src', lang: 'en' }, T('source', { title: src.title })),
    );
  }
  return out;
}
// The rule that set a claim's window: the timeline says which rule derived it.
function windowRule(r, kind) {
  const e = (r.timeline || []).find((x) => x.event === `${kind}.closes`) || (r.timeline || []).find((x) => x.event === `${kind}.opens`);
  return e && S.rules.has(e.source) ? e.source : null;
}
function asOfOf(r, claim) {
  return (r.timeline || []).find((x) => x.event === 'as_of')?.at || claim?.as_of || null;
}

function renderDetail() {
  const { m, r } = S.detail;
  let claim = null;
  try {
    claim = JSON.parse(m.claim);
  } catch {
    // not JSON: shown as it is
  }
  const where =
    S.format === 'csv'
      ? T('at_line', { line: m.line })
      : m.fileLine !== m.line
        ? T('at_item_line', { item: m.line, line: m.fileLine })
        : T('at_item', { item: m.line });
  $('#d-title').textContent = T('d.title', { id: shortId(m.id) || T('no_id'), where });
  // The quote's zone: the buyer's, when the order gives it; else the agent's choice.
  if (S.detail.zone == null) {
    S.detail.orderZone = knownZone(claim?.buyer?.time_zone);
    S.detail.zoneFromOrder = !!S.detail.orderZone;
    S.detail.zone = S.detail.orderZone || S.zone;
  }
  const body = [];
  if (!r.ok) {
    body.push(
      el(
        'section',
        { class: 'errors', 'aria-labelledby': 'd-err-h' },
        el('h3', { id: 'd-err-h' }, T('d.errors')),
        el(
          'ul',
          {},
          ...(r.errors || []).map((e) =>
            el('li', {}, el('code', {}, e.code), e.path ? ` ${e.path}` : '', e.path ? ` (${fieldName(e.path)})` : '', ` — ${e.message}`),
          ),
        ),
      ),
    );
  } else {
    const tz = r.program?.timezone || '+08:00';
    const asOf = asOfOf(r, claim);
    body.push(programLine(r, asOf, tz));
    if (!S.detail.kind || !r.claims.some((c) => c.kind === S.detail.kind)) S.detail.kind = r.claims[0]?.kind;
    const ordered = [...r.claims].sort((a, b) => (a.kind === S.detail.kind ? -1 : b.kind === S.detail.kind ? 1 : 0));
    for (const c of ordered) body.push(claimSection(r, c, tz));
    if (r.warnings?.length)
      body.push(
        el(
          'section',
          { class: 'warnings', 'aria-labelledby': 'd-w-h' },
          el('h3', { id: 'd-w-h' }, T('d.warnings')),
          el('ul', {}, ...r.warnings.map((w) => el('li', {}, el('code', {}, w.code), ' ', coded('warning', w, tz), ' ', ruleRef(w.rule)))),
        ),
      );
    const dis = disputeKeys(r.dispute);
    if (dis.length)
      body.push(
        el(
          'section',
          { 'aria-labelledby': 'd-dis-h' },
          el('h3', { id: 'd-dis-h' }, T('d.dispute')),
          el(
            'ul',
            {},
            ...dis.map((k) =>
              el(
                'li',
                {},
                `${F()
                  .forProgram(r.program?.program)
                  .t('event:' + k, {}, k.replace(/_/g, ' '))}: `,
                el('time', { datetime: r.dispute[k] }, there(r.dispute[k], tz)),
              ),
            ),
          ),
        ),
      );
    body.push(quoteSection(r));
    body.push(
      el(
        'details',
        { class: 'trace', open: true },
        el('summary', {}, T('d.trace')),
        el('ol', { lang: 'en' }, ...(r.trace || []).map((s) => el('li', {}, s))),
      ),
    );
  }
  body.push(
    el(
      'details',
      { class: 'input' },
      el('summary', {}, T('d.input')),
      m.claim ? el('pre', {}, claim ? JSON.stringify(claim, null, 2) : m.claim) : el('p', {}, T('d.no_input')),
    ),
  );
  $('#d-body').replaceChildren(...body);
  if (r.ok) updateQuote();
}

function programLine(r, asOf, tz) {
  const p = r.program || {};
  const dl = el('dl', { class: 'meta' });
  const add = (k, ...v) => dl.append(el('dt', {}, T(k)), el('dd', {}, ...v));
  if (p.id) {
    const period = p.effective_to
      ? T('period_to', { from: civil(p.effective_from), to: civil(p.effective_to) })
      : T('period_from', { from: civil(p.effective_from) });
    // The version's id and its period (its English name repeats the dates).
    add('d.policy', el('code', {}, p.id), ` · ${period}`);
  } else add('d.policy', T('d.no_policy'));
  if (asOf)
    add(
      'd.as_of',
      el('time', { datetime: asOf }, there(asOf, tz)),
      S.detail?.m?.asOfDefault ? el('span', { class: 'as-of-default' }, ' ', T('d.as_of_default')) : '',
    );
  return dl;
}

function claimSection(r, c, tz) {
  const id = `d-c-${c.kind}`;
  const sec = el('section', { class: `claim s-${c.status}`, 'aria-labelledby': id, 'data-kind': c.kind, 'data-status': c.status });
  sec.append(el('h3', { id }, kindName(c.kind), ' ', verdict(c.status)));
  const decided = whateverText(F(), c);
  if (decided) sec.append(el('p', { class: 'whatever' }, F().t('res:with_whatever', { verdict: T('st.' + c.status), whatever: decided })));
  const toFind = c.status === 'needs_info' && c.closes_at ? datesToFind(F(), c) : '';
  if (toFind) sec.append(el('p', { class: 'whatever' }, T('d.to_find', { what: toFind })));
  const rf = c.refund || {};
  const big = el('p', { class: 'amount' });
  if (rf.max != null) {
    big.append(T(c.status === 'closed' ? 'd.could_have' : 'd.up_to'), ' ', el('strong', {}, money(rf.max, rf.currency)));
    if (rf.form) big.append(' ', el('span', { class: 'form' }, F().t('refund_forms:' + rf.form, {}, rf.form)));
  } else big.append(T(c.status === 'not_covered' ? 'd.nothing' : 'd.unknown'));
  sec.append(big);
  const dates = el('p', { class: 'dates' });
  if (c.opens_at) dates.append(T('d.opens'), ' ', el('time', { datetime: c.opens_at }, there(c.opens_at, tz)));
  if (c.closes_at)
    dates.append(
      c.opens_at ? el('br') : '',
      T('d.closes'),
      ' ',
      el('strong', {}, el('time', { datetime: c.closes_at }, there(c.closes_at, tz))),
    );
  else if (c.status === 'open') dates.append(c.opens_at ? el('br') : '', T('d.no_close'));
  if (c.days_left != null)
    dates.append(
      ' ',
      el(
        'span',
        { class: c.days_left <= SOON ? 'left soon' : 'left' },
        c.days_left === 0 ? T('last_day') : T('days_left', { n: c.days_left, days: num(c.days_left) }),
      ),
    );
  if (dates.childNodes.length) sec.append(dates);
  const wr = windowRule(r, c.kind);
  if (wr) sec.append(el('p', { class: 'wrule' }, T('d.window_rule'), ' ', ruleRef(wr)));
  if (rf.basis?.length) {
    // Explicit roles: narrow screens lay the rows out as blocks.
    const cap = el('caption', { id: id + '-b' }, T('d.basis'));
    const head = el(
      'tr',
      { role: 'row' },
      ...['d.cap', 'd.amount', 'd.applied', 'd.rule'].map((k) => el('th', { scope: 'col', role: 'columnheader' }, T(k))),
    );
    const rows = rf.basis.map((b) => {
      const tr = el(
        'tr',
        { role: 'row', class: b.applied ? 'applied' : null, 'data-cap': b.cap, 'data-applied': String(!!b.applied) },
        el('th', { scope: 'row', role: 'rowheader' }, capName(b), ' ', el('code', { class: 'capid' }, b.cap)),
        el('td', { role: 'cell', class: 'num' }, money(b.amount, rf.currency)),
        el(
          'td',
          { role: 'cell', class: 'dec' },
          b.applied ? el('strong', {}, el('span', { 'aria-hidden': 'true' }, '✓ '), T('d.decides')) : T('d.not_decides'),
        ),
        el('td', { role: 'cell' }, ruleRef(b.rule)),
      );
      const ex = b.params?.excluded || [];
      if (ex.length)
        tr.cells[0].append(
          el(
            'ul',
            { class: 'excluded' },
            ...listItems(F(), ex, ({ code, ...params }) =>
              el('span', {}, el('code', {}, code), ' ', coded('reason', { code, params }, tz)),
            ),
          ),
        );
      return tr;
    });
    sec.append(
      el(
        'div',
        { class: 'scroll', role: 'region', 'aria-labelledby': `${id}-b ${id}`, tabindex: '0' },
        el(
          'table',
          { class: 'basis', role: 'table' },
          cap,
          el('thead', { role: 'rowgroup' }, head),
          el('tbody', { role: 'rowgroup' }, ...rows),
        ),
      ),
    );
  }
  if (c.reasons?.length)
    sec.append(
      el('h4', {}, T('d.reasons')),
      el('ul', { class: 'reasons' }, ...reasonItems(F(), c.reasons, tz, { codes: true, cite: (rule) => ruleRef(rule) })),
    );
  if (c.missing?.length)
    sec.append(
      el('h4', {}, T('d.missing')),
      el('ul', { class: 'missing' }, ...listItems(F(), c.missing, (p) => el('span', {}, el('code', {}, p), ` ${fieldName(p)}`))),
    );
  return sec;
}

// ---- the quote for the buyer ----
function quoteSection(r) {
  const lang = S.quoteLang || S.lang;
  const zones = timeZones();
  const zone = S.detail.zone;
  const list = zones.includes(zone) ? zones : [zone, ...zones];
  const sec = el('section', { class: 'quote', 'aria-labelledby': 'q-h' }, el('h3', { id: 'q-h' }, T('q.h')));
  const ctl = el('div', { class: 'qctl' });
  if (r.claims.length > 1)
    ctl.append(
      el(
        'div',
        { class: 'fl' },
        el('label', { for: 'q-kind' }, T('q.kind')),
        el(
          'select',
          { id: 'q-kind' },
          ...r.claims.map((c) =>
            el('option', { value: c.kind, selected: c.kind === S.detail.kind }, `${kindName(c.kind)} · ${T('st.' + c.status)}`),
          ),
        ),
      ),
    );
  ctl.append(
    el(
      'div',
      { class: 'fl' },
      el('label', { for: 'q-lang' }, T('q.lang')),
      el(
        'select',
        { id: 'q-lang' },
        ...[...$('#lang').options].map((o) => el('option', { value: o.value, lang: o.value, selected: o.value === lang }, o.textContent)),
      ),
    ),
    el(
      'div',
      { class: 'fl' },
      el('label', { for: 'q-zone' }, T('q.zone')),
      el(
        'select',
        { id: 'q-zone' },
        ...list.map((z) =>
          el(
            'option',
            { value: z, selected: z === zone },
            S.detail.zoneFromOrder && z === S.detail.orderZone ? `${z} (${T('q.zone_from_order')})` : z,
          ),
        ),
      ),
    ),
  );
  sec.append(
    ctl,
    el('label', { for: 'q-text', class: 'sr-only' }, T('q.text')),
    el('textarea', { id: 'q-text', readonly: true, rows: 14, spellcheck: 'false' }),
    el(
      'p',
      { class: 'qgo' },
      el('button', { type: 'button', id: 'q-copy' }, T('q.copy')),
      ' ',
      el('span', { id: 'q-copied', role: 'status' }),
    ),
  );
  return sec;
}

function updateQuote() {
  const t = $('#q-text');
  if (!t || !S.detail) return;
  const lang = S.quoteLang || S.lang;
  t.value = quoteText(S.detail.m, S.detail.r, S.detail.kind, lang, S.detail.zone);
  t.rows = Math.min(40, t.value.split('\n').length + 1);
  t.lang = lang;
  $('#q-copied').textContent = '';
}

function quoteText(m, r, kind, lang, zone) {
  // In the words of the order's program (its name, platform and seller).
  const P = F(lang).forProgram(r.program?.program);
  const L = (k, p = {}) => P.t('agent:' + k, p, k);
  const c = r.claims.find((x) => x.kind === kind) || r.claims[0];
  const tz = r.program?.timezone || '+08:00';
  let claim = null;
  try {
    claim = JSON.parse(m.claim);
  } catch {
    // not JSON: shown as it is
  }
  const both = (iso) =>
    L('q.when', { there: zoned(iso, ianaOf(tz), lang), zone: P.zoneName(tz), here: zoned(iso, zone, lang), buyer_zone: zone });
  const rf = c.refund || {};
  const out = [L('q.title', { id: m.id || L('no_id') }), ''];
  // An answer decided without a date says so; one that waits for a date says
  // what to find and the last moment to act whatever it turns out to be.
  const decided = whateverText(P, c);
  const status = L('q.st.' + c.status);
  out.push(
    L('q.claim', {
      kind: kindName(c.kind, lang),
      verdict: decided ? P.t('res:with_whatever', { verdict: status, whatever: decided }) : status,
    }),
  );
  const toFind = c.status === 'needs_info' && c.closes_at ? datesToFind(P, c) : '';
  if (rf.max != null) {
    const amount = money(rf.max, rf.currency, lang);
    const form = rf.form ? P.t('refund_forms:' + rf.form, {}, rf.form) : '';
    out.push(c.status === 'closed' ? L('q.could_have', { amount }) : L(form ? 'q.up_to_form' : 'q.up_to', { amount, form }));
  } else out.push(L(c.status === 'not_covered' ? 'q.nothing' : 'q.unknown'));
  if (rf.basis?.length) {
    out.push(L('q.caps'));
    for (const b of rf.basis)
      out.push(
        `- ${L('q.cap', { cap: capName(b, lang), amount: money(b.amount, rf.currency, lang), rule: b.rule })}${b.applied ? ' ' + L('q.decides') : ''}`,
      );
  }
  if (c.opens_at && c.status !== 'open') out.push(L('q.opens', { when: both(c.opens_at) }));
  if (toFind) out.push(P.t('res:act_by', { what: toFind, date: both(c.closes_at) }));
  else if (c.closes_at) out.push(L('q.closes', { when: both(c.closes_at) }));
  else if (c.status === 'open') out.push(L('q.no_close'));
  const asOf = asOfOf(r, claim);
  if (c.days_left != null)
    out.push(c.days_left === 0 ? L('q.last_day') : L('q.days_left', { n: c.days_left, days: num(c.days_left, lang) }));
  if (c.reasons?.length) {
    out.push(L('q.why'));
    for (const x of c.reasons) out.push(`- ${coded('reason', x, tz, lang)}${x.rule ? ' ' + L('q.rule', { rule: x.rule }) : ''}`);
  }
  if (c.missing?.length) out.push(L('q.needed', { fields: c.missing.map((p) => fieldName(p, lang)).join('; ') }));
  const dis = disputeKeys(r.dispute);
  if (dis.length) {
    out.push(L('q.dispute'));
    for (const k of dis) out.push(`- ${P.t('event:' + k, {}, k.replace(/_/g, ' '))}: ${both(r.dispute[k])}`);
  }
  if (r.warnings?.length) {
    out.push(L('q.warnings'));
    for (const w of r.warnings) out.push(`- ${coded('warning', w, tz, lang)}`);
  }
  // Every rule behind this answer, with its source.
  const ids = [
    windowRule(r, c.kind),
    ...(rf.basis || []).map((b) => b.rule),
    ...(c.reasons || []).map((x) => x.rule),
    ...(r.warnings || []).map((w) => w.rule),
  ].filter(Boolean);
  const uniq = [...new Set(ids)];
  if (uniq.length) out.push('', L('q.rules'));
  for (const id of uniq) {
    const rule = S.rules.get(id);
    const src = rule?.source;
    const where = src ? (src.url ? `${src.title} <${src.url}>` : src.title) : '';
    const title = ruleTitle(P, id, S.rules).text;
    out.push(`- ${id}${title !== id ? ': ' + title : ''}${where ? ' — ' + where : ''}`);
  }
  const p = r.program || {};
  if (p.id) {
    const period = p.effective_to
      ? L('period_to', { from: civil(p.effective_from, lang), to: civil(p.effective_to, lang) })
      : L('period_from', { from: civil(p.effective_from, lang) });
    out.push(L('q.policy', { id: p.id, name: p.name || '', period }));
  } else out.push('', L('q.no_policy'));
  if (asOf) out.push(L('q.as_of', { when: both(asOf), engine: S.version }));
  if (m.asOfDefault) out.push(L('q.as_of_default'));
  out.push('', L('q.disclaimer'));
  return out.join('\n');
}
