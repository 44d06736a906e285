// One claim form builder for every app: a labelled control for a field of
// the engine's vocabulary (its type says which control, its list which
// options), the rows of a repeated group (payments, order lines), and the
// only conversion the apps make: what the buyer typed -> claim values
// (amounts in major units -> integer minor units with the engine's exponent).
import { el } from './dom.js';
import { getAt, setAt } from './pointer.js';
import { toDecimal, timeZones } from './format.js';
import { programsOf } from './vocabulary.js';

// The kind of control a field gets (also its CSS class: f-select, f-date...).
export function controlKind(lex, f) {
  if (lex.values(f) || f.type === 'boolean' || f.type === 'country' || f.type === 'time_zone') return 'select';
  if (f.type === 'date') return 'date';
  if (f.type === 'amount') return 'money';
  if (f.type === 'rate' || f.type === 'quantity') return 'number';
  return 'text';
}

// The options of a select: [value, label], the blank one first unless the
// field is required. Countries: every region Intl can name, by name.
export function options(fmt, f) {
  const lex = fmt.lexicon;
  let values = lex.values(f);
  if (f.type === 'boolean') values = ['true', 'false'];
  const opts =
    f.type === 'country'
      ? regions(fmt)
      : f.type === 'time_zone'
        ? timeZones().map((z) => [z, z.replace(/_/g, ' ')])
        : values.map((v) => [v, fmt.valueLabel(f, v)]);
  return f.required ? opts : [['', fmt.valueLabel(f, '')], ...opts];
}
const regionCache = new WeakMap();
function regions(fmt) {
  if (!regionCache.has(fmt)) {
    const list = [];
    let names;
    try {
      names = new Intl.DisplayNames(fmt.locale, { type: 'region', fallback: 'none' });
    } catch {
      names = null;
    }
    for (let a = 65; a <= 90 && names; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        let name;
        try {
          name = names.of(code);
        } catch {
          name = null;
        }
        if (name && name !== code) list.push([code, name]);
      }
    }
    const coll = new Intl.Collator(fmt.locale);
    regionCache.set(
      fmt,
      list.sort((x, y) => coll.compare(x[1], y[1])),
    );
  }
  return regionCache.get(fmt);
}

// A field's box: label, control, hint, and a note the app fills with what is
// needed or wrong. `ptr` is the concrete pointer (a payment's amount is
// "/payments/1/amount"); `part` adds ::part() names (the widget).
export function fieldBox(fmt, f, { id, ptr = f.pointer, value = '', cur = '', part = false, hint = true } = {}) {
  const kind = controlKind(fmt.lexicon, f);
  const p = part ? 'input' : null;
  let c;
  if (kind === 'select') {
    c = el('select', { part: p });
    for (const [v, label] of options(fmt, f)) c.append(el('option', { value: v }, label));
  } else if (kind === 'date') c = el('input', { type: 'date', part: p });
  else
    c = el('input', {
      type: 'text',
      inputmode: kind === 'text' ? null : f.type === 'quantity' ? 'numeric' : 'decimal',
      autocomplete: 'off',
      spellcheck: 'false',
      part: p,
    });
  c.id = id;
  c.dataset.ptr = ptr;
  c.dataset.name = f.name;
  setControl(c, value);
  const hintKey = 'hint:' + f.name;
  const h = hint && fmt.raw(hintKey) != null ? el('p', { class: 'hint', id: id + '-h' }, fmt.t(hintKey)) : null;
  c.setAttribute('aria-describedby', (h ? `${id}-h ` : '') + `${id}-n`);
  const lab = el('label', { for: id, 'data-label': f.name }, fmt.t('field:' + f.name, { cur }, f.name));
  return el(
    'div',
    { class: `f f-${kind}`, part: part ? 'field' : null },
    lab,
    c,
    h,
    el('p', { class: 'note', id: id + '-n', 'data-note': ptr }),
  );
}

