// Every rule of every built-in policy (src/policies/*.json) is exercised by
// at least one golden case: the cases go through the native CLI (`batch`,
// JSON Lines) and every rule id found anywhere in their results counts
// (reasons, refund basis, warnings, timeline sources, trace lines, ...).
//
// Two kinds of rule decide part of every result without the engine writing
// their id into it: a version's period rule (`period_rule`: the version
// chosen by order.created_on; its id appears only in ORDER_BEFORE_PROGRAM,
// and only for the first version) and its refund-form rule
// (`refund_form.rule`: refund.form). They count as exercised when a case's
// result shows them at work: the version chosen by order.created_on (the
// claim names no version), and every form the rule can give (its default
// and each `when_all_paid_by` form) on a claim of a kind without a form of
// its own. The second test (a todo) lists the rules still known only that
// way, so the gap stays visible until the engine names them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { cli as defaultCli, root, loadCases } from './lib.mjs';

const cli = process.env.ASSURECALC_CLI || defaultCli;

function loadPolicies() {
  const dir = path.join(root, 'src/policies');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, policy: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) }));
}

// Cases whose bytes cannot travel as one JSON Lines line (a line break
// inside, or nothing but blanks, which batch skips) are evaluated alone.
function fitsOneLine(bytes) {
  return !bytes.includes(0x0a) && !bytes.includes(0x0d) && bytes.toString('latin1').trim().length > 0;
}

function runAll(cases) {
  const batched = cases.filter((c) => fitsOneLine(c.bytes));
  const alone = cases.filter((c) => !fitsOneLine(c.bytes));
  const input = Buffer.concat(batched.flatMap((c) => [c.bytes, Buffer.from('\n')]));
  const r = spawnSync(cli, ['batch'], { input, maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  const lines = r.stdout.toString('utf8').split('\n').filter((l) => l.length);
  assert.equal(lines.length, batched.length, `batch answered ${lines.length} lines for ${batched.length} cases`);
  const out = batched.map((c, i) => ({ c, result: JSON.parse(lines[i]) }));
  for (const c of alone) {
    const one = spawnSync(cli, ['evaluate', '--compact', '-'], { input: c.bytes, maxBuffer: 1 << 26 });
    if (one.error) throw one.error;
    out.push({ c, result: JSON.parse(one.stdout.toString('utf8')) });
  }
  return out;
}

// Every string in `value` (object keys excluded) is searched for the known
// rule ids, as whole tokens: "ta2017.cover" does not count inside
// "ta2017.coverage_period".
function collectRuleIds(value, pattern, seen) {
  if (typeof value === 'string') {
    for (const m of value.matchAll(pattern)) seen.add(m[0]);
  } else if (Array.isArray(value)) {
    for (const v of value) collectRuleIds(v, pattern, seen);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collectRuleIds(v, pattern, seen);
  }
}

// Rules whose work shows in a result without their id: rule id -> test of
// the (case, result) pairs.
function shownByEffect(policies) {
  const checks = new Map();
  for (const { policy } of policies) {
    if (policy.period_rule) {
      checks.set(policy.period_rule, (runs) =>
        runs.some(({ c, result }) => result.ok && result.program?.id === policy.id && c.input?.program !== policy.id));
    }
    const rf = policy.refund_form;
    if (rf?.rule) {
      const forms = new Set([rf.default, ...Object.values(rf.when_all_paid_by ?? {})]);
      const ownForm = new Set(Object.entries(policy.kinds ?? {}).filter(([, k]) => k.form).map(([name]) => name));
      checks.set(rf.rule, (runs) => {
        const seen = new Set();
        for (const { result } of runs) {
          if (!result.ok || result.program?.id !== policy.id) continue;
          for (const claim of result.claims ?? []) {
            if (claim.refund?.form && !ownForm.has(claim.kind)) seen.add(claim.refund.form);
          }
        }
        return [...forms].every((f) => seen.has(f));
      });
    }
  }
  return checks;
}

const policies = loadPolicies();
const rules = policies.flatMap(({ file, policy }) => policy.rules.map((r) => ({ id: r.id, file })));
const escaped = rules
  .map((r) => r.id)
  .sort((a, b) => b.length - a.length)
  .map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const pattern = new RegExp(`(?<![\\w.])(?:${escaped.join('|')})(?![\\w.])`, 'g');
const runs = runAll(loadCases());
const named = new Set();
for (const { result } of runs) collectRuleIds(result, pattern, named);
const byEffect = shownByEffect(policies);
const label = (r) => `${r.id} (src/policies/${r.file})`;

test('every rule of src/policies is exercised by some golden case', () => {
  assert.ok(rules.length > 0, 'no rules found in src/policies');
  assert.ok(runs.length >= 80, `only ${runs.length} cases ran`);
  const uncovered = rules.filter((r) => !named.has(r.id) && !(byEffect.has(r.id) && byEffect.get(r.id)(runs)));
  assert.deepEqual(uncovered.map(label), [], `rules no golden case exercises:\n  ${uncovered.map(label).join('\n  ')}`);
});

test('every rule is named in some golden case result', { todo: 'the engine does not name period and refund-form rules' }, () => {
  const unnamed = rules.filter((r) => !named.has(r.id));
  assert.deepEqual(unnamed.map(label), [], `rules exercised but never named in a result:\n  ${unnamed.map(label).join('\n  ')}`);
});
