// Objects in JavaScript: the engine's evaluate(object, {detail: 'summary'})
// (issue 11's measure: objects in, summary objects out; the full result is
// timed too) against a hand-written JavaScript version of the 2017 rules
// (ta2017.mjs) on the same claims, in one process: µs per claim for each,
// and whether statuses, closing dates and refund maxima agree (claims the
// engine judged under the 2017 rules). Prints figures only.
// usage: node tests/tools/bench-objects.mjs FILE.jsonl
import { readFileSync } from 'node:fs';
import { judge2017 } from './ta2017.mjs';

const { init } = await import('../../wasm/node.js');
const ac = await init();
const exponents = new Map(ac.vocabulary().currencies.map((c) => [c.code, c.exponent]));
const claims = readFileSync(process.argv[2], 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => {
    try {
      return JSON.parse(l);
    } catch {
      return null;
    }
  })
  .filter((c) => c && typeof c === 'object' && !Array.isArray(c));

// Agreement on the claims the engine judged under the 2017 rules.
const same = [];
let compared = 0,
  agree = 0;
const differ = new Map();
for (const c of claims) {
  const r = ac.evaluate(c);
  if (!r.ok || r.program?.id !== 'alibaba-ta-2017') continue;
  same.push(c);
  const mine = judge2017(c, exponents);
  for (const [k, e] of r.claims.entries()) {
    const m = mine[k];
    compared++;
    const what = [];
    if (m?.kind !== e.kind || m.status !== e.status) what.push(`status ${e.status}/${m?.status}`);
    if (m && m.closes_at !== e.closes_at) what.push('closes_at');
    if (m && m.max !== e.refund.max) what.push('refund max');
    if (!what.length) agree++;
    else for (const w of what) differ.set(`${e.kind} ${w}`, (differ.get(`${e.kind} ${w}`) || 0) + 1);
  }
}
const time = (f, list) => {
  for (const c of list) f(c); // warm-up
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (const c of list) f(c);
    runs.push(((performance.now() - t) * 1000) / list.length);
  }
  return runs.sort((a, b) => a - b)[2];
};
const js = time((c) => judge2017(c, exponents), same);
const SUMMARY = { detail: 'summary' };
const engine = time((c) => ac.evaluate(c, SUMMARY), same);
const full = time((c) => ac.evaluate(c), same);
console.log(
  `   ${same.length} claims judged under the 2017 rules: ${agree} of ${compared} claim kinds agree (status, closes_at, refund max)${differ.size ? '; differ: ' + [...differ].map(([k, n]) => `${k} x${n}`).join(', ') : ''}`,
);
console.log(`   hand-written JavaScript, objects in and out: ${js.toFixed(2)} us/claim`);
console.log(`   engine evaluate(object, {detail: 'summary'}): ${engine.toFixed(2)} us/claim`);
console.log(`   engine evaluate(object), full result:         ${full.toFixed(2)} us/claim`);
console.log(`@figure objects_js_us ${js.toFixed(2)}`);
console.log(`@figure objects_engine_us ${engine.toFixed(2)}`);
console.log(`@figure objects_full_us ${full.toFixed(2)}`);
console.log(`@figure objects_agree ${agree}/${compared}`);
