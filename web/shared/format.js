// Words and numbers in one language, for every app: a formatter made per
// language, holding its own catalogue, locale and Intl objects (no global
// state: the widget shows several languages on one page, the agent view
// quotes in another language than its own).
//
//   const f = makeFormatter('vi', catalogue, ac.vocabulary(), { fallback: english });
//   f.t('res:up_to', { amount: f.money(300000, 'USD') })
//
// Money: a currency's exponent is the engine's (ISO 4217), never Intl's; Intl
// only draws the digits (where its own fraction digits differ, as for IDR,
// HUF or IQD, the engine's count is forced). Every word comes from the
// catalogue (web/shared/i18n/<lang>.json); a key it lacks falls back to the
// `fallback` catalogue, then to the text the caller gives, then to the key.
import { el } from './dom.js';
import { lexicon } from './vocabulary.js';

// The browser's regional variant of a language (en-GB dates) when it speaks it.
export function localeFor(lang) {
  const langs = typeof navigator === 'object' ? navigator.languages || [] : [];
  return langs.find((l) => l.split('-')[0] === lang) || lang;
}

// "+08:00" -> an IANA zone Intl knows ("Etc/GMT-8" has the inverted sign).
export function ianaOf(offset) {
  const m = /^([+-])(\d\d):00$/.exec(offset || '');
  if (!m) return 'UTC';
  const h = Number(m[2]);
  return h ? `Etc/GMT${m[1] === '+' ? '-' : '+'}${h}` : 'UTC';
}

// Integer minor units -> exact decimal string (300000, 2 -> "3000.00").
export function toDecimal(minor, e) {
  const d = String(Math.abs(minor)).padStart(e + 1, '0');
  return (minor < 0 ? '-' : '') + (e ? `${d.slice(0, -e)}.${d.slice(-e)}` : d);
}

// An object's own property, else undefined (nothing inherited).
const own = (o, k) => (o != null && typeof o === 'object' && Object.hasOwn(o, k) ? o[k] : undefined);
const isDay = (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v);
const isInstant = (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v);

