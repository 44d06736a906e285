// The widget's model, without DOM: the storefront's attributes -> a claim
// object (claim-api.md). The attributes are the engine's: every field of the
// vocabulary with an `attribute` name (order-total -> /order/total), read by
// its type. No rule lives here: the engine decides everything; this only
// places values at their paths.
import { setAt } from '../shared/pointer.js';

export { copy, merge, getAt, setAt, frozen } from '../shared/pointer.js';

// What the widget assumes unless the storefront says otherwise: an order
// shown by a Trade Assurance calculator was placed with Trade Assurance.
export const DEFAULTS = Object.freeze({ order: Object.freeze({ placed_via_assurance: true }) });

// Attribute text -> claim value, by the field's type. What cannot be read is
// handed to the engine as the text it is, so the engine names the field and
// the problem (a wrong value on a storefront shows up as that field's error,
// never silently).
export function attrValue(raw, f) {
  const s = raw.trim();
  if ((f.type === 'amount' || f.type === 'quantity') && /^\d+$/.test(s) && Number(s) <= Number.MAX_SAFE_INTEGER) return Number(s);
  if (f.type === 'rate' && /^\d+(\.\d+)?$/.test(s)) return Number(s);
  if (f.type === 'boolean' && /^(true|yes|1)$/i.test(s)) return true;
  if (f.type === 'boolean' && /^(false|no|0)$/i.test(s)) return false;
  return s;
}

// The claim the storefront's attributes describe (`get(name)` reads one).
export function claimFromAttributes(lex, get) {
  const claim = {};
  for (const name of lex.attributes) {
    const raw = get(name);
    const f = lex.byAttribute(name);
    if (raw != null && raw.trim() !== '') setAt(claim, f.pointer, attrValue(raw, f));
  }
  return claim;
}

// Catalogue sections (web/shared/i18n/<lang>.json) the widget never reads;
// the bundle leaves them out (scripts/build-widget.mjs).
export const UNUSED_SECTIONS = ['agent', 'app', 'sample'];

export function pickSections(cat) {
  const out = {};
  for (const [s, v] of Object.entries(cat || {})) if (!UNUSED_SECTIONS.includes(s)) out[s] = v;
  return out;
}

// The languages the widget speaks (web/shared/i18n/<lang>.json).
export const LANGUAGES = Object.freeze(['en', 'vi']);

// The language to show: the first of the candidates (the element's `lang`,
// the page's, the browser's) that is offered, by its primary subtag; else English.
export function languageOf(candidates) {
  for (const c of candidates) {
    const l = (typeof c === 'string' ? c : '').toLowerCase().split('-')[0];
    if (LANGUAGES.includes(l)) return l;
  }
  return 'en';
}
