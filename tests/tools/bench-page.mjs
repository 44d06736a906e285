// Browser figures for scripts/bench.sh, in one headless Chromium run
// against scripts/serve.mjs (brotli as a browser asks for it):
// - the buyer's page: largest contentful paint (the verdict) against a blank
//   page's first paint, side by side in each round (fresh context, cold
//   cache), medians over the rounds; the first-verdict mark the page sets;
// - the page's whole first load: bytes over the wire (bodies, and with headers);
// - the agent view: a CSV of orders from file chosen to table complete,
//   against the CLI's `batch --csv` on the same file; the file chosen 2 s
//   after the view is ready (an agent picking a file: the worker warms the
//   engine meanwhile), and the moment it is ready.
// Prints figures, never fails on one. Lines "@figure NAME VALUE" are read by bench.sh.
// usage: node tests/tools/bench-page.mjs ORDERS.csv [ROUNDS]
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const [csv, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg || 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const figure = (name, value) => console.log(`@figure ${name} ${value}`);

// The server, once it has compressed what it serves.
const server = await new Promise((resolve, reject) => {
  const child = spawn(process.execPath, [`${ROOT}scripts/serve.mjs`, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.on('exit', (c) => reject(new Error(`serve.mjs exited with ${c}`)));
  child.stdout.on('data', (d) => {
    out += d;
    const m = /Serving (http:\/\/127\.0\.0\.1:\d+)\/[\s\S]*serve\.mjs: precompressed/.exec(out);
    if (m) resolve({ child, origin: m[1] });
  });
});
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const fresh = () => browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 900 } });
const lcp = () =>
  new Promise((resolve) => {
    new PerformanceObserver((l) => {
      const e = l.getEntries().at(-1);
      const el = e.element;
      resolve({
        at: e.startTime,
        what: el ? `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + el.className : ''}` : '?',
      });
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });

try {
  const blank = [],
    page = [],
    verdict = [],
    wire = [],
    withHeaders = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so neither always has the warmer machine.
    for (const which of r % 2 ? ['page', 'blank'] : ['blank', 'page']) {
      const ctx = await fresh();
      const p = await ctx.newPage();
      if (which === 'blank') {
        await p.goto(`${server.origin}/tests/tools/bench-blank.html`);
        await p.waitForFunction(() => performance.getEntriesByName('first-paint').length > 0);
        blank.push(await p.evaluate(() => performance.getEntriesByName('first-paint')[0].startTime));
      } else {
        await p.goto(`${server.origin}/web/buyer/#sample=quality&now=2025-04-20T09:30:00Z`);
        await p.waitForSelector('#answer[data-count]', { timeout: 30e3 });
        // Let what the page loads after its answer arrive too.
        await p.waitForLoadState('networkidle');
        const largest = await p.evaluate(lcp);
        page.push(largest.at);
        verdict.push(await p.$eval('#answer', (a) => Number(a.dataset.firstVerdictMs)));
        const loads = await p.evaluate(() =>
          [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => ({
            name: new URL(e.name).pathname,
            body: e.encodedBodySize,
            all: e.transferSize,
            from: e.startTime,
            to: e.responseEnd,
          })),
        );
        wire.push(loads.reduce((n, e) => n + e.body, 0));
        withHeaders.push(loads.reduce((n, e) => n + e.all, 0));
        if (r === 0) {
          console.log(`   buyer's page first load: ${loads.length} requests (bytes over the wire; ms after navigation):`);
          for (const e of loads)
            console.log(`     ${e.name.padEnd(34)} ${String(e.body).padStart(7)}  ${e.from.toFixed(0).padStart(5)}-${e.to.toFixed(0)}`);
          console.log(`   largest contentful paint: ${largest.what}`);
        }
      }
      await ctx.close();
    }
  }
  const ms = (x) => x.toFixed(0);
  console.log(`   blank page first paint, ms:  ${blank.map(ms).join(' ')}  (median ${ms(median(blank))})`);
  console.log(`   buyer's page LCP, ms:         ${page.map(ms).join(' ')}  (median ${ms(median(page))})`);
  console.log(`   buyer's page first verdict (data-first-verdict-ms): median ${ms(median(verdict))} ms`);
  console.log(`   LCP / blank first paint: ${(median(page) / median(blank)).toFixed(2)} (${rounds} rounds, medians)`);
  console.log(`   first load over the wire: ${median(wire)} bytes of bodies, ${median(withHeaders)} with headers`);
  figure('page_lcp_ms', ms(median(page)));
  figure('blank_fp_ms', ms(median(blank)));
  figure('page_lcp_ratio', (median(page) / median(blank)).toFixed(2));
  figure('page_first_load_bytes', median(wire));

  if (csv) {
    const c0 = performance.now();
    spawnSync(`${ROOT}build/assurecalc`, ['batch', '--csv', csv], { stdio: ['ignore', 'ignore', 'ignore'] });
    const cliMs = performance.now() - c0;
    for (const pause of [2000, 0]) {
      const ctx = await fresh();
      const p = await ctx.newPage();
      await p.goto(`${server.origin}/web/agent/`);
      await p.waitForSelector('body[data-ready]', { timeout: 30e3 });
      if (pause) await p.waitForTimeout(pause);
      const t0 = performance.now();
      await p.setInputFiles('#file', csv);
      await p.waitForFunction(() => ['done', 'failed'].includes(document.querySelector('#results').dataset.state), null, {
        timeout: 300e3,
      });
      const wall = performance.now() - t0;
      const state = await p.$eval('#results', (r) => ({ ...r.dataset }));
      await ctx.close();
      const agentMs = Number(state.elapsedMs) || wall;
      console.log(
        `   agent view, file chosen ${pause ? `${pause / 1000} s after` : 'as soon as'} the view is ready: ${state.orders} orders (${state.rows} rows, ${state.state}) in ${ms(agentMs)} ms (${ms(wall)} ms from file chosen, as the test harness sees it); CLI batch --csv on the same file: ${ms(cliMs)} ms; ratio ${(agentMs / cliMs).toFixed(2)}`,
      );
      const tag = pause ? '' : '_at_once';
      figure(`agent_ms${tag}`, ms(agentMs));
      figure(`agent_ratio${tag}`, (agentMs / cliMs).toFixed(2));
    }
    figure('agent_cli_ms', ms(cliMs));
  }
} finally {
  await browser.close();
  server.child.removeAllListeners('exit');
  server.child.kill('SIGTERM');
}
