// The buyer's page: a form in the buyer's words -> claim JSON -> the wasm
// engine -> the answer. The form is built from the engine's vocabulary (its
// fields, their types and lists); the page holds no rule: it only formats
// what the engine returns. Nothing leaves the browser; the order lives in the
// URL fragment, keyed by the CSV's column names.
import { el } from '../shared/dom.js';
import { getAt, setAt } from '../shared/pointer.js';
import { makeFormatter, toDecimal } from '../shared/format.js';
import { placement, segmentOf } from '../shared/vocabulary.js';
import { fieldBox, programBox, relabel, toValue, toText, shown, newRow, rowsOf, putRows, rowBox, readRows } from '../shared/form.js';
import {
  claimCard,
  primaryOf,
  overallText,
  liveText,
  errorsBox,
  programLine,
  disputeKeys,
  nextSteps,
  FIRST_WARNINGS,
  WARNING_FIELDS,
} from '../shared/verdict.js';
import { loadCatalogue } from '../shared/catalogue.js';
import { drawTimeline, tickStyle, timelineHeight } from '../shared/timeline.js';
import { sample, SAMPLES } from './samples.js';
import { parseFragment, lang as startLang, engine as started, catalogue as startCatalogue } from './start.js';

// The page's layout: sections by the first part of a field's pointer, in
// this order (others follow as the vocabulary lists them); fields the chosen
// version of the rules reads but does not need go under "more".
const LAYOUT = ['order', 'payments', 'shipment', 'issue', 'history'];
// A repeated group (payments, order lines) draws this many editable rows; a
// link may hold thousands, which stay in the claim and are judged, and the
// group says how many more there are.
const MAX_ROWS = 20;
// The highest row number read from a link ("payment20000_on"): a claim holds
// at most 1 MiB, about 18,000 payments, so none beyond could be judged.
const MAX_ROW_NUMBER = 20000;
// An RFC 3339 instant, as the link's `now` must be.
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/i;

const $ = (sel, root = document) => root.querySelector(sel);
const form = $('#order'),
  ans = $('#answer'),
  out = $('#result');
const view = {
  now: null,
  badNow: null,
  index: null,
  ac: null,
  lex: null,
  fmt: null,
  rules: new Map(),
  state: null,
  canon: null,
  claim: null,
  version: null,
  tl: null,
  n: 0,
  open: new Set(),
  marks: [],
  width: null,
};

boot();

async function boot() {
  const frag = parseFragment(location.hash);
  view.lang = startLang;
  view.pinLang = !!frag.get('lang');
  setNow(frag.get('now'));
  // Both asked for by start.js, as soon as it ran.
  const [ready, cat] = await Promise.all([started.catch((e) => e), startCatalogue.catch(() => ({}))]);
  performance.mark('ac:loaded');
  if (ready instanceof Error || !ready) {
    applyStatic(cat);
    out.replaceChildren(el('p', { class: 'fatal', role: 'alert' }, cat.app?.load_failed || 'The calculator could not load.'));
    console.error(ready);
    return;
  }
  const engine = (view.ac = ready.ac);
  view.vocab = ready.vocab;
  view.lex = ready.lex;
  view.fmt = makeFormatter(view.lang, cat, view.vocab);
  view.programs = ready.programs;
  for (const p of view.programs) for (const r of p.rules || []) view.rules.set(r.id, r);
  applyStatic(cat);
  $('#version').textContent = view.fmt.t('app:version', { v: engine.version() });
  // The answer first, straight from the link's state (or the sample), in the
  // page's first frame; the form, the timeline and the notes at the fields
  // follow once it is on screen.
  const first = answerFirst(stateFrom(frag));
  nowNote();
  performance.mark('ac:verdict');
  ans.dataset.firstVerdictMs = performance.now().toFixed(1);
  await painted();
  // Layout is clean after the paint: the timeline reads its width for free.
  drawTl();
  buildForm(first.state);
  performance.mark('ac:form');
  // The answer again, from the form as built (a value a list cannot hold
  // reads differently there); when it is the same claim the answer on
  // screen stays and only the form is marked.
  recompute(first);
  wire();
}

