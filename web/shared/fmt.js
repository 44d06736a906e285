// Text catalogue and locale formatting. Every word a buyer reads comes from
// web/i18n/<lang>.json; every number and date goes through Intl here.
export const L = { lang: 'en', locale: 'en', cat: {} };

export async function loadCatalogue(lang) {
  const res = await fetch(new URL(`i18n/${lang}.json`, import.meta.url));
  if (!res.ok) throw new Error(`catalogue ${lang}: HTTP ${res.status}`);
  L.cat = await res.json();
  L.lang = lang;
  // Keep the browser's regional variant (en-GB dates) when it speaks this language.
  L.locale = (navigator.languages || []).find((l) => l.split('-')[0] === lang) || lang;
  cache.clear();
}

// Raw catalogue string for "section:key", plural-aware; null when absent.
export function raw(key, n) {
  const i = key.indexOf(':');
  let s = L.cat[key.slice(0, i)]?.[key.slice(i + 1)];
  if (s && typeof s === 'object') s = s[memo('pr', () => new Intl.PluralRules(L.locale)).select(n)] ?? s.other;
  return typeof s === 'string' ? s : null;
}

// Plain text with {placeholders} filled; falls back to `fb` (or the key).
export function t(key, p = {}, fb) {
  const s = raw(key, p.n);
  if (s == null) return fb ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (p[k] == null ? m : String(p[k])));
}

// Same, but placeholders may be DOM nodes: returns a DocumentFragment.
export function tx(key, p = {}, fb) {
  const s = raw(key, p.n) ?? fb ?? key;
  const frag = document.createDocumentFragment();
  s.split(/\{(\w+)\}/).forEach((part, i) => {
    const v = i % 2 ? p[part] : part;
    if (v == null || v === '') return;
    frag.append(v instanceof Node ? v : String(v));
  });
  return frag;
}

// createElement with attributes and children; text is always textContent.
export function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null && v !== false) e.setAttribute(k, v === true ? '' : v);
  for (const k of kids) if (k != null && k !== '') e.append(k instanceof Node ? k : String(k));
  return e;
}

// Runs fn with another catalogue and locale in force, then puts the
// previous ones back: the widget renders several languages on one page.
export function withCatalogue(c, fn) {
  const saved = { lang: L.lang, locale: L.locale, cat: L.cat };
  Object.assign(L, c);
  try {
    return fn();
  } finally {
    Object.assign(L, saved);
  }
}

// Formatters are kept per locale, so switching (withCatalogue) is cheap.
const cache = new Map();
function memo(k, make) {
  k = `${L.locale}\u0000${k}`;
  if (!cache.has(k)) cache.set(k, make());
  return cache.get(k);
}
const dtf = (o) => memo('d' + JSON.stringify(o), () => new Intl.DateTimeFormat(L.locale, o));

export function exponent(cur) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: cur }).resolvedOptions().maximumFractionDigits;
  } catch {
    return null;
  }
}

// Integer minor units -> exact decimal string ("300000", 2 -> "3000.00").
export function toDecimal(minor, e) {
  const d = String(Math.abs(minor)).padStart(e + 1, '0');
  return (minor < 0 ? '-' : '') + (e ? `${d.slice(0, -e)}.${d.slice(-e)}` : d);
}

export function money(minor, cur) {
  const e = exponent(cur);
  if (e == null) return `${minor} ${cur}`;
  const f = memo('m' + cur, () => new Intl.NumberFormat(L.locale, { style: 'currency', currency: cur, minimumFractionDigits: e }));
  // A bare "$" (en-US) is ambiguous for buyers trading across borders.
  return f.formatToParts(toDecimal(minor, e)).map((p) => (p.type === 'currency' && p.value === '$' ? 'US$' : p.value)).join('');
}

// Amount as the buyer would type it in this locale (grouping, no symbol).
export function plainAmount(dec, e) {
  return memo('p' + e, () => new Intl.NumberFormat(L.locale, { minimumFractionDigits: e, maximumFractionDigits: e })).format(dec);
}

