// Browser tests of the lazy storefront widget: web/widget/loader.js built into
// web/widget/dist/assurecalc-widget-loader.js, which defines
// <assurance-calculator> at once and loads the calculator (a content-hashed
// UI chunk and .wasm next to it) when an element nears the viewport, or at
// once with loading="eager". Run with: node --test tests/browser/
// Needs wasm/dist built, npm ci and /usr/bin/chromium; the bundles are built
// here when missing or older than their sources.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ROOT, launch, newContext } from './lib/harness.mjs';
import { startWidgetServer } from './lib/widget-server.mjs';

const DIST = `${ROOT}web/widget/dist/`;
const LOADER = '/web/widget/dist/assurecalc-widget-loader.js';
const NOW = '2025-04-20T09:30:00Z';
const CSP = "script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
// The storefront's order: the claim-api.md sample's terms as attributes.
const ATTRS = `as-of="${NOW}" currency="USD" supplier-country="CN" ta-limit="500000" created-on="2025-03-02" order-total="300000" assurance-amount="300000" incoterm="CIF" ship-by="2025-03-20" shipped-on="2025-03-27" delivered-on="2025-04-12" kind="quality"`;
const PAY = { payments: [{ on: '2025-03-02', amount: 300000, method: 'tt', to: 'platform' }] };

let ws, browser;
const contexts = [];

function ensureBuilt() {
  const sources = [
    ...['widget', 'shared', 'shared/i18n'].flatMap((d) =>
      readdirSync(`${ROOT}web/${d}`)
        .filter((f) => /\.(js|json)$/.test(f))
        .map((f) => `${ROOT}web/${d}/${f}`),
    ),
    `${ROOT}wasm/dist/assurecalc.js`,
    `${ROOT}wasm/dist/assurecalc.wasm`,
    `${ROOT}wasm/index.js`,
    `${ROOT}wasm/api.js`,
    `${ROOT}scripts/build-widget.mjs`,
  ];
  const built = existsSync(DIST + 'assurecalc-widget-loader.js') ? statSync(DIST + 'assurecalc-widget-loader.js').mtimeMs : 0;
  if (sources.every((f) => statSync(f).mtimeMs <= built)) return;
  const r = spawnSync(process.execPath, [`${ROOT}scripts/build-widget.mjs`], { encoding: 'utf8' });
  assert.equal(r.status, 0, `build-widget failed: ${r.stderr}`);
}
const hashed = () => readdirSync(DIST).filter((f) => /^assurecalc-(widget-ui-([a-z]+-)?)?[A-Z0-9]{8}\.(js|wasm)$/.test(f));
// The calculator's chunk (lazy.js, with the English texts) and those of the other languages.
const UI_CHUNK = /^assurecalc-widget-ui-[A-Z0-9]{8}\.js$/;
const LANG_CHUNK = /^assurecalc-widget-ui-([a-z]+)-[A-Z0-9]{8}\.js$/;

// A host page: its own CSP, a tall page, the loader, and a record of every
// `result` event and of how many WebAssembly modules were compiled.
async function open(path, body, { csp = CSP } = {}) {
  ws.pages.set(path, {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title><script type="module" src="${LOADER}"></script></head><body>${body}</body></html>`,
    headers: { 'Content-Security-Policy': csp },
  });
  const c = await newContext(browser, ws.origin);
  contexts.push(c);
  await c.ctx.addInitScript(() => {
    const seen = { results: [], errors: [], compiled: 0, globals: null };
    Object.defineProperty(window, '__lazy', { value: seen, enumerable: false });
    document.addEventListener('result', (e) => seen.results.push({ id: e.target.id, ok: e.detail?.ok }), true);
    document.addEventListener('error', (e) => e.detail?.message && seen.errors.push({ id: e.target.id, message: e.detail.message }), true);
    for (const name of ['instantiate', 'instantiateStreaming', 'compile', 'compileStreaming']) {
      const f = WebAssembly[name];
      WebAssembly[name] = function (...a) {
        seen.compiled++;
        return f.apply(this, a);
      };
    }
    seen.globals = Object.getOwnPropertyNames(window);
  });
  const page = await c.ctx.newPage();
  const from = ws.log.length;
  await page.goto(ws.origin + path);
  return { page, trouble: c.trouble, requests: () => ws.log.slice(from) };
}
// Lets the page settle: frames for the IntersectionObserver, then a pause.
const settle = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 400)))));
const answered = (page, id) =>
  page
    .waitForFunction((i) => window.__lazy.results.some((r) => r.id === i), id, { timeout: 20e3 })
    .then(() =>
      page.$eval(`#${id}`, (w) => {
        const view = w.shadowRoot.querySelector('assurance-calculator-view');
        const r = view?.shadowRoot;
        return {
          ok: w.result?.ok,
          kind: r?.querySelector('.claim')?.dataset.kind,
          status: r?.querySelector('.claim')?.dataset.status,
          amount: r?.querySelector('.amount strong')?.innerText.trim(),
          lang: r?.querySelector('.root')?.getAttribute('lang'),
        };
      }),
    );