// The program field as a chooser built from programs(): each program ("the
// rules for the order date": its id), then each of its versions when it has
// more than one. The program the engine applies when none is named is the
// empty value, so an order that names none stays so.
//   versions   programs() (the engine's versions, each with its `program`)
//   fallback   the default program's id (defaultProgram())
export function programBox(fmt, f, versions, { id, value = '', fallback = null, part = false } = {}) {
  const box = fieldBox(fmt, f, { id, value: '', part });
  const c = box.querySelector('select');
  const opts = [];
  for (const p of programsOf(versions)) {
    const latest = p.versions.at(-1);
    opts.push(el('option', { value: p.id === fallback ? '' : p.id }, fmt.t('programs:' + p.id, {}, latest?.name || p.id)));
    if (p.versions.length > 1)
      for (const v of p.versions) opts.push(el('option', { value: v.id }, `– ${fmt.t('programs:' + v.id, {}, v.name || v.id)}`));
  }
  c.replaceChildren(...opts);
  setControl(c, value === fallback ? '' : value);
  return box;
}

// Sets a control's text; a select keeps a value it does not list (shown as it is).
export function setControl(c, v = '') {
  v = v == null ? '' : String(v);
  if (c.tagName === 'SELECT' && ![...c.options].some((o) => o.value === v)) c.append(el('option', { value: v }, v || '—'));
  c.value = v;
}

// Money labels carry the currency ("Order total (USD)").
export function relabel(fmt, root, cur) {
  for (const lab of root.querySelectorAll('label[data-label]'))
    lab.textContent = fmt.t('field:' + lab.dataset.label, { cur: cur || '' }, lab.dataset.label);
}

// ---- typed text <-> claim values ----

// What the buyer typed for a field -> {value}, {error: code}, or {} (empty).
export function toValue(fmt, f, text, cur) {
  const s = text == null ? '' : String(text).trim();
  if (s === '') return {};
  if (f.type === 'amount') {
    if (fmt.exponent(cur) == null) return {}; // no currency the engine knows: it says so itself
    const r = fmt.parseAmount(s, cur);
    return r.error ? { error: r.error } : { value: r.minor };
  }
  if (f.type === 'rate') {
    const n = Number(s.replace(',', '.'));
    return Number.isFinite(n) && n > 0 ? { value: n } : { error: 'PAGE_NUMBER' };
  }
  if (f.type === 'quantity')
    return /^\d+$/.test(s) && Number(s) <= Number.MAX_SAFE_INTEGER ? { value: Number(s) } : { error: 'PAGE_NUMBER' };
  if (f.type === 'boolean') return s === 'true' ? { value: true } : s === 'false' ? { value: false } : { value: s };
  return { value: s };
}

