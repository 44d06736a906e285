// The buyer's page: a form in the buyer's words -> claim JSON -> the wasm
// engine -> the answer. The page holds no rule: it only formats what the
// engine returns. Nothing leaves the browser; the order lives in the URL
// fragment.
import { init } from '../../wasm/index.js';
import { L, t, tx, raw, el, loadCatalogue, exponent, toDecimal, money, plainAmount, parseAmount, fmtDate, when, shortInstant, regionName, currencyName, codedText } from '../shared/fmt.js';
import { sample, SAMPLES } from './samples.js';
import { drawTimeline } from '../shared/timeline.js';

const KINDS = ['late_shipment', 'not_received', 'quality', 'quantity_short', 'damaged', 'late_delivery'];
const METHODS = ['tt', 'card', 'online_bank_payment', 'online_transfer', 'western_union', 'pay_later', 'paypal', 'lc', 'cash', 'other'];
const INCOTERMS = ['', 'EXW', 'FCA', 'FAS', 'FOB', 'CFR', 'CIF', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'CNY', 'HKD', 'JPY', 'VND', 'AUD', 'CAD', 'SGD', 'INR', 'AED', 'BHD'];
const COUNTRIES = ['', 'CN', 'HK', 'TW', 'VN', 'IN', 'TR', 'TH', 'MY', 'ID', 'KR', 'JP', 'PK', 'BD', 'US', 'DE', 'IT'];

// Form groups: [key in the URL fragment, JSON Pointer in the claim, type, options]
const GROUPS = [
  ['order', [
    ['created', '/order/created_on', 'date'],
    ['cur', '/order/currency', 'select', CURRENCIES],
    ['total', '/order/total', 'money'],
    ['ta', '/order/assurance_amount', 'money'],
    ['via', '/order/placed_via_assurance', 'select', ['yes', 'no', '']],
  ]],
  ['payments'],
  ['shipping', [
    ['shipby', '/order/ship_by', 'date'],
    ['shipped', '/shipment/shipped_on', 'date'],
    ['eta', '/shipment/expected_delivery_by', 'date'],
    ['delivered', '/shipment/delivered_on', 'date'],
    ['receipt', '/shipment/receipt_confirmed_on', 'date'],
    ['inc', '/order/incoterm', 'select', INCOTERMS],
  ]],
  ['problem', [
    ['kind', '/issue/kind', 'select', ['', ...KINDS]],
    ['tier', '/buyer/tier', 'select', ['standard', 'enterprise']],
  ]],
  ['dispute', [
    ['dopen', '/history/dispute_opened_on', 'date'],
    ['esc', '/history/escalated_on', 'date'],
    ['agree', '/history/agreement_on', 'date'],
  ]],
  ['more', [
    ['country', '/supplier/country', 'select', COUNTRIES],
    ['limit', '/supplier/ta_limit_remaining', 'money'],
    ['shipext', '/order/ship_by_extended_to', 'date'],
    ['accepted', '/history/accepted_late_shipment', 'check'],
    ['gdd', '/order/guaranteed_delivery_by', 'date'],
    ['customs', '/shipment/customs_cleared_on', 'date'],
    ['claimed', '/issue/claimed', 'money'],
    ['cov', '/order/coverage_type', 'select', ['', 'pre_shipment', 'post_delivery']],
    ['fx', '/fx/usd_per_unit', 'number'],
  ]],
];
const FIELDS = GROUPS.flatMap(([, f]) => f || []);
const PAY = [['on', 'on', 'date'], ['amt', 'amount', 'money'], ['method', 'method', 'select', METHODS], ['to', 'to', 'select', ['platform', 'supplier']]];
const ICON = { open: '✓', not_yet_open: '…', closed: '✕', not_covered: '⊘', needs_info: '?' };
const RANK = { open: 0, needs_info: 1, not_yet_open: 2, closed: 3, not_covered: 4 };
const DISPUTE = ['supplier_response_due', 'escalation_opens', 'auto_escalation_on', 'refund_starts_by'];

const $ = (sel, root = document) => root.querySelector(sel);
const form = $('#order'), ans = $('#answer'), out = $('#result');
const view = { now: null, ac: null, rules: new Map(), canon: null, tl: null, n: 0, open: new Set() };