// The page's first answer, from a state (no form yet): drawn without its
// timeline (the space for it is kept), nothing marked at the fields.
function answerFirst(s) {
  view.state = s;
  view.deferTl = true;
  const { claim, errors, canon } = buildClaim(s);
  view.canon = canon;
  view.claim = claim;
  const t = performance.now();
  const res = errors.length ? null : view.ac.evaluate(claim);
  ans.dataset.engineMs = (performance.now() - t).toFixed(3);
  render(res, errors);
  view.deferTl = false;
  return { state: s, res, key: keyOf(claim, errors) };
}
// Resolves once what is drawn has been painted: a task queued from a
// frame's callback runs after that frame's paint. A hidden tab gets no
// frames: then a timer.
function painted() {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, 250);
    requestAnimationFrame(() => setTimeout(() => (clearTimeout(t), resolve())));
  });
}

const asOf = () => view.now || new Date().toISOString();
// The link's `now` replaces the clock when it is an RFC 3339 instant; else it
// is left out (the real clock is used) and the page says so.
function setNow(v) {
  const ok = typeof v === 'string' && INSTANT.test(v) && Number.isFinite(Date.parse(v));
  view.now = ok ? v : null;
  view.badNow = v && !ok ? v : null;
}
function nowNote() {
  const p = $('#page-note');
  p.textContent = view.badNow == null ? '' : view.fmt.t('app:bad_now', { value: view.badNow.slice(0, 80) });
  p.hidden = view.badNow == null;
}
const curField = () => view.lex.fields.find((f) => f.type === 'currency');
const currencyOf = (s) => s.values[curField()?.name] || '';

