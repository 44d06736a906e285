// Prints the wasm module's cost per claim in Node over a JSON Lines file
// (string in, string out, as a page or a worker calls it), and init time.
// usage: node tests/tools/bench-wasm.mjs FILE.jsonl
import { readFileSync } from 'node:fs';

const t0 = performance.now();
const { init } = await import('../../wasm/node.js');
const ac = await init();
const t1 = performance.now();
const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
ac.evaluateJSON(lines[0]);
const t2 = performance.now();
console.log(`wasm init ${(t1 - t0).toFixed(1)} ms (import, compile, instantiate), first result ${(t2 - t1).toFixed(2)} ms`);

for (const l of lines) ac.evaluateJSON(l); // warm-up
const rounds = 5;
const times = [];
for (let r = 0; r < rounds; r++) {
  const s = performance.now();
  for (const l of lines) ac.evaluateJSON(l);
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
const per = (times[Math.floor(rounds / 2)] / lines.length) * 1000;
console.log(
  `wasm evaluateJSON: ${per.toFixed(2)} us/claim, ${Math.round(1e6 / per)} claims/s (median of ${rounds} rounds, ${lines.length} claims)`,
);

const objs = lines
  .slice(0, 5000)
  .map((l) => {
    try {
      return JSON.parse(l);
    } catch {
      return null;
    }
  })
  .filter(Boolean);
const s = performance.now();
for (const o of objs) ac.evaluate(o);
console.log(
  `wasm evaluate(object): ${(((performance.now() - s) / objs.length) * 1000).toFixed(2)} us/claim (incl. JSON.stringify and JSON.parse)`,
);
