// One order in currencies whose ISO 4217 exponent is not what Intl assumes
// (IDR 2, IQD 3; Intl's defaults differ for some of them), or has no minor
// unit (JPY, VND), or three decimals (BHD), and USD: the refund is the same
// amount, with the same magnitude and decimals, on the buyer's page, in the
// widget (set by attributes, and typed by the buyer), in the agent view's
// table and its quote, and in `assurecalc batch --csv`. Run with:
//   node --test tests/browser/
// Needs wasm/dist and build/assurecalc built, npm ci, /usr/bin/chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startServer, launch, newContext } from './lib/harness.mjs';

const CLI = `${ROOT}build/assurecalc`;
const BUNDLE = `${ROOT}web/widget/dist/assurecalc-widget.js`;
const NOW = '2025-04-20T09:30:00Z';
const CODES = ['IDR', 'IQD', 'JPY', 'VND', 'BHD', 'USD'];
let server, browser, dir, vocab;
const contexts = [];
const orders = []; // { code, e, minor, major, cli }

async function context(opts) {
  const c = await newContext(browser, server.origin, opts);
  contexts.push(c);
  return c;
}
async function clean(page, trouble) {
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'CSP violations');
  assert.deepEqual(trouble, [], 'console errors, failed or off-origin requests');
}

// "IDR 5,400,000.12" (en-US) -> its digits as minor units and its decimals.
function read(text) {
  const s = text.replace(/[^\d.,]/g, '').replace(/^[.,]+|[.,]+$/g, '');
  const dot = s.lastIndexOf('.');
  const frac = dot >= 0 ? s.slice(dot + 1) : '';
  return { minor: BigInt((dot >= 0 ? s.slice(0, dot) : s).replace(/,/g, '') + frac), decimals: frac.length };
}
// Minor units -> major units as typed in a URL ("5400000.12").
const major = (minor, e) => (e ? `${String(minor).slice(0, -e)}.${String(minor).slice(-e)}` : String(minor));
// en-US grouping, as a buyer types it ("5,400,000.12").
const typed = (minor, e) => {
  const [int, frac] = major(minor, e).split('.');
  return int.replace(/\B(?=(\d{3})+$)/g, ',') + (frac ? '.' + frac : '');
};
function assertAmount(text, o, where) {
  assert.ok(text, `${o.code} ${where}: no amount shown`);
  const got = read(text);
  assert.equal(got.decimals, o.e, `${o.code} ${where}: "${text}" has ${got.decimals} decimals, ISO 4217 ${o.e}`);
  assert.equal(got.minor, BigInt(o.cli), `${o.code} ${where}: "${text}" is not ${o.cli} minor units (the CLI's)`);
}

// The order: the claim-api.md example (quality problem, open), in another currency.
const DATES = {
  created_on: '2025-03-02',
  ship_by: '2025-03-20',
  payment1_on: '2025-03-02',
  shipped_on: '2025-03-27',
  expected_delivery_by: '2025-04-15',
  delivered_on: '2025-04-12',
};
function csvOf() {
  const cols = [
    'order_id',
    'as_of',
    'program',
    'created_on',
    'currency',
    'total',
    'assurance_amount',
    'supplier_country',
    'ta_limit_remaining',
    'placed_via_assurance',
    'incoterm',
    'ship_by',
    'payment1_on',
    'payment1_amount',
    'payment1_method',
    'payment1_to',
    'shipped_on',
    'expected_delivery_by',
    'delivered_on',
    'kind',
  ];
  const rows = orders.map((o) => {
    const v = {
      ...DATES,
      order_id: `PO-${o.code}`,
      as_of: NOW,
      program: 'alibaba-ta',
      currency: o.code,
      total: o.minor,
      assurance_amount: o.minor,
      supplier_country: 'CN',
      ta_limit_remaining: o.minor * 10,
      placed_via_assurance: 'true',
      incoterm: 'CIF',
      payment1_amount: o.minor,
      payment1_method: 'tt',
      payment1_to: 'platform',
      kind: 'quality',
    };
    return cols.map((c) => v[c]).join(',');
  });
  return [cols.join(','), ...rows].join('\n') + '\n';
}