function wire() {
  form.addEventListener('input', recompute);
  form.addEventListener('change', (e) => {
    const f = view.lex.byName(e.target.dataset?.name);
    if (f?.type === 'currency') relabel(view.fmt, form, e.target.value);
    // A new order date (or program) may fall under another version of the
    // rules, which reads other fields: the form follows.
    if (versionOf(readForm()) !== view.version) buildForm(readForm(), e.target.id);
    recompute();
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('click', (e) => {
    const b = e.target.closest('button');
    const g = b && view.lex.groups.find((x) => x.prefix === b.dataset.group);
    if (!g) return;
    const s = readForm();
    view.state = s;
    const rows = s.rows[g.prefix];
    let focus;
    if (b.dataset.remove != null) {
      const i = Number(b.dataset.remove);
      rows.splice(i, 1);
      focus = rows.length ? idOf(g, g.fields[0], Math.min(i, rows.length - 1)) : `add-${g.prefix}`;
    } else {
      rows.push(newRow(view.lex, g));
      focus = idOf(g, g.fields[0], rows.length - 1);
    }
    fillRows(g, rows, currencyOf(s));
    document.getElementById(focus)?.focus();
    recompute();
  });
  $('#samples').addEventListener('click', (e) => {
    const name = e.target.closest('button')?.dataset.sample;
    if (!name) return;
    buildForm(stateOfClaim(sample(name, asOf())));
    recompute();
    $('#live').textContent = `${view.fmt.t('sample:' + name)}: ${$('#live').textContent}`;
  });
  $('#lang').addEventListener('change', async (e) => {
    const s = view.canon;
    view.lang = e.target.value;
    view.pinLang = true;
    const cat = await loadCatalogue(view.lang).catch(() => ({}));
    view.fmt = makeFormatter(view.lang, cat, view.vocab);
    applyStatic(cat);
    $('#version').textContent = view.fmt.t('app:version', { v: view.ac.version() });
    buildForm(s);
    recompute();
  });
  $('#copy').addEventListener('click', async () => {
    flushUrl();
    try {
      await navigator.clipboard.writeText(location.href);
      $('#copied').textContent = view.fmt.t('app:link_copied');
    } catch {
      $('#copied').textContent = view.fmt.t('app:link_in_bar');
    }
  });
  ans.addEventListener('click', (e) => {
    const ptr = e.target.closest('[data-focus]')?.dataset.focus;
    if (ptr) focusField(ptr);
  });
  window.addEventListener('hashchange', () => {
    if (location.hash.slice(1) === view.hash) return;
    const f = parseFragment(location.hash);
    setNow(f.get('now'));
    buildForm(stateFrom(f));
    nowNote();
    recompute();
  });
  // The timeline is as wide as the answer: its width is kept as the browser
  // lays the page out (no layout is forced for it), and it is drawn again
  // when the width changes.
  new ResizeObserver(([e]) => {
    const w = Math.round(e.contentRect.width);
    if (w === view.width) return;
    view.width = w;
    drawTl();
  }).observe(out);
  // An opened "how we got this amount" stays open as the answer is redrawn.
  out.addEventListener('toggle', (e) => e.target.dataset.kind && view.open[e.target.open ? 'add' : 'delete'](e.target.dataset.kind), true);
  // Keep the countdown true while the page stays open (real clock only),
  // without pulling focus from a link the buyer is on.
  if (!view.now) setInterval(() => out.contains(document.activeElement) || recompute(), 60e3);
}

// ---- the order's state: typed texts by field name, and the rows of each group ----
const emptyState = () => ({ values: {}, rows: Object.fromEntries(view.lex.groups.map((g) => [g.prefix, []])) });

function stateOfClaim(claim) {
  const s = emptyState();
  const cur = getAt(claim, curField()?.pointer || '') || '';
  for (const f of view.lex.scalars) if (f.type !== 'instant') s.values[f.name] = toText(view.fmt, f, getAt(claim, f.pointer), cur);
  for (const g of view.lex.groups) s.rows[g.prefix] = rowsOf(view.fmt, g, claim, cur);
  return s;
}

// ---- URL fragment (read by parseFragment(), start.js) ----
function stateFrom(f) {
  const s = emptyState();
  let any = false;
  for (const fld of view.lex.scalars) {
    if (fld.type === 'instant' || !f.has(fld.column)) continue;
    s.values[fld.name] = f.get(fld.column);
    any = true;
  }
  // The numbered columns ("payment12_amount" is payment<N>_amount), in one
  // pass over the fragment.
  const numbered = new Map(view.lex.groups.flatMap((g) => g.fields.map((fld) => [fld.column, [g, fld]])));
  for (const [k, v] of f) {
    const m = /^(\D+)(\d{1,6})(_\D*)$/.exec(k);
    const hit = m && numbered.get(`${m[1]}<N>${m[3]}`);
    const n = hit ? Number(m[2]) : 0;
    if (n < 1 || n > MAX_ROW_NUMBER) continue;
    const [g, fld] = hit;
    const rows = s.rows[g.prefix];
    while (rows.length < n) rows.push(Object.fromEntries(g.fields.map((x) => [x.name, ''])));
    rows[n - 1][fld.name] = v;
    any = true;
  }
  if (f.get('sample') || !any) return stateOfClaim(sample(f.get('sample'), asOf()));
  return s;
}
function toFragment(s) {
  const enc = (v) => encodeURIComponent(v || '');
  const parts = [];
  for (const f of view.lex.scalars) if (s.values[f.name]) parts.push(`${f.column}=${enc(s.values[f.name])}`);
  for (const g of view.lex.groups) {
    s.rows[g.prefix].forEach((row, i) => {
      for (const f of g.fields) if (row[f.name]) parts.push(`${f.column.replace('<N>', i + 1)}=${enc(row[f.name])}`);
    });
  }
  if (view.pinLang) parts.push(`lang=${view.lang}`);
  if (view.now) parts.push(`now=${enc(view.now)}`);
  return parts.join('&');
}

// ---- the form, built from the vocabulary, every label from the catalogue ----
const idOf = (g, f, i) => 'f-' + f.column.replace('<N>', i + 1);
const programField = () => view.lex.scalars.find((f) => f.values === 'programs') || null;
const versionOf = (s) =>
  view.lex.versionFor(
    s.values[view.lex.fields.find((f) => f.type === 'date' && f.required)?.name],
    s.values[view.lex.scalars.find((f) => f.values === 'programs')?.name],
  )?.id ?? null;

function buildForm(s, focusId = document.activeElement?.id) {
  view.state = s;
  view.version = versionOf(s);
  const version = view.lex.version(view.version);
  // The form speaks of the chosen program: its platform, its seller.
  view.fmt = view.fmt.forProgram(version?.program);
  const fmt = view.fmt,
    cur = currencyOf(s);
  // Each field (or group of rows) to its section.
  const sections = new Map(LAYOUT.map((k) => [k, []]));
  const put = (key, item) => (sections.get(key) || sections.set(key, []).get(key)).push(item);
  // The program comes first, chosen from programs(): the rest of the form
  // is what its version reads.
  const pf = programField();
  for (const f of view.lex.scalars) {
    if (f === pf) continue;
    const at = placement(view.lex, f, version);
    if (at) put(at === 'more' ? 'more' : segmentOf(f), f);
  }
  for (const g of view.lex.groups) {
    const at = placement(view.lex, g.fields[0], version);
    if (at) put(at === 'more' ? 'more' : g.name, g);
  }
  const more = sections.get('more');
  sections.delete('more');
  const nodes = [el('h2', { id: 'form-h' }, fmt.t('form:title'))];
  if (pf)
    nodes.push(
      el(
        'fieldset',
        { class: 'program' },
        el('legend', {}, fmt.t('form:section.program')),
        programBox(fmt, pf, view.programs, { id: 'f-' + pf.column, value: s.values[pf.name], fallback: view.lex.defaultProgram }),
      ),
    );
  for (const [key, items] of sections) {
    if (!items.length) continue;
    if (items.length === 1 && items[0].fields)
      nodes.push(groupBox(items[0], s, cur, fmt.t('form:section.' + key, {}, fmt.t('field:' + key, {}, key))));
    else nodes.push(el('fieldset', {}, el('legend', {}, fmt.t('form:section.' + key, {}, key)), ...sectionBody(items, s, cur)));
  }
  if (more?.length) nodes.push(el('details', { id: 'more' }, el('summary', {}, fmt.t('form:section.more')), ...sectionBody(more, s, cur)));
  form.replaceChildren(...nodes);
  if (focusId) document.getElementById(focusId)?.focus();
}
function sectionBody(items, s, cur) {
  const grid = el('div', { class: 'grid' });
  const groups = [];
  for (const it of items) {
    if (it.fields) groups.push(groupBox(it, s, cur, view.fmt.t('field:' + it.name, { cur }, it.name)));
    else grid.append(fieldBox(view.fmt, it, { id: 'f-' + it.column, value: shown(view.fmt, it, s.values[it.name], cur), cur }));
  }
  return [grid.childNodes.length ? grid : null, ...groups].filter(Boolean);
}
// A repeated group (payments): its rows, a note, and a button for one more.
function groupBox(g, s, cur, legend) {
  const fmt = view.fmt;
  const hint = fmt.raw('hint:' + g.name) == null ? null : fmt.t('hint:' + g.name);
  const box = el(
    'fieldset',
    { id: 'g-' + g.prefix, class: 'group', 'aria-describedby': `g-${g.prefix}-h g-${g.prefix}-n` },
    el('legend', {}, legend),
    hint ? el('p', { class: 'hint', id: `g-${g.prefix}-h` }, hint) : null,
    el('div', { class: 'rows', id: `rows-${g.prefix}` }),
    el('p', { class: 'more-rows', id: `more-${g.prefix}`, hidden: true }),
    el('p', { class: 'note', id: `g-${g.prefix}-n`, 'data-note': g.pointer }),
    el('button', { type: 'button', id: `add-${g.prefix}`, class: 'add', 'data-group': g.prefix }, fmt.t('form:add.' + g.name, {}, '+')),
  );
  fillRows(g, s.rows[g.prefix] || [], cur, box);
  return box;
}
// The first MAX_ROWS rows as fields; the rest are said, not drawn (and no
// row can be added after rows that are not shown).
function fillRows(g, rows, cur, box = document.getElementById('g-' + g.prefix)) {
  if (!box) return;
  const fmt = view.fmt;
  const drawn = rows.slice(0, MAX_ROWS);
  box.querySelector('.rows').replaceChildren(...drawn.map((row, i) => rowBox(fmt, g, i, row, { idOf, cur })));
  const rest = rows.length - drawn.length;
  const p = { n: rest, count: fmt.num(rest), from: fmt.num(drawn.length + 1), to: fmt.num(rows.length) };
  const more = box.querySelector('.more-rows');
  more.textContent = rest ? fmt.t('form:more.' + g.name, p, fmt.t('form:more', p)) : '';
  more.hidden = !rest;
  box.querySelector('.add').hidden = rest > 0;
}
// The form as typed; rows of a group beyond those drawn are kept as they were.
function readForm() {
  const s = { values: { ...view.state.values }, rows: { ...view.state.rows } };
  for (const c of form.querySelectorAll('[data-name]')) if (c.dataset.row == null) s.values[c.dataset.name] = c.value.trim();
  for (const g of view.lex.groups) {
    const box = document.getElementById('g-' + g.prefix);
    if (!box) continue;
    const drawn = readRows(box, g);
    const before = view.state.rows[g.prefix] || [];
    s.rows[g.prefix] = before.length > drawn.length ? drawn.concat(before.slice(drawn.length)) : drawn;
  }
  return s;
}
function focusField(ptr) {
  for (let p = ptr; p; p = p.slice(0, p.lastIndexOf('/'))) {
    const g = view.lex.groups.find((x) => x.pointer === p);
    const c =
      form.querySelector(`[data-ptr="${CSS.escape(p)}"]`) ||
      (g && (document.getElementById(idOf(g, g.fields[0], 0)) || document.getElementById('add-' + g.prefix)));
    if (c) {
      const d = c.closest('details');
      if (d) d.open = true;
      c.focus();
      return;
    }
  }
}

// ---- form state -> claim JSON (the only conversion: major -> minor units) ----
function buildClaim(s) {
  const fmt = view.fmt;
  const claim = { as_of: asOf() },
    errors = [];
  const canon = { values: { ...s.values }, rows: {} };
  const cur = currencyOf(s),
    e = fmt.exponent(cur);
  for (const f of view.lex.scalars) {
    if (f.type === 'instant') continue;
    const r = toValue(fmt, f, s.values[f.name], cur);
    if (r.error) errors.push({ code: r.error, path: f.pointer, page: true });
    else if (r.value !== undefined) {
      setAt(claim, f.pointer, r.value);
      if (f.type === 'amount') canon.values[f.name] = toDecimal(r.value, e);
    }
  }
  for (const g of view.lex.groups) {
    const rows = s.rows[g.prefix] || [];
    errors.push(...putRows(fmt, g, claim, rows, cur));
    canon.rows[g.prefix] = rows.map((row) => {
      const c = { ...row };
      for (const f of g.fields) {
        const r = f.type === 'amount' ? toValue(fmt, f, row[f.name], cur) : {};
        if (r.value !== undefined) c[f.name] = toDecimal(r.value, e);
      }
      return c;
    });
  }
  return { claim, errors, canon };
}

// ---- recompute on every input ----
let urlTimer;
function flushUrl() {
  clearTimeout(urlTimer);
  const h = toFragment(view.canon);
  if (location.hash.slice(1) !== h) history.replaceState(null, '', '#' + h);
  view.hash = h;
}
// `first` (the page's first answer, drawn before the form was built) is kept
// when the form reads as the same claim: then only the form is marked. The
// clock's moment is not compared (it moved on while the form was built; the
// answer is as of a moment before).
function recompute(first = null) {
  const t0 = performance.now();
  const s = readForm();
  view.state = s;
  const { claim, errors, canon } = buildClaim(s);
  view.canon = canon;
  const same = first && first.key === keyOf(claim, errors);
  if (!same) view.claim = claim;
  const t1 = performance.now();
  const res = same ? first.res : errors.length ? null : view.ac.evaluate(claim);
  const t2 = performance.now();
  if (same) markForm();
  else render(res, errors);
  const t3 = performance.now();
  if (!same) ans.dataset.engineMs = (t2 - t1).toFixed(3);
  ans.dataset.recomputeMs = (t3 - t0).toFixed(3);
  ans.dataset.count = ++view.n;
  // The answer follows each keystroke; the address bar is updated a moment
  // later (browsers throttle history updates).
  clearTimeout(urlTimer);
  urlTimer = setTimeout(flushUrl, 250);
}
const keyOf = (claim, errors) => JSON.stringify([{ ...claim, as_of: view.now }, errors]);

// ---- the answer ----
function render(res, pageErrors) {
  // The answer's dates read in the buyer's zone when the order gives one.
  // ... and in the words of the program it is about (eBay, seller).
  const fmt = (view.afmt = view.fmt.inZone(view.claim?.buyer?.time_zone).forProgram(res?.program?.program));
  // What the answer says at the fields, in order: marked once it is drawn.
  view.marks = [];
  if (!res || !res.ok) return (renderErrors(pageErrors.length ? pageErrors : res?.errors || []), markForm());
  const tz = res.program?.timezone || '+08:00';
  const cur = view.claim.order?.currency;
  const claims = res.claims || [];
  const primary = primaryOf(claims);
  const all = !view.claim.issue?.kind && claims.length > 1;
  const nodes = [];
  // Figures that do not fit together (payments over the total) come first.
  const first = (res.warnings || []).filter((w) => FIRST_WARNINGS.has(w.code));
  const later = (res.warnings || []).filter((w) => !FIRST_WARNINGS.has(w.code));
  if (first.length)
    nodes.push(
      el(
        'section',
        { class: 'first-warnings', 'aria-labelledby': 'first-h' },
        el('h3', { id: 'first-h' }, fmt.t('res:first')),
        el('ul', {}, ...first.map((w) => el('li', { 'data-code': w.code }, fmt.coded('warning', w, tz, { cur })))),
      ),
    );
  const overall = all ? overallText(fmt, claims) : '';
  if (all) nodes.push(el('p', { class: 'overall' }, overall));
  const card = (c, isPrimary) =>
    claimCard(fmt, c, {
      tz,
      cur,
      primary: isPrimary,
      rules: view.rules,
      open: view.open.has(c.kind),
      cite: (rule) => source(view.rules.get(rule)?.source),
      missing: (p) => el('button', { type: 'button', class: 'link', 'data-focus': p }, fmt.fieldLabel(p, cur)),
    });
  if (primary) nodes.push(card(primary, true));
  const rest = claims.filter((c) => c !== primary);
  if (rest.length) nodes.push(el('div', { class: 'cards' }, ...rest.map((c) => card(c, false))));
  nodes.push(steps(res, primary, tz));
  const tl = el('figure', { class: 'tl' }, el('figcaption', { id: 'tl-cap' }, fmt.t('res:timeline')));
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'tl-cap');
  const rows = tlRows(res, tz);
  // Its height is known before it is drawn: drawn later, it moves nothing.
  svg.setAttribute('height', timelineHeight(rows.length));
  tl.append(svg);
  nodes.push(tl);
  if (later.length)
    nodes.push(
      el(
        'section',
        { class: 'warnings', 'aria-labelledby': 'warn-h' },
        el('h3', { id: 'warn-h' }, fmt.t('res:warnings')),
        el(
          'ul',
          {},
          ...later.map((w) =>
            el('li', { 'data-code': w.code }, fmt.coded('warning', w, tz, { cur }), ' ', source(view.rules.get(w.rule)?.source)),
          ),
        ),
      ),
    );
  nodes.push(programLine(fmt, res, view.claim.as_of, tz));
  out.replaceChildren(...nodes.filter(Boolean));
  view.tl = { svg, rows, today: Date.parse(view.claim.as_of), tz };
  if (!view.deferTl) drawTl();
  live(primary ? (overall ? overall + ' ' : '') + liveText(fmt, primary, tz, cur) : '');
  for (const w of first) for (const p of WARNING_FIELDS.get(w.code) || []) view.marks.push([p, fmt.t('res:first_note'), false]);
  for (const c of claims) {
    const note = fmt.t('res:needed_note', { kind: fmt.kind(c.kind) });
    for (const p of c.missing || []) view.marks.push([p, note, false]);
  }
  markForm();
}
// The answer's notes at the fields (none before the form is built).
function markForm() {
  view.index = formIndex();
  for (const n of form.querySelectorAll('.note')) n.textContent = '';
  for (const n of form.querySelectorAll('[aria-invalid]')) n.removeAttribute('aria-invalid');
  for (const n of form.querySelectorAll('.needed, .invalid')) n.classList.remove('needed', 'invalid');
  for (const [p, msg, invalid] of view.marks) mark(p, msg, invalid);
}
function live(text) {
  if ($('#live').textContent !== text) $('#live').textContent = text;
}

// The source of a rule (from programs()), as a link when it has a web address.
function source(src) {
  if (!src?.title) return '';
  const text = view.fmt.t('res:source', { title: src.title });
  const ok = typeof src.url === 'string' && /^https?:\/\//.test(src.url);
  return ok
    ? el('a', { href: src.url, rel: 'noopener noreferrer external', target: '_blank', class: 'src' }, text)
    : el('cite', { class: 'src' }, text);
}

// What to do next, for the claim the buyer looks at first, whatever its
// status (a claim too late still leaves the supplier and support), then the
// dispute's dates.
function steps(res, primary, tz) {
  const fmt = view.afmt;
  const d = res.dispute || {},
    items = nextSteps(fmt, primary, view.claim, tz);
  const now = Date.parse(view.claim.as_of);
  const passed = (k) => d[k] != null && Date.parse(d[k]) < now;
  for (const k of disputeKeys(d)) {
    const li = el('li', {}, fmt.tx('step:' + k, { date: fmt.when(d[k], tz) }, `${k.replace(/_/g, ' ')}: {date}`));
    // A step that opened and has not closed is open now, not past.
    if (k === 'escalation_opens' && passed(k) && !passed('escalation_closes'))
      li.prepend(el('span', { class: 'tag now' }, fmt.t('res:open_now')), ' ');
    else if (passed(k)) (li.prepend(el('span', { class: 'tag' }, fmt.t('res:passed')), ' '), li.classList.add('past'));
    items.push(li);
  }
  if (!items.length) return null;
  return el(
    'section',
    { class: 'steps', 'aria-labelledby': 'steps-h' },
    el('h3', { id: 'steps-h' }, fmt.t('res:steps')),
    el('ol', {}, ...items.map((x) => (x.tagName === 'LI' ? x : el('li', {}, x)))),
  );
}

function renderErrors(errs) {
  const fmt = view.fmt,
    cur = currencyOf(view.state);
  view.tl = null;
  out.replaceChildren(
    errorsBox(fmt, errs, {
      cur,
      label: (e) => el('button', { type: 'button', class: 'link', 'data-focus': e.path }, fmt.fieldLabel(e.path, cur)),
      onEach: (e, msg) => view.marks.push([e.path, msg, true]),
    }),
  );
  live(fmt.t('res:fix'));
}
// Each pointer's note and control in the form, found in one pass when an
// answer is drawn: marking the fields an answer names is then a lookup each,
// however many there are.
function formIndex() {
  const notes = new Map(),
    controls = new Map();
  for (const n of form.querySelectorAll('[data-note]')) if (!notes.has(n.dataset.note)) notes.set(n.dataset.note, n);
  for (const c of form.querySelectorAll('[data-ptr]')) if (!controls.has(c.dataset.ptr)) controls.set(c.dataset.ptr, c);
  return { notes, controls, needed: new Set(), invalid: new Set() };
}
// Point a JSON Pointer at its field (or the nearest enclosing one).
function mark(ptr, msg, invalid) {
  const { notes, controls } = view.index;
  for (let p = typeof ptr === 'string' ? ptr : ''; p; p = p.slice(0, p.lastIndexOf('/'))) {
    const note = notes.get(p);
    if (!note) continue;
    if (!note.textContent || invalid) note.textContent = msg;
    if (invalid) controls.get(p)?.setAttribute('aria-invalid', 'true');
    // A note many pointers lead to (a group's) is set up once.
    const seen = view.index[invalid ? 'invalid' : 'needed'];
    if (seen.has(note)) return;
    seen.add(note);
    note.parentElement.classList.add(invalid ? 'invalid' : 'needed');
    const d = note.closest('details');
    if (d) d.open = true;
    return;
  }
}

// ---- timeline ----
const TL_SAME = 3;
function eventLabel(name) {
  // In the words of the answer's program ("Seller must answer" on eBay).
  const fmt = view.afmt || view.fmt;
  const m = /^(\w+)\.(opens|closes)$/.exec(name);
  return fmt.raw('event:' + name)
    ? fmt.t('event:' + name)
    : m
      ? fmt.t('event:*.' + m[2], { kind: fmt.kind(m[1]) })
      : name.replace(/[._]/g, ' ');
}
function tlRows(res, tz) {
  const fmt = view.afmt;
  // Dates carry their year when the timeline spans more than one.
  const moments = [Date.parse(view.claim.as_of)];
  for (const e of res.timeline || []) moments.push(Date.parse(e.at));
  for (const c of res.claims || []) for (const v of [c.opens_at, c.closes_at]) if (v) moments.push(Date.parse(v));
  const year = tickStyle(Math.min(...moments), Math.max(...moments)) !== 'day';
  const short = (iso) => fmt.shortInstant(iso, tz, { year });
  const claims = (res.claims || []).filter((c) => c.opens_at || c.closes_at);
  const drawn = new Set(claims.map((c) => c.kind));
  const rows = [];
  const byName = new Map();
  // A date the answer was decided without is a range (`shipped_on.from` to
  // `shipped_on.to`): one band between the two, not two events.
  const ranges = new Map();
  for (const e of res.timeline || []) {
    const r = /^(\w+)\.(from|to)$/.exec(e.event);
    if (!r) continue;
    if (!ranges.has(r[1])) ranges.set(r[1], {});
    ranges.get(r[1])[r[2]] = e;
  }
  for (const e of res.timeline || []) {
    const m = /^(\w+)\.(opens|closes)$/.exec(e.event);
    const r = /^(\w+)\.(from|to)$/.exec(e.event);
    if ((m && drawn.has(m[1])) || (r && ranges.get(r[1])?.from && ranges.get(r[1])?.to) || e.event === 'as_of') continue;
    if (!byName.has(e.event)) byName.set(e.event, []);
    byName.get(e.event).push(e);
  }
  // A few events of one name are a row each; more (a link with 2,000
  // payments) are one row, from the first to the last, with their count.
  for (const [name, list] of byName) {
    if (list.length <= TL_SAME) {
      for (const e of list) rows.push({ at: Date.parse(e.at), label: eventLabel(name), sub: short(e.at), source: e.source });
      continue;
    }
    let first = list[0],
      last = list[0];
    for (const e of list) {
      if (Date.parse(e.at) < Date.parse(first.at)) first = e;
      if (Date.parse(e.at) > Date.parse(last.at)) last = e;
    }
    const label = fmt.t('res:events_many', { event: eventLabel(name), count: fmt.num(list.length), n: list.length });
    rows.push({
      from: Date.parse(first.at),
      to: Date.parse(last.at),
      label,
      sub: `${short(first.at)} – ${short(last.at)}`,
      cls: 'many',
    });
  }
  for (const [name, { from, to }] of ranges) {
    if (!from || !to) continue;
    rows.push({
      from: Date.parse(from.at),
      to: Date.parse(to.at),
      label: fmt.t('res:range_label', { event: eventLabel(name) }),
      sub: fmt.t('res:range', { from: short(from.at), to: short(to.at) }),
      cls: 'range',
      range: name,
    });
  }
  for (const c of claims) {
    const sub = `${c.opens_at ? short(c.opens_at) : '…'} – ${c.closes_at ? short(c.closes_at) : '…'} · ${fmt.t('short:' + c.status, {}, c.status)}`;
    rows.push({
      from: c.opens_at ? Date.parse(c.opens_at) : null,
      to: c.closes_at ? Date.parse(c.closes_at) : null,
      label: fmt.kind(c.kind),
      sub,
      cls: 's-' + c.status,
    });
  }
  return rows.sort((a, b) => (a.at ?? a.from ?? 0) - (b.at ?? b.from ?? 0));
}
function drawTl() {
  if (!view.tl) return;
  const { svg, rows, today, tz } = view.tl;
  const fmt = view.afmt || view.fmt;
  const tick = (v, style) => {
    const iso = new Date(v).toISOString();
    return style === 'month_year' ? fmt.monthYear(iso, tz) : fmt.shortInstant(iso, tz, { year: style === 'day_year' });
  };
  view.width ??= Math.round(svg.parentElement.clientWidth);
  drawTimeline(svg, rows, today, fmt.t('event:as_of'), tick, view.width);
}

function applyStatic(cat) {
  const t = (k) => view.fmt?.t(k) ?? cat?.[k.split(':')[0]]?.[k.split(':')[1]] ?? k;
  document.documentElement.lang = view.lang;
  document.title = t('app:title');
  for (const n of document.querySelectorAll('[data-t]')) n.textContent = t(n.dataset.t);
  $('#lang').value = view.lang;
  $('#samples').replaceChildren(...SAMPLES.map((s) => el('li', {}, el('button', { type: 'button', 'data-sample': s }, t('sample:' + s)))));
}
