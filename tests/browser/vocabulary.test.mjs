// What a claim is (fields, kinds, payment methods, currencies, ...) is
// declared once, in the engine; the web apps are built from its vocabulary.
// This test reads the vocabulary (`assurecalc vocabulary`) and the web
// sources, and fails when a hand-written list of kinds, payment methods,
// currencies, Incoterms or claim fields (pointers, names, CSV columns, widget
// attributes) is back in web/, or when a catalogue misses (or keeps a stale)
// word for something the vocabulary declares. Run with:
//   node --test tests/browser/
// Needs build/assurecalc (and wasm/dist) built and npm ci (typescript parses the sources).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import ts from 'typescript';
import { ROOT } from './lib/harness.mjs';
import { init } from '../../wasm/node.js';

const WEB = `${ROOT}web`;
let vocab;
let categories; // name -> Set of words
let ruleIds, notedRules; // every policy rule's id; those with a note

// Every file under web/ with one of these extensions, build output left out.
function files(dir, exts, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (e.name !== 'dist' && e.name !== 'node_modules') files(p, exts, out);
    } else if (exts.some((x) => e.name.endsWith(x))) out.push(p);
  }
  return out;
}
const rel = (p) => p.slice(ROOT.length);

// The strings an array or object literal holds: its own elements and quoted
// keys, and those of the literals directly inside it (so a table of tuples,
// [['created', '/order/created_on', 'date'], ...], counts as one list).
function literalStrings(node) {
  const own = (n) => {
    const out = [];
    const push = (x) => {
      if (x && (ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x))) out.push(x.text);
    };
    if (ts.isArrayLiteralExpression(n)) n.elements.forEach(push);
    else if (ts.isObjectLiteralExpression(n)) {
      for (const p of n.properties) {
        if (p.name && ts.isStringLiteral(p.name)) out.push(p.name.text);
        if (ts.isPropertyAssignment(p)) push(p.initializer);
      }
    }
    return out;
  };
  const children = [];
  if (ts.isArrayLiteralExpression(node)) children.push(...node.elements);
  else for (const p of node.properties) if (ts.isPropertyAssignment(p)) children.push(p.initializer);
  const nested = children.filter((c) => ts.isArrayLiteralExpression(c) || ts.isObjectLiteralExpression(c));
  return new Set([...own(node), ...nested.flatMap(own)]);
}

