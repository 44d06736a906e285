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

// A program's zone as Intl takes it: "+08:00" -> "Etc/GMT-8" (the inverted
// sign); an IANA name the engine gives ("America/Los_Angeles") as it is.
export function ianaOf(offset) {
  if (typeof offset === 'string' && offset.includes('/') && knownZone(offset)) return offset;
  const m = /^([+-])(\d\d):00$/.exec(offset || '');
  if (!m) return 'UTC';
  const h = Number(m[2]);
  return h ? `Etc/GMT${m[1] === '+' ? '-' : '+'}${h}` : 'UTC';
}

// ICU lists some zones under their old names; buyers know the new ones.
const RENAMED = {
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Coral_Harbour': 'America/Atikokan',
  'Asia/Dacca': 'Asia/Dhaka',
  'Asia/Thimbu': 'Asia/Thimphu',
  'Asia/Ujung_Pandang': 'Asia/Makassar',
};
let zoneList = null;
// Every IANA time zone the browser knows, by its current name, sorted.
export function timeZones() {
  if (!zoneList) {
    let all;
    try {
      all = Intl.supportedValuesOf('timeZone');
    } catch {
      all = ['UTC'];
    }
    zoneList = [...new Set(all.map((z) => (Object.hasOwn(RENAMED, z) && knownZone(RENAMED[z]) ? RENAMED[z] : z)))].sort();
  }
  return zoneList;
}

// Integer minor units -> exact decimal string (300000, 2 -> "3000.00").
export function toDecimal(minor, e) {
  const d = String(Math.abs(minor)).padStart(e + 1, '0');
  return (minor < 0 ? '-' : '') + (e ? `${d.slice(0, -e)}.${d.slice(-e)}` : d);
}

// An object's own property, else undefined (nothing inherited).
const own = (o, k) => (o != null && typeof o === 'object' && Object.hasOwn(o, k) ? o[k] : undefined);
const isDay = (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v);
// Signs buyers write by hand for a currency, beside the ones Intl knows.
const HANDWRITTEN = { VND: ['đ', 'đồng', 'vnđ'] };
const isInstant = (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v);

// An IANA zone name Intl knows ("Asia/Jakarta"), else null.
export function knownZone(z) {
  if (typeof z !== 'string' || !z) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: z }).resolvedOptions().timeZone ? z : null;
  } catch {
    return null;
  }
}