// What the buyer typed -> minor units, or {error}. Accepts "3,000.00",
// "3.000,00", "3000", "US$ 3 000". A lone separator followed by three
// digits is a thousands separator unless the currency has three decimals,
// where the locale decides.
export function parseAmount(s, e) {
  s = s.replace(/[\s\u00a0\u202f']/g, '').replace(/^[^\d.,]+|[^\d.,]+$/g, '');
  if (!/^[\d.,]*\d[\d.,]*$/.test(s)) return { error: 'PAGE_AMOUNT' };
  const dot = s.lastIndexOf('.'), com = s.lastIndexOf(',');
  let dec = null;
  if (dot >= 0 && com >= 0) dec = dot > com ? '.' : ',';
  else if (dot >= 0 || com >= 0) {
    const sep = dot >= 0 ? '.' : ',';
    const after = s.length - s.lastIndexOf(sep) - 1;
    if (s.split(sep).length > 2) dec = null;
    else if (after === 3 && e !== 3) dec = null;
    else if (after === 3) dec = localeDecimal() === sep ? sep : null;
    else dec = sep;
  }
  const cut = dec ? s.lastIndexOf(dec) : s.length;
  const int = s.slice(0, cut).replace(/[.,]/g, ''), frac = s.slice(cut + 1);
  if (/[.,]/.test(frac)) return { error: 'PAGE_AMOUNT' };
  if (frac.length > e) return { error: 'PAGE_DECIMALS' };
  const minor = BigInt(int || '0') * 10n ** BigInt(e) + BigInt(frac.padEnd(e, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { error: 'PAGE_AMOUNT' };
  return { minor: Number(minor) };
}
function localeDecimal() {
  return new Intl.NumberFormat(L.locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value || '.';
}

// Civil date "2025-04-12" (a day, no zone).
export function fmtDate(ymd, short) {
  const o = short ? { day: 'numeric', month: 'short', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' };
  return dtf(o).format(new Date(`${ymd}T00:00:00Z`));
}

// "+08:00" -> an IANA zone Intl knows ("Etc/GMT-8" has the inverted sign).
export function ianaOf(offset) {
  const m = /^([+-])(\d\d):00$/.exec(offset || '');
  if (!m) return 'UTC';
  const h = Number(m[2]);
  return h ? `Etc/GMT${m[1] === '+' ? '-' : '+'}${h}` : 'UTC';
}

// An instant shown in the program's zone and, when different, the buyer's.
export function when(iso, programTz) {
  const d = new Date(iso);
  const z = ianaOf(programTz);
  const o = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
  const there = dtf({ ...o, timeZone: z }).format(d);
  const here = dtf(o).format(d);
  const span = el('span', { class: 'when' }, el('time', { datetime: iso }, there), ' ', t(`zone:${programTz}`, {}, `UTC${programTz}`));
  if (here !== there) span.append(' ', el('span', { class: 'local' }, t('zone:local', { time: dtf({ ...o, timeZoneName: 'short' }).format(d) })));
  return span;
}

export function shortInstant(iso, programTz) {
  return dtf({ day: 'numeric', month: 'short', timeZone: ianaOf(programTz) }).format(new Date(iso));
}

export function regionName(code) {
  try {
    return memo('r', () => new Intl.DisplayNames(L.locale, { type: 'region' })).of(code) || code;
  } catch {
    return code;
  }
}
export function currencyName(code) {
  try {
    return memo('c', () => new Intl.DisplayNames(L.locale, { type: 'currency' })).of(code) || code;
  } catch {
    return code;
  }
}

// A reason or warning of the engine in plain words: its catalogue text
// (section:CODE) with the params formatted for the locale. `fieldLabel`
// names a JSON Pointer in the caller's words. Used by the page and the
// widget alike.
export function codedText(section, x, tz, fieldLabel) {
  const p = {};
  for (const [key, v] of Object.entries(x.params || {})) {
    // Field paths as keys ("supplier.country") are also reachable by their last part.
    const k = key.slice(key.lastIndexOf('.') + 1);
    if (v == null) continue;
    if (k === 'payment' && typeof v === 'number') p[k] = v + 1;
    else if (k === 'method') p[k] = t('method:' + v, {}, v);
    else if (k === 'kind') p[k] = t('kind:' + v, {}, v);
    else if (k === 'country') p[k] = regionName(v);
    else if (k === 'to') p[k] = t('opt:to.' + v, {}, v);
    else if (k === 'path') p[k] = fieldLabel(v);
    // A policy's note is English; a catalogue may translate it (note:<rule id>),
    // else it is marked as English for screen readers.
    else if (k === 'note') p[k] = raw('note:' + x.rule) ?? (L.lang === 'en' ? v : el('span', { lang: 'en' }, v));
    else if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) p[k] = when(v, tz);
    else if (typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v)) p[k] = fmtDate(v);
    else p[k] = typeof v === 'object' ? JSON.stringify(v) : v;
  }
  const key = `${section}:${x.code}`;
  const tpl = raw(key) || '';
  const absent = [...tpl.matchAll(/\{(\w+)\}/g)].some((m) => p[m[1]] == null);
  return tx(absent && raw(key + '.bare') ? key + '.bare' : key, p, x.code);
}
