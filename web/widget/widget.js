// <assurance-calculator>: the Trade Assurance calculator as a drop-in for a
// supplier's storefront (web/EMBEDDING.md). One custom element per order:
// the storefront's attributes (and the `order` property) give what it knows,
// the buyer fills the rest in a compact form, the engine judges. The widget
// holds no rule: verdicts, amounts, deadlines and reasons all come from the
// engine; it only formats them.
//
// Isolation: everything renders in an open shadow root styled by one shared
// constructed stylesheet; the element adds nothing to window, and no element
// outside its shadow root is touched. Bundled by scripts/build-widget.mjs
// into wasm/dist/assurecalc-widget.js with the .wasm inlined (no request).
import { init } from '../../wasm/single.js';
import { L, t, tx, raw, el, withCatalogue, exponent, toDecimal, money, plainAmount, parseAmount, fmtDate, when, regionName, currencyName, codedText } from '../shared/fmt.js';
import { ATTRIBUTES, claimFromAttributes, merge, copy, getAt, setAt, frozen, pickSections } from './model.js';
import { CSS as STYLES } from './css.js';
import en from '../shared/i18n/en.json' with { type: 'json' };
import vi from '../shared/i18n/vi.json' with { type: 'json' };

const TAG = 'assurance-calculator';
const CATALOGUES = { en: pickSections(en), vi: pickSections(vi) };
const KINDS = ['late_shipment', 'not_received', 'quality', 'quantity_short', 'damaged', 'late_delivery'];
const METHODS = ['tt', 'card', 'online_bank_payment', 'online_transfer', 'western_union', 'pay_later', 'paypal', 'lc', 'cash', 'other'];
const INCOTERMS = ['EXW', 'FCA', 'FAS', 'FOB', 'CFR', 'CIF', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'CNY', 'HKD', 'JPY', 'VND', 'AUD', 'CAD', 'SGD', 'INR', 'AED'];
const ICON = { open: '✓', not_yet_open: '…', closed: '✕', not_covered: '⊘', needs_info: '?' };
const RANK = { open: 0, needs_info: 1, not_yet_open: 2, closed: 3, not_covered: 4 };

// The buyer's form: [JSON Pointer, type, options]. The order's own terms are
// asked only when the storefront did not give them.
const KIND_FIELD = ['/issue/kind', 'select', ['', ...KINDS]];
const ORDER_FIELDS = [
  ['/order/created_on', 'date'],
  ['/order/currency', 'select', ['', ...CURRENCIES]],
  ['/order/total', 'money'],
  ['/order/ship_by', 'date'],
  ['/shipment/expected_delivery_by', 'date'],
  ['/order/incoterm', 'select', ['', ...INCOTERMS]],
];
const SHIP_FIELDS = [
  ['/shipment/shipped_on', 'date'],
  ['/shipment/delivered_on', 'date'],
];
const PAY = [['on', 'date'], ['amount', 'money'], ['method', 'select', METHODS], ['to', 'select', ['platform', 'supplier']]];
const NEW_PAYMENT = { on: '', amount: '', method: 'tt', to: 'platform' };
// What the storefront said, shown above the form: [pointer, label key, format].
const FACTS = [
  ['/order/id', 'f.order_id', 'text'],
  ['/order/created_on', 'f.created_on', 'date'],
  ['/order/total', 'f.total', 'money'],
  ['/order/assurance_amount', 'f.assurance_amount', 'money'],
  ['/order/ship_by', 'f.ship_by', 'date'],
  ['/order/ship_by_extended_to', 'f.ship_by_extended_to', 'date'],
  ['/order/guaranteed_delivery_by', 'f.guaranteed_delivery_by', 'date'],
  ['/shipment/expected_delivery_by', 'f.expected_delivery_by', 'date'],
  ['/order/incoterm', 'f.incoterm', 'incoterm'],
  ['/supplier/country', 'f.supplier', 'country'],
  ['/supplier/ta_limit_remaining', 'f.ta_limit', 'money'],
  ['/order/placed_via_assurance', 'f.via', 'via'],
];