before(async () => {
  assert.ok(existsSync(CLI), 'build/assurecalc is missing: run scripts/build.sh first');
  const r = spawnSync(CLI, ['vocabulary'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  vocab = JSON.parse(r.stdout);
  for (const code of CODES) {
    const e = vocab.currencies.find((c) => c.code === code)?.exponent;
    assert.ok(Number.isInteger(e), `${code} in the vocabulary`);
    // 5,400,000 and every decimal place used: 5,400,000.12 IDR, 5,400,000.123 BHD, ¥5,400,000.
    const minor = 5400000 * 10 ** e + (e ? Number('123'.slice(0, e)) : 0);
    orders.push({ code, e, minor, major: major(minor, e) });
  }
  dir = mkdtempSync(join(tmpdir(), 'assurecalc-cur-'));
  const file = join(dir, 'orders.csv');
  writeFileSync(file, csvOf());
  const out = spawnSync(CLI, ['batch', '--csv', file], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  const [head, ...lines] = out.stdout.trim().split('\n');
  const h = head.split(',');
  for (const line of lines) {
    const cells = line.split(',');
    const rec = Object.fromEntries(h.map((k, i) => [k, cells[i]]));
    const o = orders.find((x) => `PO-${x.code}` === rec.order_id);
    assert.equal(rec.status, 'open', `${rec.order_id}: ${line}`);
    assert.equal(rec.currency, o.code);
    o.cli = rec.refund_max;
    o.csv = file;
  }
  for (const o of orders) assert.equal(o.cli, String(o.minor), `${o.code}: the CLI refunds the whole payment`);
  // The widget bundle, rebuilt when older than its sources.
  const srcs = [
    ...['widget', 'shared', 'shared/i18n'].flatMap((d) =>
      readdirSync(`${ROOT}web/${d}`)
        .filter((f) => /\.(js|json)$/.test(f))
        .map((f) => `${ROOT}web/${d}/${f}`),
    ),
    `${ROOT}wasm/dist/assurecalc-single.js`,
    `${ROOT}wasm/single.js`,
    `${ROOT}wasm/api.js`,
    `${ROOT}scripts/build-widget.mjs`,
  ];
  if (!existsSync(BUNDLE) || srcs.some((f) => statSync(f).mtimeMs > statSync(BUNDLE).mtimeMs)) {
    const b = spawnSync(process.execPath, [`${ROOT}scripts/build-widget.mjs`], { encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
  }
  server = await startServer();
  browser = await launch();
});
after(async () => {
  for (const c of contexts) await c.ctx.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('one refund, six currencies, every surface', () => {
  const shown = {}; // code -> the text every surface must show

  test('the test means something: Intl alone would get some of these wrong', async () => {
    const { ctx } = await context();
    const page = await ctx.newPage();
    const intl = await page.evaluate(
      (codes) =>
        Object.fromEntries(
          codes.map((c) => [c, new Intl.NumberFormat('en', { style: 'currency', currency: c }).resolvedOptions().maximumFractionDigits]),
        ),
      CODES,
    );
    const differ = orders.filter((o) => intl[o.code] !== o.e).map((o) => `${o.code} (Intl ${intl[o.code]}, ISO 4217 ${o.e})`);
    console.log(`Intl's default fraction digits differ from ISO 4217 for: ${differ.join(', ') || 'none in this Chromium'}`);
    // The expected text: Intl draws it, with the engine's exponent forced.
    for (const o of orders) {
      shown[o.code] = await page.evaluate(
        ([c, e, m]) =>
          new Intl.NumberFormat('en-US', { style: 'currency', currency: c, minimumFractionDigits: e, maximumFractionDigits: e })
            .format(m)
            .replace(/^\$/, 'US$'),
        [o.code, o.e, o.major],
      );
      assertAmount(shown[o.code], o, 'expected');
    }
    await page.close();
  });

  test("the buyer's page", async () => {
    const { ctx, trouble } = await context();
    const page = await ctx.newPage();
    for (const o of orders) {
      const frag = {
        ...DATES,
        currency: o.code,
        total: o.major,
        assurance_amount: o.major,
        supplier_country: 'CN',
        ta_limit_remaining: major(o.minor * 10, o.e),
        placed_via_assurance: 'true',
        incoterm: 'CIF',
        payment1_amount: o.major,
        payment1_method: 'tt',
        payment1_to: 'platform',
        kind: 'quality',
        now: NOW,
      };
      await page.goto(`${server.origin}/web/buyer/#${new URLSearchParams(frag)}`);
      await page.waitForSelector('.claim.primary .amount strong');
      const text = await page.innerText('.claim.primary .amount strong');
      assertAmount(text, o, 'page');
      assert.equal(text, shown[o.code], `${o.code} page`);
      assert.equal(await page.inputValue('#f-total'), typed(o.minor, o.e), `${o.code}: the total as typed`);
      // The caps in "how we got this amount" too.
      await page.click('.claim.primary .basis summary');
      const cover = await page.$eval('.claim.primary .basis li.applied strong', (s) => s.textContent);
      assert.equal(cover, shown[o.code]);
    }
    await clean(page, trouble);
  });

  test('the widget, by attributes (before-payment: the full payment assumed)', async () => {
    const { ctx, trouble } = await context();
    const page = await ctx.newPage();
    await page.goto(`${server.origin}/web/storefront/`);
    await page.waitForFunction(() => document.querySelector('assurance-calculator')?.result);
    // Six widgets added to the demo page, one per currency, from attributes alone.
    await page.evaluate(
      ([list, dates, now]) => {
        for (const o of list) {
          const w = document.createElement('assurance-calculator');
          const attrs = {
            id: `w-${o.code}`,
            lang: 'en',
            'before-payment': '',
            currency: o.code,
            'order-total': o.minor,
            'assurance-amount': o.minor,
            'ta-limit': o.minor * 10,
            'supplier-country': 'CN',
            incoterm: 'CIF',
            'created-on': dates.created_on,
            'ship-by': dates.ship_by,
            'shipped-on': dates.shipped_on,
            'expected-delivery-by': dates.expected_delivery_by,
            'delivered-on': dates.delivered_on,
            kind: 'quality',
            'as-of': now,
          };
          for (const [k, v] of Object.entries(attrs)) w.setAttribute(k, String(v));
          document.querySelector('main').append(w);
        }
      },
      [orders, DATES, NOW],
    );
    for (const o of orders) {
      await page.waitForFunction((id) => document.getElementById(id)?.result, `w-${o.code}`);
      const got = await page.$eval(`#w-${o.code}`, (w) => ({
        max: w.result.claims[0].refund.max,
        text: w.shadowRoot.querySelector('.amount strong')?.textContent,
        fact: [...w.shadowRoot.querySelectorAll('.facts dd')].map((d) => d.textContent),
      }));
      assert.equal(String(got.max), o.cli, `${o.code}: the widget's result`);
      assertAmount(got.text, o, 'widget (attributes)');
      assert.equal(got.text, shown[o.code]);
      assert.ok(got.fact.includes(shown[o.code]), `${o.code}: the order total among the facts: ${got.fact}`);
    }
    await clean(page, trouble);
  });

  test('the widget, typed by the buyer', async () => {
    const { ctx, trouble } = await context();
    const page = await ctx.newPage();
    await page.goto(`${server.origin}/web/storefront/`);
    await page.waitForFunction(() => document.querySelector('assurance-calculator')?.result);
    await page.evaluate((now) => {
      const w = document.createElement('assurance-calculator');
      w.id = 'typed';
      w.setAttribute('lang', 'en');
      w.setAttribute('as-of', now);
      document.querySelector('main').append(w);
    }, NOW);
    await page.waitForFunction(() => document.getElementById('typed')?.result);
    const w = (sel) => page.locator(`#typed ${sel}`);
    for (const o of orders) {
      await page.$eval('#typed', (el) => (el.order = null));
      await w('#f-currency').selectOption(o.code);
      await w('#f-created_on').fill(DATES.created_on);
      await w('#f-total').fill(typed(o.minor, o.e));
      await w('#f-ship_by').fill(DATES.ship_by);
      await w('#f-expected_delivery_by').fill(DATES.expected_delivery_by);
      await w('#f-incoterm').selectOption('CIF');
      await w('#f-payment1_on').fill(DATES.payment1_on);
      await w('#f-payment1_amount').fill(typed(o.minor, o.e));
      await w('#f-shipped_on').fill(DATES.shipped_on);
      await w('#f-delivered_on').fill(DATES.delivered_on);
      await w('#f-kind').selectOption('quality');
      await page.waitForFunction((cli) => String(document.getElementById('typed').result?.claims?.[0]?.refund?.max) === cli, o.cli);
      const claim = await page.$eval('#typed', (el) => el.order);
      assert.equal(claim.order.total, o.minor, `${o.code}: "${typed(o.minor, o.e)}" typed is ${o.minor} minor units`);
      const text = await page.$eval('#typed', (el) => el.shadowRoot.querySelector('.amount strong').textContent);
      assertAmount(text, o, 'widget (typed)');
      assert.equal(text, shown[o.code]);
    }
    await clean(page, trouble);
  });

  test('the agent view: table, order in full, quote', async () => {
    const { ctx, trouble } = await context();
    const page = await ctx.newPage();
    await page.goto(`${server.origin}/web/agent/`);
    await page.waitForSelector('body[data-ready]');
    await page.fill('#paste', readFileSync(orders[0].csv, 'utf8'));
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#results').dataset.state === 'done');
    const table = await page.$$eval('#rows tr[data-status]', (trs) =>
      trs.map((tr) => ({ id: tr.querySelector('.c-id button').textContent, max: tr.querySelector('.c-max').textContent })),
    );
    for (const o of orders) {
      const row = table.find((r) => r.id === `PO-${o.code}`);
      assertAmount(row.max, o, 'agent table');
      assert.equal(row.max, shown[o.code]);
      await page.click(`#rows button.order:text-is("PO-${o.code}")`);
      await page.waitForSelector('#detail[open] #q-text');
      assertAmount(await page.innerText('#d-body section.claim .amount strong'), o, 'agent detail');
      const quote = await page.inputValue('#q-text');
      const m = /Refund: up to (.+?)(, |\.\n)/.exec(quote);
      assert.ok(m, quote);
      assertAmount(m[1], o, 'agent quote');
      assert.equal(m[1], shown[o.code]);
      await page.keyboard.press('Escape');
      await page.waitForSelector('#detail', { state: 'hidden' });
    }
    // The export is the CLI's, byte for byte.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const cli = spawnSync(CLI, ['batch', '--csv', orders[0].csv]).stdout;
    assert.ok(readFileSync(await dl.path()).equals(cli), 'export = CLI');
    await clean(page, trouble);
  });
});