boot();

async function boot() {
  const frag = parseFragment(location.hash);
  const langs = [...$('#lang').options].map((o) => o.value);
  const want = [frag.lang, ...(navigator.languages || []).map((l) => l.split('-')[0]), 'en'];
  view.lang = want.find((l) => langs.includes(l));
  view.pinLang = !!frag.lang;
  view.now = frag.now || null;
  const [engine] = await Promise.all([init().catch((e) => e), loadCatalogue(view.lang)]);
  performance.mark('ac:loaded');
  applyStatic();
  if (engine instanceof Error || !engine) {
    out.replaceChildren(el('p', { class: 'fatal', role: 'alert' }, t('app:load_failed')));
    console.error(engine);
    return;
  }
  view.ac = engine;
  for (const p of engine.programs()) for (const r of p.rules || []) view.rules.set(r.id, r);
  $('#version').textContent = t('app:version', { v: engine.version() });
  buildForm();
  writeForm(stateFrom(frag));
  performance.mark('ac:form');
  recompute();
  performance.mark('ac:verdict');
  ans.dataset.firstVerdictMs = performance.now().toFixed(1);
  wire();
}

function wire() {
  form.addEventListener('input', recompute);
  form.addEventListener('change', (e) => {
    if (e.target.id === 'f-cur') relabel();
    recompute();
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('click', (e) => {
    const b = e.target.closest('button');
    if (!b) return;
    const s = readForm();
    if (b.id === 'add-pay') {
      s.pay.push({ on: '', amt: '', method: 'tt', to: 'platform' });
      writeForm(s);
      $(`#p${s.pay.length - 1}-on`).focus();
    } else if (b.dataset.remove != null) {
      const i = Number(b.dataset.remove);
      s.pay.splice(i, 1);
      writeForm(s);
      ($(`#p${Math.min(i, s.pay.length - 1)}-on`) || $('#add-pay')).focus();
    } else return;
    recompute();
  });
  $('#samples').addEventListener('click', (e) => {
    const name = e.target.closest('button')?.dataset.sample;
    if (!name) return;
    writeForm(sample(name, asOf()));
    recompute();
    $('#live').textContent = `${t('sample:' + name)}: ${$('#live').textContent}`;
  });
  $('#lang').addEventListener('change', async (e) => {
    const s = view.canon;
    view.lang = e.target.value;
    view.pinLang = true;
    await loadCatalogue(view.lang);
    applyStatic();
    buildForm();
    writeForm(s);
    recompute();
  });
  $('#copy').addEventListener('click', async () => {
    flushUrl();
    try {
      await navigator.clipboard.writeText(location.href);
      $('#copied').textContent = t('app:link_copied');
    } catch {
      $('#copied').textContent = t('app:link_in_bar');
    }
  });
  ans.addEventListener('click', (e) => {
    const ptr = e.target.closest('[data-focus]')?.dataset.focus;
    if (ptr) focusField(ptr);
  });
  window.addEventListener('hashchange', () => {
    if (location.hash.slice(1) === view.hash) return;
    const f = parseFragment(location.hash);
    view.now = f.now || null;
    writeForm(stateFrom(f));
    recompute();
  });
  window.addEventListener('resize', () => view.tl && drawTl());
  // An opened "how we got this amount" stays open as the answer is redrawn.
  out.addEventListener('toggle', (e) => e.target.dataset.kind && view.open[e.target.open ? 'add' : 'delete'](e.target.dataset.kind), true);
  // Keep the countdown true while the page stays open (real clock only),
  // without pulling focus from a link the buyer is on.
  if (!view.now) setInterval(() => out.contains(document.activeElement) || recompute(), 60e3);
}

const asOf = () => view.now || new Date().toISOString();

// ---- URL fragment: key=value&pay=date~amount~method~to ----
function parseFragment(hash) {
  const f = { pay: [] };
  const dec = (v) => {
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  };
  for (const part of hash.replace(/^#/, '').split('&')) {
    const i = part.indexOf('=');
    if (i < 1) continue;
    const k = part.slice(0, i), v = part.slice(i + 1);
    if (k === 'pay') {
      const [on, amt, method, to] = v.split('~').map(dec);
      f.pay.push({ on, amt, method, to });
    } else f[k] = dec(v);
  }
  return f;
}
function toFragment(s) {
  const enc = (v) => encodeURIComponent(v || '').replace(/~/g, '%7E');
  const parts = FIELDS.filter(([k]) => s[k]).map(([k]) => `${k}=${enc(s[k])}`);
  for (const p of s.pay) parts.push('pay=' + [p.on, p.amt, p.method, p.to].map(enc).join('~'));
  if (view.pinLang) parts.push(`lang=${view.lang}`);
  if (view.now) parts.push(`now=${enc(view.now)}`);
  return parts.join('&');
}
function stateFrom(f) {
  if (f.sample || !FIELDS.some(([k]) => k in f)) return sample(f.sample || 'quality', asOf());
  return f;
}

// ---- the form, built from GROUPS with every label from the catalogue ----
const generic = (ptr) => ptr.replace(/\/\d+(?=\/|$)/, '/*');
function fieldLabel(ptr) {
  const m = /^\/payments\/(\d+)/.exec(ptr);
  const base = t('field:' + generic(ptr), { cur: view.canon?.cur || '' }, ptr);
  return m && ptr !== m[0] ? `${t('form:payment_n', { n: Number(m[1]) + 1 })}: ${base}` : base;
}
function optLabel(key, v) {
  if (key === 'kind') return v ? t('kind:' + v) : t('form:kind_all');
  if (key === 'method') return t('method:' + v, {}, v);
  if (key === 'cur') return `${v} · ${currencyName(v)}`;
  if (key === 'country') return v ? regionName(v) : t('opt:unsure');
  if (key === 'inc') return v ? t('opt:inc.' + v, {}, v) : t('opt:unsure');
  return t(`opt:${key}.${v || 'none'}`, {}, v);
}
function field(id, key, ptr, type, opts) {
  const gp = generic(ptr);
  let c;
  if (type === 'select') {
    c = el('select');
    for (const v of opts) c.append(el('option', { value: v }, optLabel(key, v)));
  } else if (type === 'check') c = el('input', { type: 'checkbox' });
  else if (type === 'date') c = el('input', { type: 'date' });
  else c = el('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false' });
  const hint = raw('hint:' + gp) && el('p', { class: 'hint', id: id + '-h' }, t('hint:' + gp));
  const note = el('p', { class: 'note', id: id + '-n', 'data-note': ptr });
  Object.assign(c, { id });
  c.dataset.ptr = ptr;
  c.setAttribute('aria-describedby', (hint ? `${id}-h ` : '') + `${id}-n`);
  const lab = el('label', { for: id, 'data-label': gp }, t('field:' + gp, { cur: '' }));
  return el('div', { class: `f f-${type}` }, ...(type === 'check' ? [c, lab] : [lab, c]), hint, note);
}
function buildForm() {
  form.replaceChildren(el('h2', { id: 'form-h' }, t('form:title')));
  for (const [g, fields] of GROUPS) {
    if (!fields) {
      form.append(el('fieldset', { id: 'payments', 'aria-describedby': 'pay-h pay-n' },
        el('legend', {}, t('form:payments')),
        el('p', { class: 'hint', id: 'pay-h' }, t('hint:/payments')),
        el('div', { id: 'pay-rows' }),
        el('p', { class: 'note', id: 'pay-n', 'data-note': '/payments' }),
        el('button', { type: 'button', id: 'add-pay' }, t('form:add_payment'))));
      continue;
    }
    const box = g === 'more' ? el('details', { id: 'more' }, el('summary', {}, t('form:more'))) : el('fieldset', {}, el('legend', {}, t('form:' + g)));
    const grid = el('div', { class: 'grid' });
    for (const [k, p, ty, o] of fields) grid.append(field('f-' + k, k, p, ty, o));
    box.append(grid);
    form.append(box);
  }
}
function payRow(i) {
  const fs = el('fieldset', { class: 'pay' }, el('legend', {}, t('form:payment_n', { n: i + 1 })));
  const grid = el('div', { class: 'grid' });
  for (const [k, ptr, ty, o] of PAY) grid.append(field(`p${i}-${k}`, k, `/payments/${i}/${ptr}`, ty, o));
  fs.append(grid, el('button', { type: 'button', class: 'remove', 'data-remove': i }, t('form:remove_payment', { n: i + 1 })));
  return fs;
}
function setVal(c, type, v = '', e) {
  if (type === 'check') c.checked = !!v;
  else if (type === 'money' && /^\d+(\.\d+)?$/.test(v) && (v.split('.')[1] || '').length <= e) c.value = plainAmount(v, e);
  else {
    if (type === 'select' && v && ![...c.options].some((o) => o.value === v)) c.append(el('option', { value: v }, v));
    c.value = v;
    if (type === 'select' && c.value !== v) c.selectedIndex = 0;
  }
}
function writeForm(s) {
  const e = exponent(s.cur) ?? 2;
  for (const [k, , type] of FIELDS) setVal($('#f-' + k), type, s[k], e);
  $('#pay-rows').replaceChildren(...s.pay.map((_, i) => payRow(i)));
  s.pay.forEach((p, i) => PAY.forEach(([k, , type]) => setVal($(`#p${i}-${k}`), type, p[k], e)));
  relabel();
}
function readForm() {
  const s = { pay: [] };
  const v = (c, type) => (type === 'check' ? (c.checked ? '1' : '') : c.value.trim());
  for (const [k, , type] of FIELDS) s[k] = v($('#f-' + k), type);
  $('#pay-rows').querySelectorAll('.pay').forEach((_, i) => {
    const p = {};
    for (const [k, , type] of PAY) p[k] = v($(`#p${i}-${k}`), type);
    s.pay.push(p);
  });
  return s;
}
// Money labels carry the currency code ("Order total (USD)").
function relabel() {
  const cur = $('#f-cur').value;
  for (const lab of form.querySelectorAll('.f-money label')) lab.textContent = t('field:' + lab.dataset.label, { cur });
}
function focusField(ptr) {
  for (let p = ptr; p; p = p.slice(0, p.lastIndexOf('/'))) {
    const c = form.querySelector(`[data-ptr="${CSS.escape(p)}"]`) || (p === '/payments' && $('#add-pay'));
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
  const claim = { as_of: asOf() }, errors = [], canon = { ...s, pay: [] };
  const e = exponent(s.cur);
  const put = (ptr, v) => {
    const parts = ptr.split('/').slice(1);
    let o = claim;
    for (const p of parts.slice(0, -1)) o = o[p] ||= {};
    o[parts.at(-1)] = v;
  };
  const amount = (ptr, v, set) => {
    if (!v || e == null) return;
    const r = parseAmount(v, e);
    if (r.error) return errors.push({ code: r.error, path: ptr, page: true });
    set(toDecimal(r.minor, e));
    return r.minor;
  };
  for (const [k, ptr, type] of FIELDS) {
    const v = s[k];
    if (!v) continue;
    if (type === 'money') {
      const m = amount(ptr, v, (d) => (canon[k] = d));
      if (m != null) put(ptr, m);
    } else if (type === 'number') {
      const n = Number(v.replace(',', '.'));
      if (Number.isFinite(n) && n > 0) put(ptr, n);
      else errors.push({ code: 'PAGE_NUMBER', path: ptr, page: true });
    } else if (k === 'via') put(ptr, v === 'yes');
    else if (type === 'check') put(ptr, true);
    else put(ptr, v);
  }
  claim.payments = s.pay.map((p, i) => {
    const c = {}, q = { ...p };
    if (p.on) c.on = p.on;
    const m = amount(`/payments/${i}/amount`, p.amt, (d) => (q.amt = d));
    if (m != null) c.amount = m;
    if (p.method) c.method = p.method;
    if (p.to) c.to = p.to;
    canon.pay.push(q);
    return c;
  });
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
function recompute() {
  const t0 = performance.now();
  const { claim, errors, canon } = buildClaim(readForm());
  view.canon = canon;
  view.claim = claim;
  const t1 = performance.now();
  const res = errors.length ? null : view.ac.evaluate(claim);
  const t2 = performance.now();
  render(res, errors);
  const t3 = performance.now();
  ans.dataset.engineMs = (t2 - t1).toFixed(3);
  ans.dataset.recomputeMs = (t3 - t0).toFixed(3);
  ans.dataset.count = ++view.n;
  // The answer follows each keystroke; the address bar is updated a moment
  // later (browsers throttle history updates).
  clearTimeout(urlTimer);
  urlTimer = setTimeout(flushUrl, 250);
}

// ---- the answer ----
function render(res, pageErrors) {
  for (const n of form.querySelectorAll('.note')) n.textContent = '';
  for (const n of form.querySelectorAll('[aria-invalid]')) n.removeAttribute('aria-invalid');
  for (const n of form.querySelectorAll('.needed')) n.classList.remove('needed');
  if (!res || !res.ok) return renderErrors(pageErrors.length ? pageErrors : res?.errors || []);
  const tz = res.program?.timezone || '+08:00';
  const cur = view.claim.order?.currency;
  const claims = res.claims || [];
  const primary = claims.slice().sort((a, b) => RANK[a.status] - RANK[b.status] || closeMs(a) - closeMs(b))[0];
  const all = !view.claim.issue?.kind && claims.length > 1;
  const nodes = [];
  if (all) {
    const open = claims.filter((c) => c.status === 'open').map((c) => t('kind:' + c.kind, {}, c.kind));
    nodes.push(el('p', { class: 'overall' }, open.length ? t('res:all_open', { kinds: open.join(', ') }) : t('res:all_none')));
  }
  if (primary) nodes.push(card(primary, true, tz, cur));
  const rest = claims.filter((c) => c !== primary);
  if (rest.length) nodes.push(el('div', { class: 'cards' }, ...rest.map((c) => card(c, false, tz, cur))));
  nodes.push(steps(res, primary, tz));
  const tl = el('figure', { class: 'tl' }, el('figcaption', { id: 'tl-cap' }, t('res:timeline')));
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'tl-cap');
  tl.append(svg);
  nodes.push(tl);
  if (res.warnings?.length) nodes.push(el('section', { class: 'warnings', 'aria-labelledby': 'warn-h' }, el('h3', { id: 'warn-h' }, t('res:warnings')), el('ul', {}, ...res.warnings.map((w) => el('li', {}, coded('warning', w, tz), ' ', source(ruleSource(w)))))));
  if (res.program?.id) nodes.push(el('p', { class: 'program' }, t('res:program', { name: t('program:' + res.program.id, {}, res.program.name), from: fmtDate(res.program.effective_from) }), ' ', tx('res:as_of', { date: when(view.claim.as_of, tz) })));
  out.replaceChildren(...nodes.filter(Boolean));
  view.tl = { svg, rows: tlRows(res, tz), today: Date.parse(view.claim.as_of), tz };
  drawTl();
  live(primary ? liveText(primary, tz, cur, all) : '');
  for (const c of claims) for (const p of c.missing || []) mark(p, t('res:needed_note', { kind: t('kind:' + c.kind) }), false);
}
const closeMs = (c) => (c.closes_at ? Date.parse(c.closes_at) : Infinity);
function live(text) {
  if ($('#live').textContent !== text) $('#live').textContent = text;
}

function card(c, primary, tz, cur) {
  const id = `c-${c.kind}`;
  const a = el('article', { class: `claim s-${c.status}${primary ? ' primary' : ''}`, 'aria-labelledby': id, 'data-kind': c.kind, 'data-status': c.status });
  a.append(el('h3', { id }, t('kind:' + c.kind, {}, c.kind)), el('p', { class: 'verdict' }, el('span', { class: 'icon', 'aria-hidden': 'true' }, ICON[c.status] || '•'), ' ', t('status:' + c.status, {}, c.status)));
  const r = c.refund;
  if (r?.max != null) a.append(el('p', { class: 'amount' }, tx(c.status === 'closed' ? 'res:could_have' : 'res:up_to', { amount: el('strong', {}, money(r.max, r.currency || cur)) }), ' ', el('span', { class: 'form' }, t('refund_form:' + r.form, {}, ''))));
  if (c.status === 'open') {
    if (c.closes_at) {
      a.append(el('p', { class: 'deadline' }, tx('res:claim_by', { date: when(c.closes_at, tz) })));
      if (c.days_left != null) a.append(el('p', { class: 'left' }, c.days_left === 0 ? t('res:last_day') : t('res:days_left', { n: c.days_left })));
    } else a.append(el('p', { class: 'deadline' }, t('res:no_deadline')));
  } else if (c.status === 'not_yet_open' && c.opens_at) a.append(el('p', { class: 'deadline' }, tx('res:opens', { date: when(c.opens_at, tz) })));
  else if (c.status === 'needs_info' && c.closes_at) a.append(el('p', { class: 'deadline' }, tx('res:claim_by_if', { date: when(c.closes_at, tz) })));
  const reasons = (c.reasons || []).filter((x) => !(c.status === 'not_yet_open' && x.code === 'WINDOW_NOT_OPEN' && c.opens_at));
  if (reasons.length) a.append(el('ul', { class: 'reasons' }, ...reasons.map((x) => el('li', {}, coded('reason', x, tz), ' ', source(ruleSource(x))))));
  if (c.missing?.length) {
    a.append(el('p', { class: 'need' }, t('res:need')), el('ul', { class: 'missing' }, ...c.missing.map((p) => el('li', {}, el('button', { type: 'button', class: 'link', 'data-focus': p }, fieldLabel(p))))));
  }
  if (r?.basis?.length) {
    a.append(el('details', { class: 'basis', open: view.open.has(c.kind), 'data-kind': c.kind }, el('summary', {}, t('res:basis')), el('ul', {}, ...r.basis.map((b) => {
      const rule = view.rules.get(b.rule);
      const li = el('li', { class: b.applied ? 'applied' : null }, `${t('cap:' + b.cap, {}, rule?.title || b.rule)}: `, el('strong', {}, money(b.amount, r.currency || cur)), b.applied ? ` (${t('res:applied')})` : '', ' ', source(rule?.source));
      const ex = b.params?.excluded || [];
      if (ex.length) li.append(el('ul', {}, ...ex.map(({ code, ...params }) => el('li', {}, coded('reason', { code, params }, tz)))));
      return li;
    }))));
  }
  return a;
}

// A reason or warning in plain words, its params formatted for the locale.
function coded(section, x, tz) {
  return codedText(section, x, tz, fieldLabel);
}
// The source of the rule behind a reason, warning or cap (from programs()).
function ruleSource(x) {
  return view.rules.get(x.rule)?.source;
}
function source(src) {
  if (!src?.title) return '';
  const ok = typeof src.url === 'string' && /^https?:\/\//.test(src.url);
  return ok ? el('a', { href: src.url, rel: 'noopener noreferrer external', target: '_blank', class: 'src' }, t('res:source', { title: src.title })) : el('cite', { class: 'src' }, t('res:source', { title: src.title }));
}

function steps(res, primary, tz) {
  const d = res.dispute || {}, items = [];
  if (primary?.status === 'open' && !view.claim.history?.dispute_opened_on) {
    items.push(t('step:contact'));
    items.push(primary.closes_at ? tx('step:open_by', { date: when(primary.closes_at, tz) }) : t('step:open_now'));
  }
  const keys = [...DISPUTE, ...Object.keys(d).filter((k) => !DISPUTE.includes(k))];
  const now = Date.parse(view.claim.as_of);
  for (const k of keys) {
    if (typeof d[k] !== 'string' || !d[k]) continue;
    const li = el('li', {}, tx('step:' + k, { date: when(d[k], tz) }, `${k.replace(/_/g, ' ')}: {date}`));
    if (Date.parse(d[k]) < now) li.prepend(el('span', { class: 'tag' }, t('res:passed')), ' '), li.classList.add('past');
    items.push(li);
  }
  if (!items.length) return null;
  return el('section', { class: 'steps', 'aria-labelledby': 'steps-h' }, el('h3', { id: 'steps-h' }, t('res:steps')), el('ol', {}, ...items.map((x) => (x.tagName === 'LI' ? x : el('li', {}, x)))));
}

function liveText(c, tz, cur, all) {
  const parts = [`${t('kind:' + c.kind)}: ${t('status:' + c.status)}`];
  if (c.refund?.max != null) parts.push(t(c.status === 'closed' ? 'res:could_have' : 'res:up_to', { amount: money(c.refund.max, c.refund.currency || cur) }));
  if (c.status === 'open' && c.closes_at) parts.push(`${t('res:claim_by', { date: when(c.closes_at, tz).textContent })}, ${c.days_left === 0 ? t('res:last_day') : t('res:days_left', { n: c.days_left })}`);
  return (all ? $('.overall')?.textContent + ' ' : '') + parts.join(', ') + '.';
}

function renderErrors(errs) {
  view.tl = null;
  out.replaceChildren(el('section', { class: 'errors', 'aria-labelledby': 'err-h' }, el('h3', { id: 'err-h' }, t('res:fix')), el('ul', {}, ...errs.map((e) => {
    const msg = errText(e);
    mark(e.path, msg, true);
    return el('li', {}, e.path ? el('button', { type: 'button', class: 'link', 'data-focus': e.path }, fieldLabel(e.path)) : '', e.path ? ': ' : '', msg);
  }))));
  live(t('res:fix'));
}
function errText(e) {
  const cur = view.canon?.cur || '';
  const ex = exponent(cur);
  return t('error:' + e.code, { cur, n: ex ?? 2, example: ex == null ? '' : money(123456 * 10 ** Math.max(0, ex - 2), cur) }, e.message || e.code);
}
// Point a JSON Pointer at its field (or the nearest enclosing one).
function mark(ptr, msg, invalid) {
  for (let p = ptr || ''; p; p = p.slice(0, p.lastIndexOf('/'))) {
    const note = form.querySelector(`[data-note="${CSS.escape(p)}"]`);
    if (!note) continue;
    if (!note.textContent || invalid) note.textContent = msg;
    const c = form.querySelector(`[data-ptr="${CSS.escape(p)}"]`);
    if (invalid) c?.setAttribute('aria-invalid', 'true');
    note.parentElement.classList.add(invalid ? 'invalid' : 'needed');
    const d = note.closest('details');
    if (d) d.open = true;
    return;
  }
}

// ---- timeline ----
function eventLabel(name) {
  const m = /^(\w+)\.(opens|closes)$/.exec(name);
  return raw('event:' + name) ? t('event:' + name) : m ? t('event:*.' + m[2], { kind: t('kind:' + m[1], {}, m[1]) }) : name.replace(/[._]/g, ' ');
}
function tlRows(res, tz) {
  const claims = (res.claims || []).filter((c) => c.opens_at || c.closes_at);
  const drawn = new Set(claims.map((c) => c.kind));
  const rows = [];
  for (const e of res.timeline || []) {
    const m = /^(\w+)\.(opens|closes)$/.exec(e.event);
    if ((m && drawn.has(m[1])) || e.event === 'as_of') continue;
    rows.push({ at: Date.parse(e.at), label: eventLabel(e.event), sub: shortInstant(e.at, tz), source: e.source });
  }
  for (const c of claims) {
    const sub = `${c.opens_at ? shortInstant(c.opens_at, tz) : '…'} – ${c.closes_at ? shortInstant(c.closes_at, tz) : '…'} · ${t('short:' + c.status, {}, c.status)}`;
    rows.push({ from: c.opens_at ? Date.parse(c.opens_at) : null, to: c.closes_at ? Date.parse(c.closes_at) : null, label: t('kind:' + c.kind, {}, c.kind), sub, cls: 's-' + c.status });
  }
  return rows.sort((a, b) => (a.at ?? a.from ?? 0) - (b.at ?? b.from ?? 0));
}
function drawTl() {
  const { svg, rows, today, tz } = view.tl;
  drawTimeline(svg, rows, today, t('event:as_of'), (v) => shortInstant(new Date(v).toISOString(), tz));
}

function applyStatic() {
  document.documentElement.lang = L.lang;
  document.title = t('app:title');
  for (const n of document.querySelectorAll('[data-t]')) n.textContent = t(n.dataset.t);
  $('#lang').value = L.lang;
  $('#samples').replaceChildren(...SAMPLES.map((s) => el('li', {}, el('button', { type: 'button', 'data-sample': s }, t('sample:' + s)))));
}