// [file:line, category, words] for every literal holding 3 or more words of a category.
function handWrittenLists(path) {
  const text = readFileSync(path, 'utf8');
  const src = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found = [];
  const visit = (node) => {
    if (ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node)) {
      const strings = literalStrings(node);
      for (const [name, words] of Object.entries(categories)) {
        const hits = [...strings].filter((s) => words.has(s));
        if (hits.length >= 3) {
          const { line } = src.getLineAndCharacterOfPosition(node.getStart(src));
          found.push(`${rel(path)}:${line + 1}: ${name}: ${hits.join(', ')}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return found;
}

before(() => {
  const cli = `${ROOT}build/assurecalc`;
  assert.ok(existsSync(cli), 'build/assurecalc is missing: run scripts/build.sh first');
  const r = spawnSync(cli, ['vocabulary'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  vocab = JSON.parse(r.stdout);
  const fields = vocab.fields.flatMap((f) => [f.pointer, f.name, f.column, f.attribute]).filter((x) => typeof x === 'string' && x);
  const p = spawnSync(cli, ['programs'], { encoding: 'utf8' });
  assert.equal(p.status, 0, p.stderr);
  ruleIds = JSON.parse(p.stdout).flatMap((v) => v.rules.map((r) => r.id));
  assert.ok(ruleIds.length > 40, 'programs() lists the rules');
  // Rules whose logic carries a note (an ambiguous reading, a warning's note), from the policy files.
  notedRules = [];
  const walk = (x) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    if (typeof x.rule === 'string' && (x.ambiguous || x.note) && !notedRules.includes(x.rule)) notedRules.push(x.rule);
    Object.values(x).forEach(walk);
  };
  for (const f of readdirSync(`${ROOT}src/policies`))
    if (f.endsWith('.json')) walk(JSON.parse(readFileSync(`${ROOT}src/policies/${f}`, 'utf8')));
  assert.ok(notedRules.length >= 5, `noted rules: ${notedRules}`);
  categories = {
    kinds: new Set(vocab.kinds),
    payment_methods: new Set(vocab.payment_methods),
    currencies: new Set(vocab.currencies.map((c) => c.code)),
    incoterms: new Set(vocab.incoterms),
    fields: new Set(fields),
  };
});

describe("the web apps are built from the engine's vocabulary", () => {
  test('the CLI and the wasm package give the same vocabulary', async () => {
    const ac = await init();
    assert.deepEqual(ac.vocabulary(), vocab);
  });

  test('no hand-written list of kinds, payment methods, currencies, Incoterms or claim fields in web/**/*.js', () => {
    const js = files(WEB, ['.js', '.mjs']);
    assert.ok(js.length >= 10, `web sources found: ${js.map(rel)}`);
    const found = js.flatMap(handWrittenLists);
    assert.deepEqual(found, [], `hand-written lists (build them from ac.vocabulary()):\n${found.join('\n')}`);
    // The shapes the old lists had, whatever the literal around them.
    for (const f of js) {
      const text = readFileSync(f, 'utf8');
      assert.doesNotMatch(text, /\[\s*['"]late_shipment['"]\s*,\s*['"]not_received['"]/, rel(f));
      assert.doesNotMatch(text, /\[\s*['"]tt['"]\s*,\s*['"]card['"]/, rel(f));
      assert.doesNotMatch(text, /maximumFractionDigits\s*;?\s*$/m, `${rel(f)}: a currency's exponent read from Intl`);
      assert.doesNotMatch(text, /resolvedOptions\(\)\s*\.\s*maximumFractionDigits/, `${rel(f)}: a currency's exponent read from Intl`);
    }
  });

  test('the detector finds the lists web/ used to have', () => {
    const old = [
      "const KINDS = ['late_shipment', 'not_received', 'quality', 'quantity_short'];",
      "const CURRENCIES = ['USD', 'EUR', 'GBP', 'CNY'];",
      "const GROUPS = [['order', [['created', '/order/created_on', 'date'], ['cur', '/order/currency', 'select'], ['total', '/order/total', 'money']]]];",
      "export const ATTRIBUTES = { program: ['/program', 'text'], 'as-of': ['/as_of', 'text'], 'buyer-tier': ['/buyer/tier', 'text'] };",
      "const PAY = [['on', 'date'], ['amount', 'money'], ['method', 'select', ['tt', 'card', 'paypal']]];",
    ];
    for (const src of old) {
      const f = ts.createSourceFile('x.js', src, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
      let hit = false;
      const visit = (n) => {
        if (
          (ts.isArrayLiteralExpression(n) || ts.isObjectLiteralExpression(n)) &&
          Object.values(categories).some((w) => [...literalStrings(n)].filter((s) => w.has(s)).length >= 3)
        )
          hit = true;
        ts.forEachChild(n, visit);
      };
      visit(f);
      assert.ok(hit, `not found: ${src}`);
    }
  });

  test('no hand-written list of options in web/**/*.html', () => {
    for (const f of files(WEB, ['.html'])) {
      const values = [...readFileSync(f, 'utf8').matchAll(/<option[^>]*\bvalue="([^"]*)"/g)].map((m) => m[1]);
      for (const [name, words] of Object.entries(categories))
        assert.ok(values.filter((v) => words.has(v)).length < 3, `${rel(f)}: options of ${name}`);
    }
  });

  test('every catalogue has words for what the vocabulary declares, and none for what it does not', () => {
    const lists = [
      'kinds',
      'payment_methods',
      'recipients',
      'incoterms',
      'coverage_types',
      'buyer_tiers',
      'programs',
      'statuses',
      'refund_forms',
    ];
    for (const f of files(`${WEB}/shared/i18n`, ['.json'])) {
      const cat = JSON.parse(readFileSync(f, 'utf8'));
      const missing = [],
        stale = [];
      const want = (section, keys) => {
        for (const k of keys) if (typeof cat[section]?.[k] !== 'string') missing.push(`${section}:${k}`);
      };
      for (const l of lists) {
        want(l, vocab[l]);
        for (const k of Object.keys(cat[l] || {})) if (!vocab[l].includes(k)) stale.push(`${l}:${k}`);
      }
      want(
        'field',
        vocab.fields.map((f) => f.name),
      );
      // Labels for a field, or for a part of the claim that holds fields ("order": an error's path may name it).
      for (const k of Object.keys(cat.field || {}))
        if (!vocab.fields.some((f) => f.name === k || f.name.startsWith(k + '.'))) stale.push(`field:${k}`);
      for (const k of Object.keys(cat.hint || {})) if (!vocab.fields.some((f) => f.name === k)) stale.push(`hint:${k}`);
      for (const k of Object.keys(cat.fact || {})) if (!vocab.fields.some((f) => f.name === k)) stale.push(`fact:${k}`);
      for (const s of ['reasons', 'warnings', 'errors'])
        want(
          s.slice(0, -1),
          vocab[s].map((x) => x.code),
        );
      for (const c of vocab.csv.input) if (typeof cat.agent?.['colx.' + c] !== 'string') missing.push(`agent:colx.${c}`);
      for (const k of Object.keys(cat.agent || {}))
        if (k.startsWith('colx.') && !vocab.csv.input.includes(k.slice(5))) stale.push(`agent:${k}`);
      // Every rule's title, by rule id, for every policy (programs() lists them), and a note for every rule with an ambiguous reading.
      for (const id of ruleIds) if (typeof cat.rule?.[id] !== 'string' || !cat.rule[id]) missing.push(`rule:${id}`);
      for (const k of Object.keys(cat.rule || {})) if (!ruleIds.includes(k)) stale.push(`rule:${k}`);
      for (const id of notedRules) if (typeof cat.note?.[id] !== 'string' || !cat.note[id]) missing.push(`note:${id}`);
      // A param the engine names (a field, "kind", "payment"...) needs no word, but its placeholder must exist in the text.
      assert.deepEqual(missing, [], `${rel(f)} lacks`);
      assert.deepEqual(stale, [], `${rel(f)} has words for what the vocabulary does not declare`);
    }
  });
});