// One stylesheet for every widget on the page.
let sheet = null;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
  }
  return sheet;
}

const generic = (ptr) => ptr.replace(/\/\d+(?=\/|$)/, '/*');
const idOf = (ptr) => 'f' + ptr.replace(/[^a-z0-9]+/gi, '-');
const isDay = (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v);
const closeMs = (c) => (c.closes_at ? Date.parse(c.closes_at) : Infinity);

class AssuranceCalculator extends HTMLElement {
  static observedAttributes = ['lang', 'before-payment', ...Object.keys(ATTRIBUTES)];

  #shadow;
  #ac = null; // the engine, once loaded
  #failed = false;
  #prop = null; // what `order` was last set to
  #edits = new Map(); // pointer -> what the buyer typed
  #pay = null; // payment rows as typed, once the buyer touched them
  #claim = null; // the claim last judged
  #assumed = null; // the full payment assumed before the buyer pays, or null
  #result = null; // its result, frozen
  #queued = false;
  #redraw = false;
  #built = false;
  #parts = null;
  #open = new Set();

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
    this.#shadow.adoptedStyleSheets = [styleSheet()];
    this.#shadow.addEventListener('input', (e) => this.#onInput(e));
    this.#shadow.addEventListener('change', (e) => this.#onInput(e));
    this.#shadow.addEventListener('click', (e) => this.#onClick(e));
    this.#shadow.addEventListener('submit', (e) => e.preventDefault());
    // An opened "how we got this amount" stays open as the answer is redrawn.
    this.#shadow.addEventListener('toggle', (e) => e.target.dataset?.kind && this.#open[e.target.open ? 'add' : 'delete'](e.target.dataset.kind), true);
  }

  connectedCallback() {
    // A value the host set before this element was upgraded sits on the
    // instance and would hide the accessor: take it over.
    if (Object.prototype.hasOwnProperty.call(this, 'order')) {
      const v = this.order;
      delete this.order;
      this.order = v;
    }
    if (!this.#built) this.#render();
    if (this.#ac) this.#schedule();
    else if (!this.#failed) {
      init().then(
        (ac) => {
          this.#ac = ac;
          this.#schedule();
        },
        (e) => this.#fatal(e),
      );
    }
  }

  // A storefront often sets several attributes in a row: one redraw for all.
  attributeChangedCallback(name, old, v) {
    if (old === v || !this.#built || this.#redraw) return;
    this.#redraw = true;
    queueMicrotask(() => {
      this.#redraw = false;
      this.#render();
      this.#schedule();
    });
  }

  /** The claim being judged: the attributes, `order` laid over them, and what the buyer typed. */
  get order() {
    return copy(this.#claim ?? this.#build().claim);
  }
  /** Claim fields (claim-api.md) laid over the attributes; the buyer's entries are cleared. */
  set order(v) {
    if (v != null && (typeof v !== 'object' || Array.isArray(v))) throw new TypeError(`${TAG}: order must be an object of claim fields`);
    this.#prop = v == null ? null : copy(v);
    this.#edits.clear();
    this.#pay = null;
    this.#claim = null;
    if (this.#built) this.#render();
    this.#schedule();
  }
  /** The last result (read-only, frozen), or null before the first. */
  /** The full payment assumed before the buyer pays (`before-payment`), in minor units, or null. */
  get assumedPayment() {
    return this.#assumed;
  }

  get result() {
    return this.#result;
  }

  // ---- language ----
  #loc() {
    const want = [this.getAttribute('lang'), this.closest('[lang]')?.getAttribute('lang'), ...(navigator.languages || [])];
    const lang = want.map((l) => (l || '').toLowerCase().split('-')[0]).find((l) => CATALOGUES[l]) || 'en';
    const locale = (navigator.languages || []).find((l) => l.split('-')[0] === lang) || lang;
    return { lang, locale, cat: CATALOGUES[lang] };
  }
  #inLang(fn) {
    return withCatalogue(this.#loc(), fn);
  }

  // ---- the claim ----
  #base() {
    return merge(claimFromAttributes((n) => this.getAttribute(n)), this.#prop ?? {});
  }
  #currency(base) {
    const c = this.#edits.get('/order/currency') ?? getAt(base, '/order/currency');
    return typeof c === 'string' ? c : '';
  }
  #payRows(base) {
    if (this.#pay) return this.#pay;
    const e = exponent(this.#currency(base)) ?? 2;
    const given = Array.isArray(base.payments) ? base.payments : [];
    if (!given.length) return [{ ...NEW_PAYMENT }];
    return given.map((p) => ({
      on: typeof p?.on === 'string' ? p.on : '',
      amount: this.#moneyText(p?.amount, e),
      method: typeof p?.method === 'string' ? p.method : '',
      to: typeof p?.to === 'string' ? p.to : '',
    }));
  }
  #moneyText(v, e) {
    return Number.isSafeInteger(v) && v >= 0 ? plainAmount(toDecimal(v, e), e) : v == null ? '' : String(v);
  }

  // The claim now: the storefront's, with the buyer's entries laid over it.
  // Amounts typed by the buyer become minor units here (the only conversion).
  #build() {
    return this.#inLang(() => {
      const base = this.#base();
      const claim = copy(base);
      const errors = [];
      const e = exponent(this.#currency(base));
      const amount = (ptr, v) => {
        if (!v || e == null) return undefined;
        const r = parseAmount(v, e);
        if (r.error) return void errors.push({ code: r.error, path: ptr, page: true });
        return r.minor;
      };
      for (const [ptr, v] of this.#edits) {
        setAt(claim, ptr, v === '' ? undefined : ptr === '/order/total' ? amount(ptr, v) : v);
      }
      if (this.#pay) {
        const pays = [];
        this.#pay.forEach((r) => {
          if (!r.on && !r.amount) return;
          const p = {}, i = pays.length;
          if (r.on) p.on = r.on;
          const m = amount(`/payments/${i}/amount`, r.amount);
          if (m != null) p.amount = m;
          if (r.method) p.method = r.method;
          if (r.to) p.to = r.to;
          pays.push(p);
        });
        if (pays.length) claim.payments = pays;
        else delete claim.payments;
      }
      if (claim.as_of == null) claim.as_of = new Date().toISOString();
      // On a page shown before the buyer pays (`before-payment`), an order
      // without payments is judged as if paid in full through Alibaba.com,
      // so the buyer sees the cover they would get. Said on the card.
      let assumed = null;
      if (this.hasAttribute('before-payment') && !claim.payments?.length) {
        const o = claim.order || {};
        const full = Number.isSafeInteger(o.assurance_amount) ? o.assurance_amount : o.total;
        if (Number.isSafeInteger(full) && full > 0) {
          const on = typeof o.created_on === 'string' ? o.created_on : String(claim.as_of).slice(0, 10);
          claim.payments = [{ on, amount: full, method: 'tt', to: 'platform' }];
          assumed = full;
        }
      }
      return { claim, errors, assumed };
    });
  }

  #schedule() {
    if (!this.#ac || this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (this.isConnected) this.#evaluate();
    });
  }

  #evaluate() {
    const { claim, errors, assumed } = this.#build();
    this.#claim = claim;
    this.#assumed = assumed;
    const res = errors.length
      ? { ok: false, errors: errors.map((x) => ({ code: 'INVALID_AMOUNT', path: x.path, message: this.#inLang(() => this.#errText(x)) })) }
      : this.#ac.evaluate(claim);
    this.#inLang(() => this.#show(res, errors, claim));
    this.#result = frozen(res);
    this.dispatchEvent(new CustomEvent('result', { detail: this.#result, bubbles: true }));
  }

  // ---- the skeleton and the form ----
  #render() {
    const active = this.#shadow.activeElement?.dataset?.ptr;
    this.#inLang(() => {
      const { lang } = this.#loc();
      const base = this.#base();
      const cur = this.#currency(base);
      const out = el('div', { class: 'out' });
      const live = el('p', { class: 'sr-only', role: 'status' });
      const form = el('form', { part: 'form', novalidate: true });
      const root = el('div', { class: 'root', part: 'root', lang },
        el('header', { part: 'header' }, el('h2', { part: 'title' }, t('widget:title')), el('p', { class: 'sub' }, t('widget:intro'))),
        this.#facts(base, cur),
        // The answer first (small screens show it above the form); side by side when wide.
        el('div', { class: 'body' },
          el('div', { class: 'answer', part: 'answer' }, el('h3', {}, t('widget:answer')), live, out),
          form),
        el('footer', { part: 'footer' }, el('p', {}, t('widget:privacy')), el('p', {}, t('widget:disclaimer'))));
      this.#parts = { root, form, out, live };
      this.#fillForm(form, base, cur);
      if (this.#failed) out.append(el('p', { class: 'fatal', role: 'alert' }, t('widget:load_failed')));
      else out.append(el('p', { class: 'loading' }, t('widget:loading')));
      this.#shadow.replaceChildren(root);
      this.#built = true;
    });
    if (active) this.#shadow.querySelector(`[data-ptr="${CSS.escape(active)}"]`)?.focus();
  }

  #facts(base, cur) {
    const e = exponent(cur);
    const items = [];
    for (const [ptr, key, fmt] of FACTS) {
      const v = getAt(base, ptr);
      if (v == null || v === '') continue;
      let text;
      if (fmt === 'via') {
        if (v !== false) continue;
        text = t('opt:via.no');
      } else if (fmt === 'date') text = isDay(v) ? fmtDate(v) : String(v);
      else if (fmt === 'money') text = Number.isSafeInteger(v) && e != null ? money(v, cur) : `${v} ${cur}`.trim();
      else if (fmt === 'country') text = typeof v === 'string' ? regionName(v.toUpperCase()) : String(v);
      else if (fmt === 'incoterm') text = typeof v === 'string' ? t('opt:inc.' + v.toUpperCase(), {}, v) : String(v);
      else text = typeof v === 'object' ? JSON.stringify(v) : String(v);
      items.push(el('div', {}, el('dt', {}, t('widget:' + key)), el('dd', {}, text)));
    }
    if (!items.length) return null;
    return el('div', { class: 'facts', part: 'facts' }, el('h3', {}, t('widget:facts')), el('dl', {}, ...items));
  }

  #fillForm(form, base, cur) {
    const value = (ptr, type) => {
      if (this.#edits.has(ptr)) return this.#edits.get(ptr);
      const v = getAt(base, ptr);
      if (type === 'money') return this.#moneyText(v, exponent(cur) ?? 2);
      return v == null ? '' : String(v);
    };
    const grid = (fields) => el('div', { class: 'grid' }, ...fields.map(([p, ty, o]) => this.#field(idOf(p), p, ty, o, value(p, ty), cur)));
    form.append(el('h3', {}, t('widget:yours')), this.#field(idOf(KIND_FIELD[0]), ...KIND_FIELD, value(KIND_FIELD[0], 'select'), cur));
    // The order's terms the storefront did not give (kept while the buyer fills them).
    const ask = ORDER_FIELDS.filter(([p]) => getAt(base, p) == null || this.#edits.has(p));
    if (ask.length) form.append(el('fieldset', {}, el('legend', {}, t('form:order')), grid(ask)));
    form.append(el('fieldset', { 'aria-describedby': 'pay-h pay-n' },
      el('legend', {}, t('form:payments')),
      el('p', { class: 'hint', id: 'pay-h' }, t('hint:/payments')),
      el('div', { class: 'pay-rows' }),
      el('p', { class: 'note', id: 'pay-n', 'data-note': '/payments' }),
      el('button', { type: 'button', class: 'add-pay', part: 'button' }, t('form:add_payment'))));
    form.append(el('fieldset', {}, el('legend', {}, t('form:shipping')), grid(SHIP_FIELDS)));
    this.#fillPay(form.querySelector('.pay-rows'), this.#payRows(base), cur);
  }

  #fillPay(box, rows, cur) {
    box.replaceChildren(...rows.map((r, i) => {
      const fs = el('fieldset', { class: 'pay' }, el('legend', {}, t('form:payment_n', { n: i + 1 })));
      const g = el('div', { class: 'grid' });
      for (const [k, ty, o] of PAY) {
        const f = this.#field(`p${i}-${k}`, `/payments/${i}/${k}`, ty, o, r[k] ?? '', cur);
        f.querySelector('[data-ptr]').dataset.pay = i;
        g.append(f);
      }
      fs.append(g);
      if (rows.length > 1) fs.append(el('button', { type: 'button', 'data-remove': i, part: 'button' }, t('form:remove_payment', { n: i + 1 })));
      return fs;
    }));
  }

  #field(id, ptr, type, opts, v, cur) {
    const gp = generic(ptr);
    let c;
    if (type === 'select') {
      c = el('select', { part: 'input' });
      for (const o of opts) c.append(el('option', { value: o }, this.#optLabel(gp, o)));
      if (![...c.options].some((o) => o.value === v)) c.append(el('option', { value: v }, v || '—'));
    } else if (type === 'date') c = el('input', { type: 'date', part: 'input' });
    else c = el('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', part: 'input' });
    c.id = id;
    c.value = v;
    c.dataset.ptr = ptr;
    const hint = gp !== '/payments/*/amount' && raw('hint:' + gp) ? el('p', { class: 'hint', id: id + '-h' }, t('hint:' + gp)) : null;
    c.setAttribute('aria-describedby', (hint ? `${id}-h ` : '') + `${id}-n`);
    const lab = el('label', { for: id, 'data-label': gp }, t('field:' + gp, { cur }, gp));
    return el('div', { class: `f f-${type}`, part: 'field' }, lab, c, hint, el('p', { class: 'note', id: id + '-n', 'data-note': ptr }));
  }

  #optLabel(gp, v) {
    if (gp === '/issue/kind') return v ? t('kind:' + v, {}, v) : t('form:kind_all');
    if (gp === '/payments/*/method') return t('method:' + v, {}, v);
    if (gp === '/payments/*/to') return t('opt:to.' + v, {}, v);
    if (gp === '/order/currency') return v ? `${v} · ${currencyName(v)}` : t('opt:unsure');
    if (gp === '/order/incoterm') return v ? t('opt:inc.' + v, {}, v) : t('opt:unsure');
    return v;
  }

  // ---- the buyer's input ----
  #readPay() {
    return [...this.#shadow.querySelectorAll('.pay')].map((fs) => {
      const r = {};
      for (const c of fs.querySelectorAll('[data-ptr]')) r[c.dataset.ptr.split('/').pop()] = c.value.trim();
      return r;
    });
  }
  #onInput(e) {
    const c = e.target;
    if (!c?.dataset?.ptr) return;
    if (c.dataset.pay != null) this.#pay = this.#readPay();
    else this.#edits.set(c.dataset.ptr, c.value.trim());
    // Amount labels carry the currency ("Amount (USD)").
    if (c.dataset.ptr === '/order/currency') {
      this.#inLang(() => {
        for (const lab of this.#shadow.querySelectorAll('label[data-label]')) lab.textContent = t('field:' + lab.dataset.label, { cur: c.value }, lab.dataset.label);
      });
    }
    this.#schedule();
  }
  #onClick(e) {
    const b = e.target.closest?.('button');
    if (!b) return;
    if (b.classList.contains('add-pay') || b.dataset.remove != null) {
      const rows = this.#readPay();
      let focus;
      if (b.dataset.remove != null) {
        const i = Number(b.dataset.remove);
        rows.splice(i, 1);
        focus = Math.min(i, rows.length - 1);
      } else {
        rows.push({ ...NEW_PAYMENT });
        focus = rows.length - 1;
      }
      this.#pay = rows;
      this.#inLang(() => this.#fillPay(this.#shadow.querySelector('.pay-rows'), rows, this.#currency(this.#base())));
      this.#shadow.getElementById(`p${focus}-on`)?.focus();
      this.#schedule();
    } else if (b.dataset.focus) this.#focusField(b.dataset.focus);
  }
  #focusField(ptr) {
    for (let p = ptr; p; p = p.slice(0, p.lastIndexOf('/'))) {
      const c = this.#shadow.querySelector(`[data-ptr="${CSS.escape(p)}"]`) || (p === '/payments' && (this.#shadow.getElementById('p0-on') || this.#shadow.querySelector('.add-pay')));
      if (c) return c.focus();
    }
  }
  #hasField(ptr) {
    for (let p = ptr; p; p = p.slice(0, p.lastIndexOf('/'))) if (p === '/payments' || this.#shadow.querySelector(`[data-ptr="${CSS.escape(p)}"]`)) return true;
    return false;
  }

  // ---- the answer ----
  #fatal(e) {
    this.#failed = true;
    if (this.#parts) this.#inLang(() => this.#parts.out.replaceChildren(el('p', { class: 'fatal', role: 'alert' }, t('widget:load_failed'))));
    this.dispatchEvent(new CustomEvent('error', { detail: { message: String(e?.message || e) } }));
  }

  #show(res, pageErrors, claim) {
    const { form, out } = this.#parts;
    for (const n of form.querySelectorAll('.note')) n.textContent = '';
    for (const n of form.querySelectorAll('[aria-invalid]')) n.removeAttribute('aria-invalid');
    for (const n of form.querySelectorAll('.needed, .invalid')) n.classList.remove('needed', 'invalid');
    if (!res?.ok) return this.#showErrors(pageErrors.length ? pageErrors : res?.errors || [], claim);
    const tz = res.program?.timezone || '+08:00';
    const cur = claim.order?.currency;
    const claims = res.claims || [];
    const primary = claims.slice().sort((a, b) => RANK[a.status] - RANK[b.status] || closeMs(a) - closeMs(b))[0];
    const all = !claim.issue?.kind && claims.length > 1;
    const nodes = [];
    let overall = '';
    if (all) {
      const open = claims.filter((c) => c.status === 'open').map((c) => t('kind:' + c.kind, {}, c.kind));
      overall = open.length ? t('res:all_open', { kinds: open.join(', ') }) : t('res:all_none');
      nodes.push(el('p', { class: 'overall' }, overall));
    }
    if (this.#assumed != null) nodes.push(el('p', { class: 'assumed', part: 'assumed' }, t('widget:assumed_payment', { amount: money(this.#assumed, cur) })));
    if (primary) nodes.push(this.#card(primary, tz, cur, claim));
    const rest = claims.filter((c) => c !== primary);
    if (rest.length) {
      nodes.push(el('div', { class: 'others', part: 'others' }, el('h4', {}, t('widget:others')), el('ul', {}, ...rest.map((c) => {
        const amt = c.refund?.max != null && c.status !== 'closed' ? ` · ${t('res:up_to', { amount: money(c.refund.max, c.refund.currency || cur) })}` : '';
        return el('li', { class: `s-${c.status}`, 'data-kind': c.kind, 'data-status': c.status }, el('span', { class: 'icon', 'aria-hidden': 'true' }, ICON[c.status] || '•'), el('span', {}, `${t('kind:' + c.kind, {}, c.kind)}: ${t('short:' + c.status, {}, c.status)}${amt}`));
      }))));
    }
    if (res.warnings?.length) nodes.push(el('div', { class: 'warnings' }, el('h4', {}, t('res:warnings')), el('ul', {}, ...res.warnings.map((w) => el('li', {}, this.#coded('warning', w, tz))))));
    if (res.program?.id) nodes.push(el('p', { class: 'hint' }, t('res:program', { name: t('program:' + res.program.id, {}, res.program.name), from: fmtDate(res.program.effective_from) }), ' ', tx('res:as_of', { date: when(claim.as_of, tz) })));
    out.replaceChildren(...nodes);
    for (const c of claims) for (const p of c.missing || []) this.#mark(p, t('widget:needed'), false);
    this.#live(primary ? this.#liveText(primary, tz, cur, overall) : '');
  }

  #card(c, tz, cur, claim) {
    const a = el('article', { class: `claim s-${c.status}`, part: 'card', 'aria-labelledby': 'card-h', 'data-kind': c.kind, 'data-status': c.status });
    a.append(el('h4', { id: 'card-h' }, t('kind:' + c.kind, {}, c.kind)),
      el('p', {}, el('span', { class: 'verdict', part: 'verdict' }, el('span', { class: 'icon', 'aria-hidden': 'true' }, ICON[c.status] || '•'), ' ', t('status:' + c.status, {}, c.status))));
    const r = c.refund;
    if (r?.max != null) a.append(el('p', { class: 'amount', part: 'amount' }, tx(c.status === 'closed' ? 'res:could_have' : 'res:up_to', { amount: el('strong', {}, money(r.max, r.currency || cur)) }), ' ', el('span', { class: 'form' }, t('refund_form:' + r.form, {}, ''))));
    let deadline = null;
    if (c.status === 'open') {
      if (c.closes_at) {
        deadline = tx('res:claim_by', { date: when(c.closes_at, tz) });
        if (c.days_left != null) a.append(el('p', { class: 'deadline', part: 'deadline' }, deadline), el('p', { class: 'left' }, c.days_left === 0 ? t('res:last_day') : t('res:days_left', { n: c.days_left })));
        else a.append(el('p', { class: 'deadline', part: 'deadline' }, deadline));
      } else a.append(el('p', { class: 'deadline', part: 'deadline' }, t('res:no_deadline')));
    } else if (c.status === 'not_yet_open' && c.opens_at) a.append(el('p', { class: 'deadline', part: 'deadline' }, tx('res:opens', { date: when(c.opens_at, tz) })));
    else if (c.status === 'needs_info' && c.closes_at) a.append(el('p', { class: 'deadline', part: 'deadline' }, tx('res:claim_by_if', { date: when(c.closes_at, tz) })));
    const reasons = (c.reasons || []).filter((x) => !(c.status === 'not_yet_open' && x.code === 'WINDOW_NOT_OPEN' && c.opens_at));
    if (reasons.length) a.append(el('ul', { class: 'reasons' }, ...reasons.map((x) => el('li', {}, this.#coded('reason', x, tz)))));
    if (c.missing?.length) {
      a.append(el('p', { class: 'need' }, t('res:need')), el('ul', { class: 'missing' }, ...c.missing.map((p) => el('li', {}, this.#hasField(p) ? el('button', { type: 'button', class: 'link', 'data-focus': p }, this.#fieldLabel(p, cur)) : this.#fieldLabel(p, cur)))));
    }
    if (r?.basis?.length) {
      a.append(el('details', { class: 'basis', open: this.#open.has(c.kind), 'data-kind': c.kind }, el('summary', {}, t('res:basis')), el('ul', {}, ...r.basis.map((b) => {
        const li = el('li', { class: b.applied ? 'applied' : null }, `${t('cap:' + b.cap, {}, b.cap || b.rule)}: `, el('strong', {}, money(b.amount, r.currency || cur)), b.applied ? ` (${t('res:applied')})` : '');
        const ex = b.params?.excluded || [];
        if (ex.length) li.append(el('ul', {}, ...ex.map(({ code, ...params }) => el('li', {}, this.#coded('reason', { code, params }, tz)))));
        return li;
      }))));
    }
    if (c.status === 'open' && !claim.history?.dispute_opened_on) a.append(el('p', { class: 'hint' }, t('step:contact')));
    return a;
  }

  #fieldLabel(ptr, cur) {
    const m = /^\/payments\/(\d+)/.exec(ptr);
    const base = t('field:' + generic(ptr), { cur: cur || '' }, ptr);
    return m && ptr !== m[0] ? `${t('form:payment_n', { n: Number(m[1]) + 1 })}: ${base}` : base;
  }

  // A reason or warning in plain words, its params formatted for the locale.
  #coded(section, x, tz) {
    return codedText(section, x, tz, (ptr) => this.#fieldLabel(ptr, ''));
  }

  #showErrors(errs, claim) {
    const cur = claim.order?.currency || '';
    this.#parts.out.replaceChildren(el('div', { class: 'errors', role: 'group', 'aria-labelledby': 'err-h' }, el('h4', { id: 'err-h' }, t('res:fix')), el('ul', {}, ...errs.map((e) => {
      const msg = this.#errText(e, cur);
      this.#mark(e.path, msg, true);
      const lab = e.path ? (this.#hasField(e.path) ? el('button', { type: 'button', class: 'link', 'data-focus': e.path }, this.#fieldLabel(e.path, cur)) : this.#fieldLabel(e.path, cur)) : '';
      return el('li', {}, lab, e.path ? ': ' : '', msg);
    }))));
    this.#live(t('res:fix'));
  }
  #errText(e, cur = '') {
    const ex = exponent(cur);
    return t('error:' + e.code, { cur, n: ex ?? 2, example: ex == null ? '' : money(123456 * 10 ** Math.max(0, ex - 2), cur) }, e.message || e.code);
  }
  // Point a JSON Pointer at its field (or the nearest enclosing one).
  #mark(ptr, msg, invalid) {
    const form = this.#parts.form;
    for (let p = ptr || ''; p; p = p.slice(0, p.lastIndexOf('/'))) {
      const note = form.querySelector(`[data-note="${CSS.escape(p)}"]`);
      if (!note) continue;
      if (!note.textContent || invalid) note.textContent = msg;
      if (invalid) form.querySelector(`[data-ptr="${CSS.escape(p)}"]`)?.setAttribute('aria-invalid', 'true');
      note.parentElement.classList.add(invalid ? 'invalid' : 'needed');
      return;
    }
  }
  #live(text) {
    if (this.#parts.live.textContent !== text) this.#parts.live.textContent = text;
  }
  #liveText(c, tz, cur, overall) {
    const parts = [`${t('kind:' + c.kind, {}, c.kind)}: ${t('status:' + c.status, {}, c.status)}`];
    if (c.refund?.max != null) parts.push(t(c.status === 'closed' ? 'res:could_have' : 'res:up_to', { amount: money(c.refund.max, c.refund.currency || cur) }));
    if (c.status === 'open' && c.closes_at) parts.push(`${t('res:claim_by', { date: when(c.closes_at, tz).textContent })}${c.days_left == null ? '' : ', ' + (c.days_left === 0 ? t('res:last_day') : t('res:days_left', { n: c.days_left }))}`);
    return (overall ? overall + ' ' : '') + parts.join(', ') + '.';
  }
}

// Defined once, whatever the page does: a second copy of the script (or a
// host that defined the name first) leaves the first definition in place.
if (!customElements.get(TAG)) customElements.define(TAG, AssuranceCalculator);