// `zone`: the reader's IANA time zone (the buyer's, from the claim), else the
// browser's own; `fmt.inZone(zone)` is the same formatter for another reader.
//
// `program`: the program an answer is about (its words: `res:platform.<id>`
// "eBay", `res:seller.<id>` "seller" and `res:Seller.<id>` "Seller",
// `res:protection.<id>` "the eBay Money Back Guarantee"), filling a text's
// {platform}, {seller}, {Seller} and {protection} where the caller gives none; else the engine's default program
// (lexicon.defaultProgram). `fmt.forProgram(id)` is the same formatter for
// another program.
export function makeFormatter(
  lang,
  catalogue,
  vocabulary,
  { locale = localeFor(lang), fallback = null, zone = null, program = null } = {},
) {
  const lex = lexicon(vocabulary);
  const cat = catalogue || {};
  const memo = new Map();
  const once = (k, make) => {
    if (!memo.has(k)) memo.set(k, make());
    return memo.get(k);
  };
  const plural = () => once('plural', () => new Intl.PluralRules(locale));
  const dtf = (o) => once('d' + JSON.stringify(o), () => new Intl.DateTimeFormat(locale, o));
  const reader = knownZone(zone);
  // Options for the reader's own clock: their zone when known, else the browser's.
  const mine = (o) => (reader ? { ...o, timeZone: reader } : o);

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
  // The program's own words for a text's {platform} and {seller}.
  function programWord(k) {
    if (!['platform', 'seller', 'Seller', 'protection'].includes(k)) return null;
    const id = program || lex.defaultProgram;
    return id ? raw(`res:${k}.${id}`) : null;
  }
  const param = (p, k) => own(p, k) ?? programWord(k);
  // Plain text with {placeholders} filled; `fb` (else the key) when absent.
  function t(key, p = {}, fb) {
    const s = raw(key, p.n);
    if (s == null) return fb ?? key;
    return s.replace(/\{(\w+)\}/g, (m, k) => (param(p, k) == null ? m : String(param(p, k))));
  }
  // Same, but placeholders may be DOM nodes: a DocumentFragment.
  function tx(key, p = {}, fb) {
    const s = raw(key, p.n) ?? fb ?? key;
    const frag = document.createDocumentFragment();
    s.split(/\{(\w+)\}/).forEach((part, i) => {
      const v = i % 2 ? param(p, part) : part;
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
  // "3.000,00", "3000", "US$ 3 000", "3.000,00 US$". Never guesses: a minus
  // sign, a symbol or code of another currency ("5200đ" for USD), groups of
  // digits that are not thousands ("5200,555") or more decimals than the
  // currency has are {error}, so the buyer is asked, not silently misread.
  // A lone separator followed by three digits is a thousands separator
  // unless the currency has three decimals, where the locale decides.
  function parseAmount(s, cur) {
    const e = exponent(cur);
    if (e == null) return { error: 'UNKNOWN_CURRENCY' };
    s = String(s).replace(/[\s\u00a0\u202f']/g, '');
    // The currency's own symbol or code may stand before or after the digits.
    const m = /^([^\d.,]*)([\d.,]*)([^\d.,]*)$/.exec(s);
    if (!m || (m[1] && m[3]) || ![m[1], m[3]].every((x) => !x || symbolsOf(cur).has(x.toLowerCase()))) return { error: 'PAGE_AMOUNT' };
    s = m[2];
    if (!/\d/.test(s)) return { error: 'PAGE_AMOUNT' };
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
    const whole = s.slice(0, cut),
      frac = s.slice(cut + 1);
    if (/[.,]/.test(frac)) return { error: 'PAGE_AMOUNT' };
    // Thousands: one kind of separator, 1 to 3 digits first, then groups of 3.
    if (/[.,]/.test(whole)) {
      const sep = whole.includes('.') ? '.' : ',';
      const groups = whole.split(sep);
      if (whole.includes(sep === '.' ? ',' : '.') || !/^\d{1,3}$/.test(groups[0]) || groups.slice(1).some((g) => !/^\d{3}$/.test(g)))
        return { error: 'PAGE_AMOUNT' };
    }
    if (frac.length > e) return { error: 'PAGE_DECIMALS' };
    const int = whole.replace(/[.,]/g, '');
    const minor = BigInt(int || '0') * 10n ** BigInt(e) + BigInt(frac.padEnd(e, '0') || '0');
    if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { error: 'PAGE_AMOUNT' };
    return { minor: Number(minor) };
  }
  // What may stand for a currency next to an amount: its ISO code and the
  // symbols Intl writes for it in this locale and in English ("US$", "$",
  // "₫"), lower-cased; VND also as Vietnamese write it by hand ("đ").
  function symbolsOf(cur) {
    return once('sym' + cur, () => {
      const out = new Set([cur.toLowerCase()]);
      for (const loc of [locale, 'en'])
        for (const currencyDisplay of ['symbol', 'narrowSymbol']) {
          try {
            const p = new Intl.NumberFormat(loc, { style: 'currency', currency: cur, currencyDisplay }).formatToParts(1);
            for (const x of p) if (x.type === 'currency') out.add(x.value.toLowerCase());
          } catch {
            // a code Intl does not know: the code alone
          }
        }
      if (out.has('$')) out.add(cur.slice(0, 2).toLowerCase() + '$');
      for (const a of Object.hasOwn(HANDWRITTEN, cur) ? HANDWRITTEN[cur] : []) out.add(a);
      return out;
    });
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
  // Two civil days as the ends of a range, in this language: the first
  // without its year when both fall in the same one ("1 Mar", "12 Apr 2016").
  function dayRange(from, to) {
    const same = isDay(from) && isDay(to) && from.slice(0, 4) === to.slice(0, 4);
    return { from: date(from, same), to: date(to) };
  }
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
  // A program's zone by name: the catalogue's ("Beijing time", "Pacific
  // time"), else an offset as "UTC+08:00" or an IANA name as written.
  const zoneName = (tz) => t(`zone:${tz}`, {}, /^[+-]/.test(tz) ? `UTC${tz}` : String(tz).replace(/_/g, ' '));
  // An instant in the program's zone and, when it reads differently, the
  // reader's own (the buyer's zone when the claim gives it, named; else the
  // browser's): as text, or as a <span> with a <time>.
  function whenParts(iso, tz, local = true) {
    const d = new Date(iso);
    const there = zoned(iso, ianaOf(tz));
    const here = dtf(mine(INSTANT)).format(d);
    let text = null;
    if (local && here !== there)
      text = reader
        ? t('zone:buyer', { time: here, zone: reader.replace(/_/g, ' ') })
        : t('zone:local', { time: dtf({ ...INSTANT, timeZoneName: 'short' }).format(d) });
    return { there, zone: zoneName(tz), local: text };
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
  // "12 Aug" in the program's zone; with the year when asked ("12 Aug 2025"),
  // as on a timeline that spans more than one year.
  const shortInstant = (iso, tz, { year = false } = {}) =>
    zoned(iso, ianaOf(tz), year ? { day: 'numeric', month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short' });
  // A month and year ("Aug 2025"), for the axis of a long timeline.
  const monthYear = (iso, tz) => zoned(iso, ianaOf(tz), { month: 'short', year: 'numeric' });

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
      // A day is a date, whatever field shares its param's name ("to").
      else if (isDay(v)) p[k] = date(v);
      // A number for a list of payments is their sum ("payments": 156000): money.
      else if (
        f?.type === 'list' &&
        typeof v === 'number' &&
        lex.groups.some((g) => g.pointer === f.pointer && g.fields.some((x) => x.type === 'amount'))
      )
        p[k] = money(v, cur);
      else if (f && typeof v !== 'object') p[k] = valueLabel(f, v, cur);
      else p[k] = typeof v === 'object' ? JSON.stringify(v) : v;
    }
    const key = `${section}:${x.code}`;
    const tpl = raw(key) || '';
    const absent = [...tpl.matchAll(/\{(\w+)\}/g)].some((m) => param(p, m[1]) == null);
    const use = absent && raw(key + '.bare') ? key + '.bare' : key;
    return text ? t(use, p, x.message || x.code) : tx(use, p, x.message || x.code);
  }

  // An error (the engine's or the app's own PAGE_*) in plain words.
  function errorText(e, cur = '') {
    const ex = exponent(cur);
    const example = ex == null ? '' : money(123456 * 10 ** Math.max(0, ex - 2), cur);
    return t('error:' + e.code, { cur, n: ex ?? 2, example }, e.message || e.code);
  }

  const zones = new Map();
  // This formatter for a reader in another zone (null: the browser's).
  function inZone(z) {
    const k = knownZone(z);
    if (k === reader) return self;
    if (!zones.has(k)) zones.set(k, makeFormatter(lang, catalogue, vocabulary, { locale, fallback, zone: k, program }));
    return zones.get(k);
  }
  const programs = new Map();
  // This formatter for an answer about another program (its words).
  function forProgram(id) {
    const k = typeof id === 'string' && id ? id : null;
    if (k === program) return self;
    if (!programs.has(k)) programs.set(k, makeFormatter(lang, catalogue, vocabulary, { locale, fallback, zone: reader, program: k }));
    return programs.get(k);
  }

  const self = Object.freeze({
    lang,
    locale,
    zone: reader,
    program,
    inZone,
    forProgram,
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
    dayRange,
    zoned,
    when,
    whenText,
    zoneName,
    shortInstant,
    monthYear,
    region,
    currencyName,
    fieldLabel,
    valueLabel,
    kind,
    status,
    coded,
    errorText,
  });
  return self;
}
