// <assurance-calculator>: the Trade Assurance calculator as a drop-in for a
// supplier's storefront (web/EMBEDDING.md). One custom element per order:
// the storefront's attributes (and the `order` property) give what it knows,
// the buyer fills the rest in a compact form, the engine judges. The widget
// holds no rule: verdicts, amounts, deadlines and reasons all come from the
// engine; it only formats them. Its attributes and its form are the engine's
// vocabulary (fields with an `attribute` name; their types and lists), so the
// element is defined once the engine has loaded.
//
// Isolation: everything renders in an open shadow root styled by one shared
// constructed stylesheet; the element adds nothing to window, and no element
// outside its shadow root is touched. Bundled by scripts/build-widget.mjs
// into web/widget/dist/assurecalc-widget.js with the .wasm inlined (no request).
import { init } from '../../wasm/single.js';
import { el } from '../shared/dom.js';
import { makeFormatter, localeFor } from '../shared/format.js';
import { lexicon, placement, segmentOf, defaultProgram } from '../shared/vocabulary.js';
import { fieldBox, relabel, toValue, toText, shown, newRow, rowsOf, putRows, rowBox, readRows } from '../shared/form.js';
import {
  claimCard,
  primaryOf,
  overallText,
  liveText,
  errorsBox,
  programLine,
  iconOf,
  listItems,
  nextSteps,
  capName,
  FIRST_WARNINGS,
  WARNING_FIELDS,
} from '../shared/verdict.js';
import { DEFAULTS, claimFromAttributes, merge, copy, getAt, setAt, frozen, languageOf } from './model.js';
import { catalogue, loadCatalogue } from './catalogues.js';
import { CSS as STYLES } from './css.js';

const TAG = 'assurance-calculator';
// Facts from the storefront, shown in this order of their pointer's first part.
const FACT_ORDER = ['order', 'shipment', 'supplier', 'buyer'];
// The buyer's own events the compact form asks (the rest are for the page).
const EVENTS = 'shipment';
const PAYMENTS = '/payments';
// A repeated group (payments) draws this many editable rows; a host may give
// thousands, which stay in the claim and are judged, and the group says how
// many more there are.
const MAX_ROWS = 20;

// The engine, its vocabulary and one formatter per language, shared by every
// widget on the page.
const shared = { ac: null, vocab: null, lex: null, failure: null, formatters: new Map() };
const NO_VOCABULARY = { fields: [], currencies: [] };
function formatter(lang) {
  const key = `${lang}\u0000${localeFor(lang)}`;
  if (!shared.formatters.has(key))
    shared.formatters.set(key, makeFormatter(lang, catalogue(lang), shared.vocab || NO_VOCABULARY, { fallback: catalogue('en') }));
  return shared.formatters.get(key);
}

// One stylesheet for every widget on the page.
let sheet = null;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
  }
  return sheet;
}

const idOf = (g, f, i) => 'f-' + f.column.replace('<N>', i + 1);

class AssuranceCalculator extends HTMLElement {
  static get observedAttributes() {
    return ['lang', 'before-payment', ...(shared.lex?.attributes || [])];
  }