const calculator = (reqs) => reqs.filter((p) => /assurecalc-(widget-ui-([a-z]+-)?)?[A-Z0-9]{8}\.(js|wasm)$/.test(p));
const languageChunks = (reqs) => reqs.filter((p) => LANG_CHUNK.test(p.split('/').pop()));

before(async () => {
  ensureBuilt();
  ws = await startWidgetServer();
  browser = await launch();
});
after(async () => {
  for (const c of contexts) await c.ctx.close().catch(() => {});
  await browser?.close();
  await ws?.stop();
});

describe('the lazy build', () => {
  test('a small loader, a content-hashed UI chunk and .wasm, the one-file build still there', (t) => {
    const loader = readFileSync(DIST + 'assurecalc-widget-loader.js');
    const gz = gzipSync(loader, { level: 9 }).length;
    t.diagnostic(`loader: ${loader.length} bytes, gzip -9 ${gz}`);
    assert.ok(gz <= 2048, `the loader is ${gz} bytes gzip`);
    const text = loader.toString('utf8');
    assert.doesNotMatch(text, /\beval\s*\(|new\s+Function\s*\(/);
    assert.doesNotMatch(text, /AGFzbQ/, 'no engine in the loader');
    assert.doesNotMatch(text, /\bimport\s*["'{*]|\bfrom\s*["']/, 'no static import: nothing else is fetched with it');
    const files = hashed();
    const ui = files.find((f) => UI_CHUNK.test(f));
    const wasm = files.find((f) => f.endsWith('.wasm'));
    const langs = files.filter((f) => LANG_CHUNK.test(f));
    assert.equal(files.length, 3, files.join(' '));
    assert.ok(text.includes(ui), 'the loader names the chunk of this build');
    const uiText = readFileSync(DIST + ui, 'utf8');
    assert.ok(uiText.includes(wasm), 'the chunk names the .wasm of this build');
    // English inside the calculator's chunk; Vietnamese in a chunk of its own, which it names.
    assert.deepEqual(
      langs.map((f) => f.match(LANG_CHUNK)[1]),
      ['vi'],
    );
    assert.ok(uiText.includes(langs[0]), 'the chunk names the Vietnamese chunk of this build');
    assert.ok(uiText.includes('Your order') && !uiText.includes('Đơn hàng của bạn'), 'English inside, Vietnamese apart');
    assert.ok(readFileSync(DIST + langs[0], 'utf8').includes('Đơn hàng của bạn'));
    t.diagnostic(
      `on sight: ${ui} gzip -9 ${gzipSync(readFileSync(DIST + ui), { level: 9 }).length}; ${langs[0]} gzip -9 ${gzipSync(readFileSync(DIST + langs[0]), { level: 9 }).length}`,
    );
    assert.ok(readFileSync(DIST + wasm).equals(readFileSync(`${ROOT}wasm/dist/assurecalc.wasm`)));
    assert.ok(existsSync(DIST + 'assurecalc-widget.js'), 'the one-file build stays');
  });
});

describe('in a storefront page', () => {
  test('off screen only the loader is requested; scrolled near, it loads and answers', async () => {
    const { page, trouble, requests } = await open(
      '/shop-lazy.html',
      `<h1>Product</h1><div id="spacer" style="height:4000px"></div><p id="near">reviews</p><div style="height:400px"></div><assurance-calculator id="w1" ${ATTRS}></assurance-calculator>`,
      { csp: "script-src 'self' 'wasm-unsafe-eval'" }, // the spacer's style attribute
    );
    await page.waitForFunction(() => customElements.get('assurance-calculator'));
    await settle(page);
    assert.deepEqual(requests(), ['/shop-lazy.html', LOADER], 'nothing but the loader');
    assert.deepEqual(
      await page.evaluate(() => {
        const w = document.getElementById('w1');
        return {
          result: w.result,
          order: w.order,
          compiled: window.__lazy.compiled,
          defined: w instanceof customElements.get('assurance-calculator'),
        };
      }),
      { result: null, order: null, compiled: 0, defined: true },
    );
    // `order` set before it loaded is taken over.
    await page.evaluate((o) => (document.getElementById('w1').order = o), PAY);
    // Scroll so the element is still below the viewport, within the margin.
    await page.evaluate(() => document.getElementById('near').scrollIntoView({ block: 'end' }));
    assert.equal(
      await page.evaluate(() => document.getElementById('w1').getBoundingClientRect().top > innerHeight),
      true,
      'not on screen yet',
    );
    const shown = await answered(page, 'w1');
    assert.deepEqual(shown, { ok: true, kind: 'quality', status: 'open', amount: 'US$3,000.00', lang: 'en' });
    assert.equal(calculator(requests()).length, 2, requests().join(' '));
    assert.deepEqual(languageChunks(requests()), [], 'a calculator in English loads no other language');
    const r = await page.evaluate(() => document.getElementById('w1').result.claims[0]);
    assert.equal(r.refund.max, 300000);
    assert.equal(r.days_left, 22);
    // An attribute changed on the element reaches the calculator.
    const before = await page.evaluate(() => window.__lazy.results.length);
    await page.evaluate(() => document.getElementById('w1').setAttribute('claimed', '120000'));
    await page.waitForFunction((n) => window.__lazy.results.length > n, before);
    assert.equal(await page.evaluate(() => document.getElementById('w1').result.claims[0].refund.max), 120000);
    assert.equal(await page.evaluate(() => document.getElementById('w1').formatMoney(120000, 'USD')), 'US$1,200.00');
    // Nothing added to window.
    assert.deepEqual(await page.evaluate(() => Object.getOwnPropertyNames(window).filter((n) => !window.__lazy.globals.includes(n))), []);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(trouble, []);
  });

  test('two elements share one engine: the chunk and the .wasm once, one module compiled', async () => {
    const { page, trouble, requests } = await open(
      '/shop-two.html',
      `<assurance-calculator id="a" ${ATTRS}></assurance-calculator><assurance-calculator id="b" lang="vi" ${ATTRS.replace('300000"', '500000"')}></assurance-calculator>`,
    );
    await page.evaluate((o) => document.querySelectorAll('assurance-calculator').forEach((w) => (w.order = o)), PAY);
    const a = await answered(page, 'a');
    const b = await answered(page, 'b');
    assert.equal(a.ok && b.ok, true);
    assert.equal(a.lang, 'en');
    assert.equal(b.lang, 'vi');
    // The chunk, the .wasm, and the Vietnamese texts for b, each once.
    const got = calculator(requests());
    assert.equal(got.length, 3, got.join(' '));
    assert.equal(new Set(got).size, 3);
    assert.equal(languageChunks(got).length, 1);
    assert.equal(await page.evaluate(() => window.__lazy.compiled), 1, 'one WebAssembly module for both');
    // Each answers for its own order.
    assert.deepEqual(
      await page.evaluate(() => ['a', 'b'].map((i) => document.getElementById(i).result.claims[0].refund.basis.length > 0)),
      [true, true],
    );
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(trouble, []);
  });

  test('loading="eager": loads at once, far below the fold; the others wait', async () => {
    const { page, trouble, requests } = await open(
      '/shop-eager.html',
      `<div style="height:6000px"></div><assurance-calculator id="e" loading="eager" ${ATTRS}></assurance-calculator><div style="height:3000px"></div><assurance-calculator id="l" ${ATTRS}></assurance-calculator>`,
      { csp: "script-src 'self' 'wasm-unsafe-eval'" },
    );
    await page.evaluate((o) => (document.getElementById('e').order = o), PAY);
    assert.equal((await answered(page, 'e')).ok, true);
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    await settle(page);
    assert.deepEqual(
      await page.evaluate(() => window.__lazy.results.map((r) => r.id)).then((ids) => [...new Set(ids)]),
      ['e'],
      'the lazy one is not drawn yet',
    );
    assert.equal(await page.evaluate(() => document.getElementById('l').shadowRoot.childElementCount), 0);
    // A lazy element told `loading="eager"` later loads at once (the chunk is already here).
    await page.evaluate(() => document.getElementById('l').setAttribute('loading', 'eager'));
    assert.equal((await answered(page, 'l')).ok, true);
    assert.equal(calculator(requests()).length, 2);
    assert.deepEqual(trouble, []);
  });

  test('a calculator that cannot load says so inside the element; the page goes on', async () => {
    const ui = hashed().find((f) => UI_CHUNK.test(f));
    // The chunk answers with a module that fails.
    ws.pages.set(`/web/widget/dist/${ui}`, { body: 'throw new Error("broken chunk");', type: 'text/javascript' });
    try {
      const { page } = await open(
        '/shop-broken.html',
        `<p id="host">The shop's own text</p><assurance-calculator id="x" loading="eager" ${ATTRS}></assurance-calculator>`,
      );
      await page.waitForFunction(() => window.__lazy.errors.length > 0, null, { timeout: 20e3 });
      const state = await page.evaluate(() => ({
        errors: window.__lazy.errors,
        alert: document.getElementById('x').shadowRoot.querySelector('[role=alert]')?.textContent,
        host: document.getElementById('host').textContent,
        result: document.getElementById('x').result,
      }));
      assert.equal(state.errors[0].id, 'x');
      assert.match(state.errors[0].message, /broken chunk/);
      assert.match(state.alert, /could not be loaded/);
      assert.equal(state.host, "The shop's own text");
      assert.equal(state.result, null);
    } finally {
      ws.pages.delete(`/web/widget/dist/${ui}`);
    }
  });

  test('a language is loaded when a calculator turns to it; one that cannot load leaves it in English, working', async () => {
    // Each calculator made with its order before it is in the page (an eager
    // one may answer at once: an order set after would be a second answer).
    const add = (pg, html) =>
      pg.evaluate(
        ([h, o]) => {
          const box = document.createElement('div');
          box.innerHTML = h;
          box.firstElementChild.order = o;
          document.body.append(box.firstElementChild);
        },
        [html, PAY],
      );
    const { page, trouble, requests } = await open('/shop-lang.html', '<p>Shop</p>');
    await add(page, `<assurance-calculator id="e" loading="eager" ${ATTRS}></assurance-calculator>`);
    assert.equal((await answered(page, 'e')).lang, 'en');
    assert.deepEqual(languageChunks(requests()), []);
    const n = await page.evaluate(() => window.__lazy.results.length);
    await page.evaluate(() => document.getElementById('e').setAttribute('lang', 'vi'));
    await page.waitForFunction(
      () =>
        document
          .getElementById('e')
          .shadowRoot.querySelector('assurance-calculator-view')
          ?.shadowRoot.querySelector('.root')
          ?.getAttribute('lang') === 'vi',
      null,
      { timeout: 20e3 },
    );
    assert.equal(languageChunks(requests()).length, 1);
    assert.ok((await page.evaluate(() => window.__lazy.results.length)) > n);
    assert.deepEqual(trouble, []);

    const vi = hashed().find((f) => LANG_CHUNK.test(f));
    ws.pages.set(`/web/widget/dist/${vi}`, { body: 'throw new Error("broken texts");', type: 'text/javascript' });
    try {
      const b = await open('/shop-lang-broken.html', '<p>Shop</p>');
      await add(b.page, `<assurance-calculator id="v" lang="vi" loading="eager" ${ATTRS}></assurance-calculator>`);
      const shown = await answered(b.page, 'v');
      assert.deepEqual(shown, { ok: true, kind: 'quality', status: 'open', amount: 'US$3,000.00', lang: 'en' });
      assert.equal(languageChunks(b.requests()).length, 1);
    } finally {
      ws.pages.delete(`/web/widget/dist/${vi}`);
    }
  });

  test('order set while the calculator loads is the order it judges', async () => {
    const { page, trouble } = await open('/shop-late-order.html', `<p>Shop</p>`);
    // The engine's .wasm held back, so the calculator is still loading when the host sets `order`.
    let release;
    const held = new Promise((r) => (release = r));
    let asked;
    const wasmAsked = new Promise((r) => (asked = r));
    await page.route(/assurecalc-[A-Z0-9]{8}\.wasm$/, async (route) => {
      asked();
      await held;
      await route.continue();
    });
    await page.evaluate((attrs) => {
      document.body.insertAdjacentHTML('beforeend', `<assurance-calculator id="late" loading="eager" ${attrs}></assurance-calculator>`);
    }, ATTRS);
    await wasmAsked;
    await page.waitForTimeout(300);
    await page.evaluate((o) => (document.getElementById('late').order = o), { ...PAY, issue: { claimed: 120000 } });
    release();
    assert.equal((await answered(page, 'late')).ok, true);
    assert.equal(await page.evaluate(() => document.getElementById('late').result.claims[0].refund.max), 120000);
    assert.equal(await page.evaluate(() => document.getElementById('late').order.issue.claimed), 120000);
    assert.deepEqual(trouble, []);
  });

  test('order is checked before it loads as after', async () => {
    const { page } = await open(
      '/shop-order.html',
      `<div style="height:5000px"></div><assurance-calculator id="o"></assurance-calculator>`,
      {
        csp: "script-src 'self' 'wasm-unsafe-eval'",
      },
    );
    await page.waitForFunction(() => customElements.get('assurance-calculator'));
    assert.equal(
      await page.evaluate(() => {
        try {
          document.getElementById('o').order = 5;
          return 'accepted';
        } catch (e) {
          return e.name;
        }
      }),
      'TypeError',
    );
    await page.evaluate(() => (document.getElementById('o').order = { issue: { kind: 'damaged' } }));
    assert.deepEqual(await page.evaluate(() => document.getElementById('o').order), { issue: { kind: 'damaged' } });
  });
});
