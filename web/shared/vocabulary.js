// The engine's vocabulary (`ac.vocabulary()`, `assurecalc vocabulary`) as the
// web apps read it: what a claim is (its fields with their pointers, names,
// types, CSV columns and widget attributes; kinds, payment methods,
// recipients, Incoterms, coverage types, tiers, programs; currencies with
// their ISO 4217 exponents; the versions and what each reads and needs).
// Nothing here is declared again: every list comes from the engine. No DOM.

const cache = new WeakMap();

// The vocabulary object with lookups; memoized per object.
export function lexicon(vocab) {
  if (!vocab || typeof vocab !== 'object') throw new TypeError('assurecalc: a vocabulary object is needed (ac.vocabulary())');
  if (cache.has(vocab)) return cache.get(vocab);
  const fields = vocab.fields || [];
  const byPointer = new Map(fields.map((f) => [f.pointer, f]));
  const byName = new Map(fields.map((f) => [f.name, f]));
  const byAttribute = new Map(fields.filter((f) => f.attribute).map((f) => [f.attribute, f]));
  const exponents = new Map((vocab.currencies || []).map((c) => [c.code, c.exponent]));
  // A concrete pointer ("/payments/2/amount", "/issue/missing_units/SKU-1")
  // matches the field whose pointer has "*" in the place of that part.
  const matchers = fields
    .filter((f) => f.pointer.includes('*'))
    .map((f) => [
      new RegExp(
        '^' +
          f.pointer
            .split('*')
            .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('[^/]+') +
          '$',
      ),
      f,
    ]);

  // Repeated groups, as the CSV numbers them ("payment<N>_on"): one group
  // per column prefix, holding the array (or map) items a row gives.
  const groups = [];
  for (const f of fields) {
    const m = /^(\w+?)<N>_/.exec(f.column || '');
    if (!m) continue;
    let g = groups.find((x) => x.prefix === m[1]);
    if (!g) groups.push((g = { prefix: m[1], fields: [], pointer: null, name: null }));
    g.fields.push(f);
  }
  for (const g of groups) {
    // The array the rows are items of: the part before "/*/" of its fields.
    const item = g.fields.find((f) => f.pointer.includes('/*/')) || g.fields[0];
    g.pointer = item.pointer.slice(0, item.pointer.indexOf('/*'));
    g.name = g.pointer.slice(1).split('/').join('.');
    // A map among the row's fields ("/issue/missing_units/*") is keyed by the
    // row's identifier (its SKU), as the CSV's line<N>_missing is.
    g.key = g.fields.find((f) => f.type === 'sku' || f.type === 'id') || null;
  }
  const groupOf = new Map(groups.flatMap((g) => g.fields.map((f) => [f, g])));

  const lex = {
    vocab,
    fields,
    groups,
    // Fields a form shows once: no "*" in the pointer, and not a list or map
    // of other fields ("/payments").
    scalars: fields.filter((f) => !f.pointer.includes('*') && !fields.some((g) => g.pointer.startsWith(f.pointer + '/'))),
    field: (ptr) => byPointer.get(ptr) ?? matchers.find(([re]) => re.test(ptr))?.[1] ?? null,
    byName: (name) => byName.get(name) ?? null,
    byAttribute: (name) => byAttribute.get(name) ?? null,
    attributes: [...byAttribute.keys()],
    groupOf: (f) => groupOf.get(f) ?? null,
    // A pointer's name for the catalogues: the field's name, else the pointer's
    // parts with indexes as "*" ("/payments" -> "payments", "/order/lines/0" -> "order.lines.*").
    nameOf(ptr) {
      const f = lex.field(ptr);
      if (f) return f.name;
      return ptr
        .slice(1)
        .split('/')
        .map((p) => (/^\d+$/.test(p) ? '*' : p))
        .join('.');
    },
    // ISO 4217 exponent of a currency the engine accepts, else null.
    exponent: (code) => (typeof code === 'string' && exponents.has(code) ? exponents.get(code) : null),
    currencies: [...exponents.keys()],
    // The values a field may take (codes for currencies), or null.
    values(f) {
      const list = f?.values ? vocab[f.values] : null;
      if (!Array.isArray(list)) return null;
      return list.map((v) => (v && typeof v === 'object' ? v.code : v));
    },
    version: (id) => (vocab.versions || []).find((v) => v.id === id) || null,
    // The program the engine applies to a claim that names none (the app
    // asks the engine once: defaultProgram()), or null.
    defaultProgram: null,
    // The version a claim falls under: the one it names, else the one whose
    // period holds its order date among the program's (the claim's, else the
    // default one), else the latest. (The engine decides the answer; this
    // only lays out forms.)
    versionFor(createdOn, program) {
      program = program || lex.defaultProgram;
      const all = vocab.versions || [];
      const named = all.find((v) => v.id === program);
      if (named) return named;
      const mine = all.filter((v) => !program || v.program === program);
      const day = typeof createdOn === 'string' && /^\d{4}-\d\d-\d\d$/.test(createdOn) ? createdOn : null;
      return (
        (day && mine.find((v) => v.effective_from <= day && (!v.effective_to || day < v.effective_to))) || mine.at(-1) || all.at(-1) || null
      );
    },
  };
  cache.set(vocab, lex);
  return lex;
}

// Where a form puts a field for a version: 'main' (its section), 'more'
// (details the buyer may add), or null (the version's rules never read it;
// as_of is the app's clock). Main: what the engine requires, what the buyer
// is asking about (the kind), what happened (events), and the contract terms
// this version needs to answer (an exchange rate only when the engine asks).
export function placement(lex, f, version) {
  if (f.type === 'instant') return null;
  const reads = version?.reads || [];
  const needs = version?.needs || [];
  const g = lex.groupOf(f);
  if (g) return needs.includes(g.pointer) ? 'main' : reads.includes(g.pointer) || reads.includes(f.pointer) ? 'more' : null;
  if (f.required) return 'main';
  // A detail no version reads, only shown (the buyer's time zone): 'more'.
  if (!(f.read_by || []).length && f.null_means === 'not_given') return 'more';
  if (!reads.includes(f.pointer)) return null;
  if (f.type === 'kind' || f.null_means === 'not_happened') return 'main';
  if (needs.includes(f.pointer) && f.null_means === 'not_known' && f.type !== 'rate') return 'main';
  return 'more';
}

// The section a field belongs to: the first part of its pointer.
export const segmentOf = (f) => f.pointer.split('/')[1];

// The program the engine applies when a claim names none: asked of the
// engine (an order of today with nothing else), kept on the lexicon for
// versionFor(). `ac` is the loaded package.
export function defaultProgram(lex, ac) {
  if (lex.defaultProgram) return lex.defaultProgram;
  const today = new Date().toISOString();
  const cur = lex.currencies.includes('USD') ? 'USD' : lex.currencies[0];
  const res = ac.evaluate({ as_of: today, order: { created_on: today.slice(0, 10), currency: cur, total: 100 } });
  lex.defaultProgram = res?.program?.program ?? null;
  return lex.defaultProgram;
}

// The programs of programs() (its versions, each with its `program`), in
// its order: [{ id, versions: [...] }].
export function programsOf(versions) {
  const out = new Map();
  for (const v of versions || []) {
    if (!out.has(v.program)) out.set(v.program, { id: v.program, versions: [] });
    out.get(v.program).versions.push(v);
  }
  return [...out.values()];
}