  #shadow;
  #prop = null; // what `order` was last set to
  #edits = new Map(); // pointer -> what the buyer typed
  #rows = new Map(); // group prefix -> rows as typed, once the buyer touched them
  #claim = null; // the claim last judged
  #assumed = null; // the full payment assumed before the buyer pays, or null
  #result = null; // its result, frozen
  #queued = false;
  #redraw = false;
  #built = false;
  #parts = null;
  #index = null; // pointer -> note and control in the form, per answer drawn
  #open = new Set();
  #loadingLang = null; // a language whose catalogue is being loaded

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
    this.#shadow.adoptedStyleSheets = [styleSheet()];
    this.#shadow.addEventListener('input', (e) => this.#onInput(e));
    this.#shadow.addEventListener('change', (e) => this.#onInput(e));
    this.#shadow.addEventListener('click', (e) => this.#onClick(e));
    this.#shadow.addEventListener('submit', (e) => e.preventDefault());
    // An opened "how we got this amount" stays open as the answer is redrawn.
    this.#shadow.addEventListener(
      'toggle',
      (e) => e.target.dataset?.kind && this.#open[e.target.open ? 'add' : 'delete'](e.target.dataset.kind),
      true,
    );
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
    if (shared.failure) this.#fatal(shared.failure);
    else this.#schedule();
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
    this.#rows.clear();
    this.#claim = null;
    if (this.#built) this.#render();
    this.#schedule();
  }
  /** The full payment assumed before the buyer pays (`before-payment`), in minor units, or null. */
  get assumedPayment() {
    return this.#assumed;
  }
  /** The last result (read-only, frozen), or null before the first. */
  get result() {
    return this.#result;
  }
  /** Minor units of a currency as the widget writes them (its language, the engine's ISO 4217 exponent). */
  formatMoney(minor, currency) {
    return this.#fmt().money(minor, currency);
  }

  // ---- language ----
  // The element's `lang`, else the page's, else the browser's. A language
  // whose catalogue is not loaded yet (the lazy build loads each but English
  // when shown) is asked for, and the calculator is drawn again in it.
  #fmt() {
    const lang = languageOf([this.getAttribute('lang'), this.closest('[lang]')?.getAttribute('lang'), ...(navigator.languages || [])]);
    if (catalogue(lang)) return formatter(lang);
    if (this.#loadingLang !== lang) {
      this.#loadingLang = lang;
      loadCatalogue(lang).then(
        () => {
          if (this.#loadingLang !== lang) return;
          this.#loadingLang = null;
          if (this.#built) this.#render();
          this.#schedule();
        },
        () => {}, // not loaded: the calculator stays in English
      );
    }
    return formatter('en');
  }

  // ---- the claim ----
  // What the storefront gave: its attributes, with `order` laid over them.
  #given() {
    return shared.lex
      ? merge(
          claimFromAttributes(shared.lex, (n) => this.getAttribute(n)),
          this.#prop ?? {},
        )
      : copy(this.#prop ?? {});
  }
  #base() {
    return merge(DEFAULTS, this.#given());
  }
  #currency(base) {
    const f = shared.lex?.fields.find((x) => x.type === 'currency');
    const c = f ? (this.#edits.get(f.pointer) ?? getAt(base, f.pointer)) : '';
    return typeof c === 'string' ? c : '';
  }
  // The version of the rules the order falls under, for the form's layout.
  #version(base) {
    const lex = shared.lex;
    const at = (type, extra) => {
      const f = lex.scalars.find((x) => x.type === type && extra(x));
      return f ? (this.#edits.get(f.pointer) ?? getAt(base, f.pointer)) : undefined;
    };
    return lex.versionFor(
      at('date', (x) => x.required),
      at('text', (x) => x.values === 'programs'),
    );
  }
  #groups(base) {
    const v = this.#version(base);
    return shared.lex.groups.filter((g) => placement(shared.lex, g.fields[0], v) === 'main');
  }
  #rowsOf(g, base, fmt) {
    if (this.#rows.has(g.prefix)) return this.#rows.get(g.prefix);
    const cur = this.#currency(base);
    const rows = rowsOf(fmt, g, base, cur).map((r) => Object.fromEntries(g.fields.map((f) => [f.name, shown(fmt, f, r[f.name], cur)])));
    return rows.length ? rows : [newRow(shared.lex, g)];
  }

  // The claim now: the storefront's, with the buyer's entries laid over it.
  // Amounts typed by the buyer become minor units here (the only conversion).
  #build() {
    const fmt = this.#fmt(),
      lex = shared.lex;
    const base = this.#base();
    const claim = copy(base);
    const errors = [];
    if (!lex) return { claim, errors, assumed: null };
    const cur = this.#currency(base);
    for (const [ptr, text] of this.#edits) {
      const f = lex.field(ptr);
      const r = toValue(fmt, f, text, cur);
      if (r.error) errors.push({ code: r.error, path: ptr, type: f.type });
      setAt(claim, ptr, r.value);
    }
    for (const [prefix, rows] of this.#rows) {
      const g = lex.groups.find((x) => x.prefix === prefix);
      setAt(claim, g.pointer, undefined);
      for (const f of g.fields)
        if (!f.pointer.startsWith(g.pointer + '/')) setAt(claim, f.pointer.slice(0, f.pointer.indexOf('/*')), undefined);
      for (const e of putRows(fmt, g, claim, rows, cur)) errors.push({ ...e, type: lex.field(e.path)?.type });
    }
    if (claim.as_of == null) claim.as_of = new Date().toISOString();
    // On a page shown before the buyer pays (`before-payment`), an order
    // without payments is judged as if paid in full through the platform (the
    // lists' first method and recipient, as a new payment row), so the buyer
    // sees the cover they would get. Said on the card.
    let assumed = null;
    const pays = lex.groups.find((g) => g.pointer === PAYMENTS);
    if (this.hasAttribute('before-payment') && pays && !getAt(claim, PAYMENTS)?.length) {
      const o = claim.order || {};
      const full = Number.isSafeInteger(o.assurance_amount) ? o.assurance_amount : o.total;
      if (Number.isSafeInteger(full) && full > 0) {
        const on = typeof o.created_on === 'string' ? o.created_on : String(claim.as_of).slice(0, 10);
        const row = newRow(lex, pays);
        for (const f of pays.fields) if (f.type === 'date') row[f.name] = on;
        putRows(fmt, pays, claim, [row], cur);
        for (const f of pays.fields) if (f.type === 'amount') setAt(claim, f.pointer.replace('*', '0'), full);
        assumed = full;
      }
    }
    return { claim, errors, assumed };
  }

  #schedule() {
    if (!shared.ac || this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (this.isConnected) this.#evaluate();
    });
  }

  #evaluate() {
    const fmt = this.#fmt();
    const { claim, errors, assumed } = this.#build();
    this.#claim = claim;
    this.#assumed = assumed;
    const cur = this.#currency(claim);
    // What the buyer typed and could not be read is reported like the
    // engine's own errors, on its field.
    const res = errors.length
      ? {
          ok: false,
          errors: errors.map((x) => ({
            code: x.type === 'amount' ? 'INVALID_AMOUNT' : 'INVALID_VALUE',
            path: x.path,
            message: fmt.errorText(x, cur),
          })),
        }
      : shared.ac.evaluate(claim);
    this.#show(fmt, res, errors, claim);
    this.#result = frozen(res);
    this.dispatchEvent(new CustomEvent('result', { detail: this.#result, bubbles: true }));
  }

  // ---- the skeleton and the form ----
  #render() {
    const active = this.#shadow.activeElement?.id;
    const base = shared.lex ? this.#base() : null;
    // In the words of the order's program (its platform, seller and name).
    const fmt = base ? this.#fmt().forProgram(this.#version(base)?.program) : this.#fmt();
    const t = fmt.t;
    const out = el('div', { class: 'out' });
    const live = el('p', { class: 'sr-only', role: 'status' });
    const form = el('form', { part: 'form', novalidate: true });
    const root = el(
      'div',
      { class: 'root', part: 'root', lang: fmt.lang },
      el('header', { part: 'header' }, el('h2', { part: 'title' }, t('widget:title')), el('p', { class: 'sub' }, t('widget:intro'))),
      base ? this.#facts(fmt, base) : null,
      // The answer first (small screens show it above the form); side by side when wide.
      el('div', { class: 'body' }, el('div', { class: 'answer', part: 'answer' }, el('h3', {}, t('widget:answer')), live, out), form),
      el('footer', { part: 'footer' }, el('p', {}, t('widget:privacy')), el('p', {}, t('widget:disclaimer'))),
    );
    this.#parts = { root, form, out, live };
    if (base) this.#fillForm(fmt, form, base);
    if (shared.failure) out.append(el('p', { class: 'fatal', role: 'alert' }, t('widget:load_failed')));
    else out.append(el('p', { class: 'loading' }, t('widget:loading')));
    this.#shadow.replaceChildren(root);
    this.#built = true;
    if (active) this.#shadow.getElementById(active)?.focus();
  }

  // The fields the buyer is asked: the kind; the order's terms the
  // storefront did not give (kept while the buyer fills them); the payments;
  // what happened to the goods.
  #asked(base) {
    const lex = shared.lex,
      v = this.#version(base);
    const kind = [],
      terms = [],
      events = [];
    for (const f of lex.scalars) {
      if (placement(lex, f, v) !== 'main') continue;
      if (f.type === 'kind') kind.push(f);
      else if (f.null_means === 'not_happened') {
        if (segmentOf(f) === EVENTS) events.push(f);
      } else if (getAt(base, f.pointer) == null || this.#edits.has(f.pointer)) terms.push(f);
    }
    return { kind, terms, events };
  }

  #facts(fmt, base) {
    const lex = shared.lex;
    const given = this.#given();
    const asked = this.#asked(base);
    const skip = new Set([...asked.kind, ...asked.terms, ...asked.events]);
    const cur = this.#currency(base);
    const rank = (f) => FACT_ORDER.indexOf(segmentOf(f));
    const items = [];
    // What the storefront said about the order (not which rules or when to judge).
    for (const f of lex.scalars.filter((x) => x.attribute && FACT_ORDER.includes(segmentOf(x))).sort((a, b) => rank(a) - rank(b))) {
      const v = getAt(given, f.pointer);
      if (v == null || v === '' || skip.has(f)) continue;
      const text =
        f.type === 'amount' && !Number.isSafeInteger(v)
          ? `${v} ${cur}`.trim()
          : fmt.valueLabel(f, typeof v === 'string' && (f.type === 'country' || f.type === 'incoterm') ? v.toUpperCase() : v, cur);
      items.push(
        el(
          'div',
          {},
          el('dt', {}, fmt.t('fact:' + f.name, {}, fmt.t('field:' + f.name, { cur: '' }, f.name).replace(/\s*\(\)\s*$/, ''))),
          el('dd', {}, text),
        ),
      );
    }
    if (!items.length) return null;
    return el('div', { class: 'facts', part: 'facts' }, el('h3', {}, fmt.t('widget:facts')), el('dl', {}, ...items));
  }

  #fillForm(fmt, form, base) {
    const cur = this.#currency(base);
    const { kind, terms, events } = this.#asked(base);
    const box = (f) => {
      const text = this.#edits.has(f.pointer)
        ? this.#edits.get(f.pointer)
        : shown(fmt, f, toText(fmt, f, getAt(base, f.pointer), cur), cur);
      const hint = !(f.type === 'amount' && f.pointer.includes('*'));
      return fieldBox(fmt, f, { id: 'f-' + f.column, value: text, cur, part: true, hint });
    };
    const grid = (fields) => el('div', { class: 'grid' }, ...fields.map(box));
    form.append(el('h3', {}, fmt.t('widget:yours')), ...kind.map(box));
    if (terms.length) form.append(el('fieldset', {}, el('legend', {}, fmt.t('form:section.order')), grid(terms)));
    for (const g of this.#groups(base)) {
      const hint = fmt.raw('hint:' + g.name);
      form.append(
        el(
          'fieldset',
          { class: 'group', 'data-group-box': g.prefix, 'aria-describedby': `g-${g.prefix}-h g-${g.prefix}-n` },
          el('legend', {}, fmt.t('form:section.' + g.name, {}, fmt.t('field:' + g.name, {}, g.name))),
          hint ? el('p', { class: 'hint', id: `g-${g.prefix}-h` }, hint) : null,
          el('div', { class: 'rows' }),
          el('p', { class: 'more-rows', hidden: true }),
          el('p', { class: 'note', id: `g-${g.prefix}-n`, 'data-note': g.pointer }),
          el('button', { type: 'button', class: 'add', 'data-group': g.prefix, part: 'button' }, fmt.t('form:add.' + g.name, {}, '+')),
        ),
      );
      this.#fillRows(fmt, g, this.#rowsOf(g, base, fmt), cur, form);
    }
    if (events.length) form.append(el('fieldset', {}, el('legend', {}, fmt.t('form:section.' + EVENTS)), grid(events)));
  }

  // The first MAX_ROWS rows as fields; the rest are said, not drawn (and no
  // row can be added after rows that are not shown).
  #fillRows(fmt, g, rows, cur, root = this.#shadow) {
    const box = root.querySelector(`[data-group-box="${g.prefix}"]`);
    if (!box) return;
    const drawn = rows.slice(0, MAX_ROWS);
    box
      .querySelector('.rows')
      .replaceChildren(...drawn.map((row, i) => rowBox(fmt, g, i, row, { idOf, cur, part: true, removable: rows.length > 1 })));
    const rest = rows.length - drawn.length;
    const p = { n: rest, count: fmt.num(rest), from: fmt.num(drawn.length + 1), to: fmt.num(rows.length) };
    const more = box.querySelector('.more-rows');
    more.textContent = rest ? fmt.t('form:more.' + g.name, p, fmt.t('form:more', p)) : '';
    more.hidden = !rest;
    box.querySelector('button.add').hidden = rest > 0;
  }
  // A group's rows as the buyer sees them: those drawn, as typed, then the rest as they were.
  #readRows(g) {
    const drawn = readRows(this.#shadow, g);
    const before = this.#rowsOf(g, this.#base(), this.#fmt());
    return before.length > drawn.length ? drawn.concat(before.slice(drawn.length)) : drawn;
  }

  // ---- the buyer's input ----
  #onInput(e) {
    const c = e.target;
    if (!c?.dataset?.ptr) return;
    if (c.dataset.row != null) {
      const g = shared.lex.groups.find((x) => x.prefix === c.closest('[data-group]')?.dataset.group);
      if (g) this.#rows.set(g.prefix, this.#readRows(g));
    } else this.#edits.set(c.dataset.ptr, c.value.trim());
    // Amount labels carry the currency ("Amount (USD)").
    if (shared.lex.field(c.dataset.ptr)?.type === 'currency') relabel(this.#fmt(), this.#shadow, c.value);
    this.#schedule();
  }
  #onClick(e) {
    const b = e.target.closest?.('button');
    if (!b) return;
    const g = shared.lex?.groups.find((x) => x.prefix === b.dataset.group);
    if (g) {
      const rows = this.#readRows(g);
      let focus;
      if (b.dataset.remove != null) {
        const i = Number(b.dataset.remove);
        rows.splice(i, 1);
        focus = Math.min(i, rows.length - 1);
      } else {
        rows.push(newRow(shared.lex, g));
        focus = rows.length - 1;
      }
      this.#rows.set(g.prefix, rows);
      const fmt = this.#fmt();
      this.#fillRows(fmt, g, rows, this.#currency(this.#base()));
      this.#shadow.getElementById(idOf(g, g.fields[0], focus))?.focus();
      this.#schedule();
    } else if (b.dataset.focus) this.#focusField(b.dataset.focus);
  }
  #focusField(ptr) {
    for (let p = ptr; p; p = p.slice(0, p.lastIndexOf('/'))) {
      const g = shared.lex.groups.find((x) => x.pointer === p);
      const c =
        this.#shadow.querySelector(`[data-ptr="${CSS.escape(p)}"]`) ||
        (g && (this.#shadow.getElementById(idOf(g, g.fields[0], 0)) || this.#shadow.querySelector(`button.add[data-group="${g.prefix}"]`)));
      if (c) return c.focus();
    }
  }
  #hasField(ptr) {
    const { notes, controls } = this.#index;
    for (let p = typeof ptr === 'string' ? ptr : ''; p; p = p.slice(0, p.lastIndexOf('/')))
      if (controls.has(p) || notes.has(p)) return true;
    return false;
  }
  // Each pointer's note and control in the form, found in one pass when an
  // answer is drawn: marking the fields an answer names is a lookup each.
  #indexForm() {
    const notes = new Map(),
      controls = new Map();
    for (const n of this.#parts.form.querySelectorAll('[data-note]')) if (!notes.has(n.dataset.note)) notes.set(n.dataset.note, n);
    for (const c of this.#parts.form.querySelectorAll('[data-ptr]')) if (!controls.has(c.dataset.ptr)) controls.set(c.dataset.ptr, c);
    this.#index = { notes, controls };
  }

  // ---- the answer ----
  #fatal(e) {
    if (this.#parts) this.#parts.out.replaceChildren(el('p', { class: 'fatal', role: 'alert' }, this.#fmt().t('widget:load_failed')));
    this.dispatchEvent(new CustomEvent('error', { detail: { message: String(e?.message || e) } }));
  }

  #show(fmt, res, pageErrors, claim) {
    const { form, out } = this.#parts;
    // Dates read in the buyer's zone when the order gives one (buyer-time-zone).
    // ... in the words of the program the answer is about.
    fmt = fmt.inZone(claim?.buyer?.time_zone).forProgram(res?.program?.program);
    this.#indexForm();
    for (const n of form.querySelectorAll('.note')) n.textContent = '';
    for (const n of form.querySelectorAll('[aria-invalid]')) n.removeAttribute('aria-invalid');
    for (const n of form.querySelectorAll('.needed, .invalid')) n.classList.remove('needed', 'invalid');
    const cur = this.#currency(claim);
    const label = (p) =>
      this.#hasField(p) ? el('button', { type: 'button', class: 'link', 'data-focus': p }, fmt.fieldLabel(p, cur)) : fmt.fieldLabel(p, cur);
    if (!res?.ok) {
      out.replaceChildren(
        errorsBox(fmt, pageErrors.length ? pageErrors : res?.errors || [], {
          cur,
          level: 'h4',
          role: 'group',
          label: (e) => label(e.path),
          onEach: (e, msg) => this.#mark(e.path, msg, true),
        }),
      );
      this.#live(fmt.t('res:fix'));
      return;
    }
    const tz = res.program?.timezone || '+08:00';
    const claims = res.claims || [];
    const primary = primaryOf(claims);
    const all = !claim.issue?.kind && claims.length > 1;
    const nodes = [];
    const first = (res.warnings || []).filter((w) => FIRST_WARNINGS.has(w.code));
    const later = (res.warnings || []).filter((w) => !FIRST_WARNINGS.has(w.code));
    if (first.length)
      nodes.push(
        el(
          'div',
          { class: 'first-warnings', role: 'group', 'aria-label': fmt.t('res:first') },
          el('h4', {}, '⚠ ', fmt.t('res:first')),
          el('ul', {}, ...first.map((w) => el('li', { 'data-code': w.code }, fmt.coded('warning', w, tz, { cur })))),
        ),
      );
    // Before the buyer has typed anything, on an order with no payment known
    // (nothing can be claimed yet, nothing is too late), the widget leads with what the order is covered for
    // and until when, not with what is missing.
    const paid = getAt(claim, PAYMENTS);
    if (
      this.#edits.size === 0 &&
      this.#rows.size === 0 &&
      !(Array.isArray(paid) && paid.length) &&
      !claims.some((c) => c.status === 'open' || c.status === 'closed')
    ) {
      nodes.push(this.#cover(fmt, claims, tz, cur));
      nodes.push(programLine(fmt, res, claim.as_of, tz, { cls: 'hint' }));
      out.replaceChildren(...nodes.filter(Boolean));
      for (const w of first) for (const p of WARNING_FIELDS.get(w.code) || []) this.#mark(p, fmt.t('res:first_note'), false);
      this.#live(this.#coverText(fmt, claims, tz));
      return;
    }
    const overall = all ? overallText(fmt, claims) : '';
    if (all) nodes.push(el('p', { class: 'overall' }, overall));
    if (this.#assumed != null)
      nodes.push(
        el('p', { class: 'assumed', part: 'assumed' }, fmt.t('widget:assumed_payment', { amount: fmt.money(this.#assumed, cur) })),
      );
    if (primary) {
      const contact =
        primary.status === 'open' && !claim.history?.dispute_opened_on ? el('p', { class: 'hint' }, fmt.t('step:contact')) : null;
      // Too late or not covered: what the buyer can still do.
      const late = ['closed', 'not_covered'].includes(primary.status)
        ? el(
            'div',
            { class: 'steps' },
            el('p', { class: 'need' }, fmt.t('widget:steps')),
            el('ul', {}, ...nextSteps(fmt, primary, claim, tz).map((x) => el('li', {}, x))),
          )
        : null;
      nodes.push(
        claimCard(fmt, primary, {
          tz,
          cur,
          level: 'h4',
          id: 'card-h',
          part: true,
          open: this.#open.has(primary.kind),
          missing: label,
          extra: [contact, late],
        }),
      );
    }
    const rest = claims.filter((c) => c !== primary);
    if (rest.length) {
      nodes.push(
        el(
          'div',
          { class: 'others', part: 'others' },
          el('h4', {}, fmt.t('widget:others')),
          el(
            'ul',
            {},
            ...rest.map((c) => {
              const amt =
                c.refund?.max != null && c.status !== 'closed'
                  ? ` · ${fmt.t('res:up_to', { amount: fmt.money(c.refund.max, c.refund.currency || cur) })}`
                  : '';
              return el(
                'li',
                { class: `s-${c.status}`, 'data-kind': c.kind, 'data-status': c.status },
                el('span', { class: 'icon', 'aria-hidden': 'true' }, iconOf(c.status)),
                el('span', {}, `${fmt.kind(c.kind)}: ${fmt.t('short:' + c.status, {}, c.status)}${amt}`),
              );
            }),
          ),
        ),
      );
    }
    if (later.length)
      nodes.push(
        el(
          'div',
          { class: 'warnings' },
          el('h4', {}, fmt.t('res:warnings')),
          el('ul', {}, ...listItems(fmt, later, (w) => fmt.coded('warning', w, tz, { cur }))),
        ),
      );
    nodes.push(programLine(fmt, res, claim.as_of, tz, { cls: 'hint' }));
    out.replaceChildren(...nodes.filter(Boolean));
    for (const w of first) for (const p of WARNING_FIELDS.get(w.code) || []) this.#mark(p, fmt.t('res:first_note'), false);
    const needed = fmt.t('widget:needed');
    for (const c of claims) for (const p of c.missing || []) this.#mark(p, needed, false);
    this.#live(primary ? (overall ? overall + ' ' : '') + liveText(fmt, primary, tz, cur) : '');
  }

  // What the order is covered for, from the engine's answer: each kind of
  // claim it covers with the dates the engine knows (until, from, or once
  // the goods ship and arrive), the lowest limit known, and what to add.
  #cover(fmt, claims, tz, cur) {
    const covered = claims.filter((c) => c.status !== 'not_covered');
    const line = (c) =>
      c.closes_at
        ? fmt.tx('widget:cover_kind_until', { kind: fmt.kind(c.kind), date: fmt.when(c.closes_at, tz) })
        : c.opens_at
          ? fmt.tx('widget:cover_kind_from', { kind: fmt.kind(c.kind), date: fmt.when(c.opens_at, tz) })
          : fmt.t('widget:cover_kind_later', { kind: fmt.kind(c.kind) });
    let low = null;
    for (const c of covered)
      for (const b of c.refund?.basis || []) if (Number.isSafeInteger(b.amount) && (!low || b.amount < low.b.amount)) low = { b, c };
    const box = el(
      'article',
      { class: 'cover', part: 'card', 'data-cover': 'true', 'aria-labelledby': 'cover-h' },
      el('h4', { id: 'cover-h' }, fmt.t('widget:cover_title')),
      el(
        'ul',
        {},
        ...covered.map((c) =>
          el(
            'li',
            { 'data-kind': c.kind, 'data-status': c.status },
            el('span', { class: 'icon', 'aria-hidden': 'true' }, '✓'),
            el('span', {}, line(c)),
          ),
        ),
      ),
    );
    if (low)
      box.append(
        el(
          'p',
          { class: 'up-to', part: 'amount' },
          fmt.t('widget:cover_up_to', { amount: fmt.money(low.b.amount, low.c.refund.currency || cur), cap: capName(fmt, low.b, null) }),
        ),
      );
    const not = claims.filter((c) => c.status === 'not_covered');
    if (not.length)
      box.append(
        el(
          'p',
          { class: 'hint' },
          `${iconOf('not_covered')} ${not.map((c) => `${fmt.kind(c.kind)}: ${fmt.t('short:not_covered')}`).join(' · ')}`,
        ),
      );
    // The way in: the first payment's fields (the engine needs the payments).
    const pays = claims.some((c) => (c.missing || []).includes(PAYMENTS));
    box.append(
      el('p', { class: 'hint' }, fmt.t('widget:cover_add')),
      pays ? el('p', {}, el('button', { type: 'button', class: 'link', 'data-focus': PAYMENTS }, fmt.t('form:add.payments'))) : null,
    );
    return box;
  }
  #coverText(fmt, claims, tz) {
    const covered = claims.filter((c) => c.status !== 'not_covered');
    const lines = covered.map((c) =>
      c.closes_at
        ? fmt.t('widget:cover_kind_until', { kind: fmt.kind(c.kind), date: fmt.whenText(c.closes_at, tz) })
        : c.opens_at
          ? fmt.t('widget:cover_kind_from', { kind: fmt.kind(c.kind), date: fmt.whenText(c.opens_at, tz) })
          : fmt.t('widget:cover_kind_later', { kind: fmt.kind(c.kind) }),
    );
    return `${fmt.t('widget:cover_title')}: ${lines.join('; ')}.`;
  }

  // Point a JSON Pointer at its field (or the nearest enclosing one).
  #mark(ptr, msg, invalid) {
    const { notes, controls } = this.#index;
    for (let p = typeof ptr === 'string' ? ptr : ''; p; p = p.slice(0, p.lastIndexOf('/'))) {
      const note = notes.get(p);
      if (!note) continue;
      if (!note.textContent || invalid) note.textContent = msg;
      if (invalid) controls.get(p)?.setAttribute('aria-invalid', 'true');
      note.parentElement.classList.add(invalid ? 'invalid' : 'needed');
      return;
    }
  }
  #live(text) {
    if (this.#parts.live.textContent !== text) this.#parts.live.textContent = text;
  }
}

// Defined once the engine has loaded (its vocabulary names the attributes),
// whatever the page does: a second copy of the script (or a host that
// defined the name first) leaves the first definition in place. If the
// engine cannot load, the element is still defined, to say so.
const define = () => customElements.get(TAG) || customElements.define(TAG, AssuranceCalculator);
init().then(
  (ac) => {
    shared.ac = ac;
    shared.vocab = ac.vocabulary();
    shared.lex = lexicon(shared.vocab);
    defaultProgram(shared.lex, ac);
    shared.formatters.clear();
    define();
  },
  (e) => {
    shared.failure = e;
    define();
  },
);