export function makeFormatter(lang, catalogue, vocabulary, { locale = localeFor(lang), fallback = null } = {}) {
  const lex = lexicon(vocabulary);
  const cat = catalogue || {};
  const memo = new Map();
  const once = (k, make) => {
    if (!memo.has(k)) memo.set(k, make());
    return memo.get(k);
  };
  const plural = () => once('plural', () => new Intl.PluralRules(locale));
  const dtf = (o) => once('d' + JSON.stringify(o), () => new Intl.DateTimeFormat(locale, o));

  // ---- text ----
  // Raw catalogue string for "section:key" (plural-aware); null when absent.
  // Keys may hold words from outside (an attribute's value, a code): only a
  // catalogue's own entries count, never what an object inherits
  // ("constructor", "__proto__").
  function raw(key, n) {
    const i = key.indexOf(':');
    const sec = key.slice(0, i),
      k = key.slice(i + 1);
    let s = own(own(cat, sec), k);
    if (s == null && fallback) s = own(own(fallback, sec), k);
    if (s && typeof s === 'object') s = own(s, plural().select(n ?? 0)) ?? own(s, 'other');
    return typeof s === 'string' ? s : null;
  }
  // Plain text with {placeholders} filled; `fb` (else the key) when absent.
  function t(key, p = {}, fb) {
    const s = raw(key, p.n);
    if (s == null) return fb ?? key;
    return s.replace(/\{(\w+)\}/g, (m, k) => (own(p, k) == null ? m : String(p[k])));
  }
  // Same, but placeholders may be DOM nodes: a DocumentFragment.
  function tx(key, p = {}, fb) {
    const s = raw(key, p.n) ?? fb ?? key;
    const frag = document.createDocumentFragment();
    s.split(/\{(\w+)\}/).forEach((part, i) => {
      const v = i % 2 ? own(p, part) : part;
      if (v == null || v === '') return;
      frag.append(v instanceof Node ? v : String(v));
    });
    return frag;
  }

  // ---- numbers and money ----
  const num = (n) => once('num', () => new Intl.NumberFormat(locale)).format(n);
  const exponent = (cur) => lex.exponent(cur);
  // Minor units in a currency, with the engine's exponent: 540000000 IDR is
  // "IDR 5,400,000.00" (ISO 4217: 2 decimals), whatever Intl thinks.
  function money(minor, cur) {
    const e = exponent(cur);
    if (e == null || !Number.isSafeInteger(minor)) return `${minor} ${cur ?? ''}`.trim();
    const f = once(
      'm' + cur,
      () => new Intl.NumberFormat(locale, { style: 'currency', currency: cur, minimumFractionDigits: e, maximumFractionDigits: e }),
    );
    // A bare "$" (en-US) is ambiguous for buyers trading across borders.
    return f
      .formatToParts(toDecimal(minor, e))
      .map((p) => (p.type === 'currency' && p.value === '$' ? 'US$' : p.value))
      .join('');
  }
  // Minor units as the buyer would type them (grouping, no symbol).
  function amountText(minor, cur) {
    const e = exponent(cur);
    if (e == null || !Number.isSafeInteger(minor)) return minor == null ? '' : String(minor);
    return once('p' + e, () => new Intl.NumberFormat(locale, { minimumFractionDigits: e, maximumFractionDigits: e })).format(
      toDecimal(minor, e),
    );
  }
  // What the buyer typed -> minor units, or {error}. Accepts "3,000.00",
  // "3.000,00", "3000", "US$ 3 000". A lone separator followed by three
  // digits is a thousands separator unless the currency has three decimals,
  // where the locale decides.
  function parseAmount(s, cur) {
    const e = exponent(cur);
    if (e == null) return { error: 'UNKNOWN_CURRENCY' };
    s = String(s)
      .replace(/[\s\u00a0\u202f']/g, '')
      .replace(/^[^\d.,]+|[^\d.,]+$/g, '');
    if (!/^[\d.,]*\d[\d.,]*$/.test(s)) return { error: 'PAGE_AMOUNT' };
    const dot = s.lastIndexOf('.'),
      com = s.lastIndexOf(',');
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
    const int = s.slice(0, cut).replace(/[.,]/g, ''),
      frac = s.slice(cut + 1);
    if (/[.,]/.test(frac)) return { error: 'PAGE_AMOUNT' };
    if (frac.length > e) return { error: 'PAGE_DECIMALS' };
    const minor = BigInt(int || '0') * 10n ** BigInt(e) + BigInt(frac.padEnd(e, '0') || '0');
    if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { error: 'PAGE_AMOUNT' };
    return { minor: Number(minor) };
  }
  const localeDecimal = () =>
    once('dec', () => new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value || '.');

  // ---- dates ----
  // A civil date "2025-04-12" (a day, no zone).
  function date(ymd, short) {
    if (!isDay(ymd)) return String(ymd);
    const o = short ? { day: 'numeric', month: 'short', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' };
    return dtf(o).format(new Date(`${ymd}T00:00:00Z`));
  }
  const INSTANT = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
  // An instant in an IANA zone (falls back to UTC for a zone Intl lacks).
  function zoned(iso, zone, o = INSTANT) {
    let f;
    try {
      f = dtf({ ...o, timeZone: zone });
    } catch {
      f = dtf({ ...o, timeZone: 'UTC' });
    }
    return f.format(new Date(iso));
  }
  const zoneName = (tz) => t(`zone:${tz}`, {}, `UTC${tz}`);
  // An instant in the program's zone and, when it reads differently, the
  // buyer's own: as text, or as a <span> with a <time>.
  function whenParts(iso, tz, local = true) {
    const d = new Date(iso);
    const there = zoned(iso, ianaOf(tz));
    const here = dtf(INSTANT).format(d);
    return {
      there,
      zone: zoneName(tz),
      local: local && here !== there ? t('zone:local', { time: dtf({ ...INSTANT, timeZoneName: 'short' }).format(d) }) : null,
    };
  }
  function when(iso, tz) {
    const w = whenParts(iso, tz);
    const span = el('span', { class: 'when' }, el('time', { datetime: iso }, w.there), ' ', w.zone);
    if (w.local) span.append(' ', el('span', { class: 'local' }, w.local));
    return span;
  }
  function whenText(iso, tz, { local = true } = {}) {
    const w = whenParts(iso, tz, local);
    return `${w.there} ${w.zone}${w.local ? ' ' + w.local : ''}`;
  }
  const shortInstant = (iso, tz) => zoned(iso, ianaOf(tz), { day: 'numeric', month: 'short' });

  // ---- names ----
  function displayName(type, code) {
    try {
      return once('n' + type, () => new Intl.DisplayNames(locale, { type })).of(code) || code;
    } catch {
      return code;
    }
  }
  const region = (code) => displayName('region', code);
  const currencyName = (code) => displayName('currency', code);

  // A field's label, from the catalogue's `field` section keyed by the field's
  // name; an item of a list is named with its row ("Payment 2: Amount").
  function fieldLabel(ptr, cur = '') {
    const name = lex.nameOf(ptr);
    const base = t('field:' + name, { cur: cur || '' }, ptr).replace(/\s*\(\)\s*$/, '');
    const f = lex.field(ptr);
    const g = f && lex.groupOf(f);
    if (!g) return base;
    const rest = ptr.slice(g.pointer.length + 1).split('/');
    // "/payments/1/amount": row 2 of payments; "/issue/missing_units/SKU-1": that item.
    if (ptr.startsWith(g.pointer + '/') && /^\d+$/.test(rest[0]))
      return `${t('form:row.' + g.name, { n: Number(rest[0]) + 1 }, g.name)}: ${base}`;
    return `${base}: ${decodeURIComponent(ptr.slice(ptr.lastIndexOf('/') + 1))}`;
  }
  // A value of a field in words: its list's catalogue section (kinds,
  // payment_methods, incoterms, ...), a country's or currency's name, a date.
  function valueLabel(f, v, cur) {
    if (v == null || v === '') return t(`blank:${f.name}`, {}, t(`blank:${f.null_means}`, {}, '—'));
    if (f.type === 'boolean') return t('boolean:' + v, {}, String(v));
    if (f.type === 'country' && typeof v === 'string') return region(v.toUpperCase());
    if (f.type === 'currency' && typeof v === 'string') return `${v} · ${currencyName(v)}`;
    if (f.type === 'amount') return money(v, cur);
    if (f.type === 'date') return date(v);
    if (f.type === 'instant' && isInstant(v)) return zoned(v, 'UTC');
    if (f.values && typeof v === 'string') return t(`${f.values}:${v}`, {}, v);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  const kind = (k) => t('kinds:' + k, {}, k);
  const status = (s) => t('statuses:' + s, {}, s);

  // A reason or warning of the engine in plain words: its catalogue text
  // (section:CODE) with the params formatted for the locale. A param named
  // after a field ("supplier.country", "kind", "method") is shown as that
  // field's value; `payment` is counted from 1; `path` is a field's label.
  // As a DocumentFragment, or as text with {text: true} (an instant with the
  // reader's own time too, unless {local: false}).
  function coded(section, x, tz, { cur = '', text = false, local = true } = {}) {
    const p = {};
    for (const [key, v] of Object.entries(x.params || {})) {
      // Placeholders use the last part of a dotted param ("{country}").
      const k = key.slice(key.lastIndexOf('.') + 1);
      if (v == null) continue;
      const f = lex.byName(key) || lex.fields.find((g) => g.name.endsWith('.' + key));
      if (k === 'payment' && typeof v === 'number') p[k] = v + 1;
      else if (k === 'path' && typeof v === 'string') p[k] = fieldLabel(v, cur);
      // A policy's note is English; a catalogue may translate it (note:<rule id>),
      // else it is marked as English for screen readers.
      else if (k === 'note') p[k] = raw('note:' + x.rule) ?? (lang === 'en' || text ? v : el('span', { lang: 'en' }, v));
      else if (isInstant(v)) p[k] = text ? whenText(v, tz, { local }) : when(v, tz);
      else if (f && typeof v !== 'object') p[k] = valueLabel(f, v, cur);
      else if (isDay(v)) p[k] = date(v);
      else p[k] = typeof v === 'object' ? JSON.stringify(v) : v;
    }
    const key = `${section}:${x.code}`;
    const tpl = raw(key) || '';
    const absent = [...tpl.matchAll(/\{(\w+)\}/g)].some((m) => p[m[1]] == null);
    const use = absent && raw(key + '.bare') ? key + '.bare' : key;
    return text ? t(use, p, x.message || x.code) : tx(use, p, x.message || x.code);
  }

  // An error (the engine's or the app's own PAGE_*) in plain words.
  function errorText(e, cur = '') {
    const ex = exponent(cur);
    const example = ex == null ? '' : money(123456 * 10 ** Math.max(0, ex - 2), cur);
    return t('error:' + e.code, { cur, n: ex ?? 2, example }, e.message || e.code);
  }

  return Object.freeze({
    lang,
    locale,
    lexicon: lex,
    raw,
    t,
    tx,
    num,
    exponent,
    money,
    amountText,
    parseAmount,
    date,
    zoned,
    when,
    whenText,
    zoneName,
    shortInstant,
    region,
    currencyName,
    fieldLabel,
    valueLabel,
    kind,
    status,
    coded,
    errorText,
  });
}
