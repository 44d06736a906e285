// The widget's model, without DOM: the storefront's attributes and `order`
// property -> a claim object (claim-api.md), JSON Pointer helpers, and the
// catalogue sections the widget reads. No rule lives here: the engine
// decides everything; this only places values at their paths.

// attribute -> [JSON Pointer in the claim, type]. Amounts are integers in
// minor units of the order's currency, exactly as in the claim API.
export const ATTRIBUTES = {
  program: ['/program', 'text'],
  'as-of': ['/as_of', 'text'],
  'buyer-tier': ['/buyer/tier', 'text'],
  'supplier-country': ['/supplier/country', 'text'],
  'ta-limit': ['/supplier/ta_limit_remaining', 'amount'],
  'order-id': ['/order/id', 'text'],
  'created-on': ['/order/created_on', 'text'],
  currency: ['/order/currency', 'text'],
  'order-total': ['/order/total', 'amount'],
  'assurance-amount': ['/order/assurance_amount', 'amount'],
  incoterm: ['/order/incoterm', 'text'],
  'placed-via-assurance': ['/order/placed_via_assurance', 'bool'],
  'coverage-type': ['/order/coverage_type', 'text'],
  'ship-by': ['/order/ship_by', 'text'],
  'ship-by-extended-to': ['/order/ship_by_extended_to', 'text'],
  'guaranteed-delivery-by': ['/order/guaranteed_delivery_by', 'text'],
  'expected-delivery-by': ['/shipment/expected_delivery_by', 'text'],
  'shipped-on': ['/shipment/shipped_on', 'text'],
  'delivered-on': ['/shipment/delivered_on', 'text'],
  'receipt-confirmed-on': ['/shipment/receipt_confirmed_on', 'text'],
  kind: ['/issue/kind', 'text'],
};

// Attribute text -> claim value. What cannot be read is handed to the engine
// as the text it is, so the engine names the field and the problem (a wrong
// value on a storefront shows up as that field's error, never silently).
function attrValue(raw, type) {
  const s = raw.trim();
  if (type === 'amount' && /^\d+$/.test(s) && Number(s) <= Number.MAX_SAFE_INTEGER) return Number(s);
  if (type === 'bool' && /^(true|yes|1)$/i.test(s)) return true;
  if (type === 'bool' && /^(false|no|0)$/i.test(s)) return false;
  return s;
}

// The claim the storefront's attributes describe. An order shown by a
// Trade Assurance calculator is taken as placed with Trade Assurance unless
// the storefront says `placed-via-assurance="false"`.
export function claimFromAttributes(get) {
  const claim = { order: { placed_via_assurance: true } };
  for (const [name, [ptr, type]] of Object.entries(ATTRIBUTES)) {
    const raw = get(name);
    if (raw != null && raw.trim() !== '') setAt(claim, ptr, attrValue(raw, type));
  }
  return claim;
}

// JSON copy: the widget never keeps a reference to an object the host holds.
export function copy(v) {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

const isObj = (v) => v != null && typeof v === 'object' && !Array.isArray(v);

// `over` laid on `base`: objects merge key by key, anything else (arrays,
// null) replaces. Returns a new object.
export function merge(base, over) {
  if (!isObj(base) || !isObj(over)) return copy(over);
  const out = copy(base);
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = isObj(v) && isObj(out[k]) ? merge(out[k], v) : copy(v);
  }
  return out;
}

const parts = (ptr) => ptr.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));

export function getAt(obj, ptr) {
  let o = obj;
  for (const p of parts(ptr)) {
    if (o == null || typeof o !== 'object') return undefined;
    o = o[p];
  }
  return o;
}

// Sets a value, creating objects on the way; undefined deletes the key.
export function setAt(obj, ptr, v) {
  const ps = parts(ptr);
  let o = obj;
  for (const p of ps.slice(0, -1)) {
    if (!isObj(o[p])) o[p] = {};
    o = o[p];
  }
  const last = ps.at(-1);
  if (v === undefined) delete o[last];
  else o[last] = v;
}

// Deep-frozen copy: what the widget hands to the host (event detail,
// `el.result`) cannot be changed under it, and the host's copy cannot be
// changed by the widget either.
export function frozen(v) {
  const c = copy(v);
  const walk = (o) => {
    if (o && typeof o === 'object') {
      Object.freeze(o);
      for (const x of Object.values(o)) walk(x);
    }
  };
  walk(c);
  return c;
}

// Catalogue sections (web/i18n/<lang>.json) the widget reads; the bundle
// keeps only these (scripts/build-widget.mjs).
export const SECTIONS = ['widget', 'form', 'field', 'hint', 'opt', 'method', 'kind', 'status', 'short', 'refund_form', 'res', 'step', 'reason', 'warning', 'error', 'zone', 'cap', 'program', 'note'];

export function pickSections(cat) {
  const out = {};
  for (const s of SECTIONS) if (cat && cat[s] !== undefined) out[s] = cat[s];
  return out;
}
