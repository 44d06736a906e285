// Every rule of every built-in policy (src/policies/*.json) is exercised by
// at least one golden case: the cases go through the native CLI (`batch`,
// JSON Lines) and every rule id found anywhere in their results counts
// (reasons, refund basis, warnings, timeline sources, trace lines, ...).
// The version's period rule is named in `program.rule` and the refund-form
// rule in each claim's `refund.form_rule`, so every rule can be found by id.
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
  const lines = r.stdout
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length);
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
const label = (r) => `${r.id} (src/policies/${r.file})`;

test('every rule of src/policies is exercised by some golden case', () => {
  assert.ok(rules.length > 0, 'no rules found in src/policies');
  assert.ok(runs.length >= 80, `only ${runs.length} cases ran`);
  const uncovered = rules.filter((r) => !named.has(r.id));
  assert.deepEqual(uncovered.map(label), [], `rules no golden case exercises:\n  ${uncovered.map(label).join('\n  ')}`);
});