// A claim value -> the text of its control: an amount as an exact decimal in
// major units ("3000.00", shown in the buyer's locale by `shown`), anything
// else as it is.
export function toText(fmt, f, v, cur) {
  if (v == null) return '';
  if (f.type === 'amount' && Number.isSafeInteger(v) && v >= 0 && fmt.exponent(cur) != null) return toDecimal(v, fmt.exponent(cur));
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

// The text to put in a control: an exact decimal ("3000.00") is shown as the
// buyer writes amounts ("3.000,00" in Vietnamese); anything else as it is.
export function shown(fmt, f, text, cur) {
  const e = fmt.exponent(cur);
  if (f.type !== 'amount' || e == null || !/^\d+(\.\d+)?$/.test(text || '')) return text ?? '';
  const [int, frac = ''] = text.split('.');
  if (frac.length > e) return text;
  const minor = BigInt(int) * 10n ** BigInt(e) + BigInt(frac.padEnd(e, '0') || '0');
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? fmt.amountText(Number(minor), cur) : text;
}

// ---- repeated groups (payments, order lines) ----

// A new row: each listed value starts at its list's first (a payment by the
// first method, to the platform), anything else empty.
export function newRow(lex, g) {
  return Object.fromEntries(g.fields.map((f) => [f.name, lex.values(f)?.[0] ?? '']));
}

// The concrete pointer of a row's field: "/payments/*/on" in row 1 is
// "/payments/1/on"; a map item ("/issue/missing_units/*") is keyed by the
// row's identifier (its SKU), or null while that is empty.
export function rowPointer(g, f, i, row) {
  if (f.pointer.startsWith(g.pointer + '/*')) return f.pointer.replace('*', String(i));
  const key = g.key ? String(row?.[g.key.name] ?? '').trim() : '';
  return key ? f.pointer.replace('*', key.replace(/~/g, '~0').replace(/\//g, '~1')) : null;
}

// The rows a claim holds for a group, as texts keyed by field name.
export function rowsOf(fmt, g, claim, cur) {
  const items = getAt(claim, g.pointer);
  if (!Array.isArray(items)) return [];
  return items.map((item, i) => {
    const row = {};
    for (const f of g.fields)
      if (f.pointer.startsWith(g.pointer + '/*')) row[f.name] = toText(fmt, f, getAt(claim, f.pointer.replace('*', i)), cur);
    for (const f of g.fields) {
      if (f.pointer.startsWith(g.pointer + '/*')) continue;
      const ptr = rowPointer(g, f, i, row);
      row[f.name] = ptr ? toText(fmt, f, getAt(claim, ptr), cur) : '';
    }
    return row;
  });
}

// Rows -> the claim: the array items and the map items they key. Empty rows
// at the end (nothing typed but the lists' first values) are left out, so
// every item keeps its row's number. Returns the errors ({code, path}).
export function putRows(fmt, g, claim, rows, cur) {
  const errors = [];
  const items = [];
  let last = rows.length;
  while (last > 0 && isEmptyRow(fmt.lexicon, g, rows[last - 1])) last--;
  rows.slice(0, last).forEach((row, i) => {
    const item = {};
    items.push(item);
    for (const f of g.fields) {
      const ptr = rowPointer(g, f, i, row);
      if (!ptr) continue;
      const r = toValue(fmt, f, row[f.name], cur);
      if (r.error) errors.push({ code: r.error, path: ptr, page: true });
      else if (r.value !== undefined) {
        if (ptr.startsWith(g.pointer + '/')) item[ptr.slice(ptr.lastIndexOf('/') + 1)] = r.value;
        else setAt(claim, ptr, r.value);
      }
    }
  });
  if (items.length) setAt(claim, g.pointer, items);
  return errors;
}
// A row with nothing typed: every field empty or at its list's first value.
export function isEmptyRow(lex, g, row) {
  return g.fields.every((f) => {
    const v = String(row?.[f.name] ?? '').trim();
    return !v || v === lex.values(f)?.[0];
  });
}

// A row's fieldset: legend "Payment 2", a grid of its fields, a remove button.
export function rowBox(fmt, g, i, row, { idOf, cur, part = false, removable = true, hint = false }) {
  const n = i + 1;
  const fs = el(
    'fieldset',
    { class: `row row-${g.prefix}`, 'data-group': g.prefix, 'data-row': i },
    el('legend', {}, fmt.t('form:row.' + g.name, { n }, `${g.name} ${n}`)),
  );
  const grid = el('div', { class: 'grid' });
  for (const f of g.fields) {
    const ptr = f.pointer.startsWith(g.pointer + '/*') ? f.pointer.replace('*', String(i)) : rowPointer(g, f, i, row) || f.pointer;
    const box = fieldBox(fmt, f, { id: idOf(g, f, i), ptr, value: shown(fmt, f, row[f.name], cur), cur, part, hint });
    box.querySelector('[data-ptr]').dataset.row = i;
    grid.append(box);
  }
  fs.append(grid);
  if (removable)
    fs.append(
      el(
        'button',
        { type: 'button', class: 'remove', 'data-remove': i, 'data-group': g.prefix, part: part ? 'button' : null },
        fmt.t('form:remove.' + g.name, { n }, '×'),
      ),
    );
  return fs;
}

// The rows of a group as typed, from its fieldsets.
export function readRows(box, g) {
  return [...box.querySelectorAll(`fieldset[data-group="${g.prefix}"]`)].map((fs) => {
    const row = {};
    for (const c of fs.querySelectorAll('[data-name]')) row[c.dataset.name] = c.value.trim();
    return row;
  });
}
