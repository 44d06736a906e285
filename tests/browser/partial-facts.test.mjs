// Issue 12 on the web: answers from partial facts. A buyer who no longer
// knows the shipping date reads "Too late, whatever the shipping date
// (between ...)" on the page, in the widget and in the agent view and its
// quote, in English and Vietnamese; the timeline draws the range as a band;
// an undecided claim says which date to find and the last moment to act.
// Run with: node --test tests/browser/
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPage, primary } from './lib/harness.mjs';

const suite = browserSuite();
const context = (opts) => suite.context(opts);

// The 2016 order of issue 12: launch rules, post-delivery cover, delivered
// 2016-04-12, a quality problem, the shipping date left empty.
const NOW = '2026-11-29T10:00:00Z';
const ORDER_2016 = [
  'program=alibaba-ta-2015',
  'created_on=2016-03-01',
  'currency=USD',
  'total=3000.00',
  'coverage_type=post_delivery',
  'supplier_country=CN',
  'placed_via_assurance=true',
  'delivered_on=2016-04-12',
  'kind=quality',
  'payment1_on=2016-03-01',
  'payment1_amount=3000.00',
  'payment1_method=tt',
  'payment1_to=platform',
].join('&');
// Delivered the day after ship_by, shipping date unknown: on time or late
// depending on the day it shipped, so undecided.
const NOW_UNDECIDED = '2025-04-20T09:30:00Z';
const UNDECIDED = [
  'created_on=2025-03-02',
  'currency=USD',
  'total=3000.00',
  'ship_by=2025-03-20',
  'supplier_country=CN',
  'placed_via_assurance=true',
  'delivered_on=2025-03-21',
  'kind=late_shipment',
  'payment1_on=2025-03-02',
  'payment1_amount=3000.00',
  'payment1_method=tt',
  'payment1_to=platform',
].join('&');
const CLAIM_2016 = {
  order: {
    id: 'PO-2016',
    created_on: '2016-03-01',
    currency: 'USD',
    total: 300000,
    coverage_type: 'post_delivery',
    placed_via_assurance: true,
  },
  as_of: NOW,
  program: 'alibaba-ta-2015',
  supplier: { country: 'CN' },
  payments: [{ on: '2016-03-01', amount: 300000, method: 'tt', to: 'platform' }],
  shipment: { delivered_on: '2016-04-12' },
  issue: { kind: 'quality' },
};
const CLAIM_UNDECIDED = {
  order: {
    id: 'PO-UNDECIDED',
    created_on: '2025-03-02',
    currency: 'USD',
    total: 300000,
    ship_by: '2025-03-20',
    placed_via_assurance: true,
  },
  as_of: NOW_UNDECIDED,
  supplier: { country: 'CN' },
  payments: [{ on: '2025-03-02', amount: 300000, method: 'tt', to: 'platform' }],
  shipment: { delivered_on: '2025-03-21' },
  issue: { kind: 'late_shipment' },
};

const RANGE = {
  en: /Too late, whatever the shipping date \(between Mar 1 and Apr 12, 2016\)/,
  vi: /Đã quá hạn, dù ngày gửi hàng là ngày nào \(trong khoảng từ 1 thg 3 đến 12 thg 4, 2016\)/,
};
const squash = (s) => s.replace(/\s+/g, ' ').trim();

describe("the buyer's page", () => {
  test('the 2016 order without its shipping date: too late whatever the shipping date, with the range, in en and vi', async () => {
    const { ctx, trouble } = await context();
    for (const lang of ['en', 'vi']) {
      const page = await openPage(ctx, suite.origin, `#${ORDER_2016}&lang=${lang}&now=${NOW}`);
      const p = await primary(page);
      assert.equal(p.kind, 'quality');
      assert.equal(p.status, 'closed');
      assert.match(p.text, RANGE[lang], `${lang}: ${p.text}`);
      // Not "Need more information: Shipped on".
      assert.doesNotMatch(p.text, lang === 'en' ? /Need more information/ : /Cần thêm thông tin/);
      assert.equal(await page.$$eval('.claim.primary .missing li', (l) => l.length), 0);
      // The warning names the range, both ends as dates of the buyer's language.
      const w = squash(await page.innerText('.warnings li[data-code="DECIDED_WITHOUT_DATE"]'));
      assert.match(
        w,
        lang === 'en'
          ? /“Shipped on” is empty.*from Mar 1, 2016 to Apr 12, 2016/
          : /“Ngày gửi hàng” để trống.*từ 1 thg 3, 2016 đến 12 thg 4, 2016/,
        w,
      );
      assert.doesNotMatch(w, /2016-0/);
      // The live region says it too.
      assert.match(await page.innerText('#live'), RANGE[lang]);
      await page.close();
    }
    assert.deepEqual(trouble, []);
  });

  test('the timeline draws the shipping range as one band between its ends, and no bar runs past Today', async () => {
    const { ctx, trouble } = await context();
    const page = await openPage(ctx, suite.origin, `#${ORDER_2016}&now=${NOW}`);
    const tl = await page.$eval('.tl svg', (svg) => {
      const today = Number(svg.querySelector('line.today').getAttribute('x1'));
      const bars = [...svg.querySelectorAll('rect.bar')].map((r) => ({
        cls: r.getAttribute('class'),
        range: r.dataset.range ?? null,
        x: Number(r.getAttribute('x')),
        end: Number(r.getAttribute('x')) + Number(r.getAttribute('width')),
        title: r.querySelector('title')?.textContent,
      }));
      const arrows = svg.querySelectorAll('path.bar').length;
      const labels = [...svg.querySelectorAll('text.lab')].map((t) => t.textContent);
      const subs = [...svg.querySelectorAll('text.sub')].map((t) => t.textContent);
      return { today, bars, arrows, labels, subs };
    });
    const band = tl.bars.filter((b) => b.range === 'shipped_on');
    assert.equal(band.length, 1, JSON.stringify(tl.bars));
    assert.match(band[0].cls, /\brange\b/);
    assert.ok(band[0].end > band[0].x, 'the band has a width');
    assert.match(band[0].title, /Shipped \(day not known\): Mar 1, 2016 – Apr 12, 2016/);
    // The range is one row, not two dots named "shipped on.from" and "shipped on.to".
    assert.ok(tl.labels.includes('Shipped (day not known)'), tl.labels.join(' | '));
    assert.ok(!tl.labels.some((l) => /from|\.to|shipped on/i.test(l)), tl.labels.join(' | '));
    // Nothing runs on into the future: every bar ends before Today's line, and no open end.
    for (const b of tl.bars) assert.ok(b.end < tl.today, `${b.cls} ends at ${b.end}, Today at ${tl.today}`);
    assert.equal(tl.arrows, 0);
    assert.deepEqual(trouble, []);
  });

  test('an undecided claim: needs the shipping date, and says the last moment to act whatever it is, in en and vi', async () => {
    const { ctx, trouble } = await context();
    for (const [lang, deadline, find, act] of [
      [
        'en',
        /Whatever the shipping date turns out to be, claim by Apr 20, 2025, 11:59\sPM Beijing time .* at the latest\./,
        /Find out the shipping date: the answer depends on it\./,
        /open your claim by Apr 20, 2025, 11:59\sPM Beijing time/,
      ],
      [
        'vi',
        /Dù ngày gửi hàng là ngày nào, hãy khiếu nại chậm nhất vào 23:59 20 thg 4, 2025 giờ Bắc Kinh/,
        /Hãy tìm ngày gửi hàng: câu trả lời phụ thuộc vào ngày này\./,
        /mở khiếu nại chậm nhất vào 23:59 20 thg 4, 2025 giờ Bắc Kinh/,
      ],
    ]) {
      const page = await openPage(ctx, suite.origin, `#${UNDECIDED}&lang=${lang}&now=${NOW_UNDECIDED}`);
      const p = await primary(page);
      assert.equal(p.status, 'needs_info');
      assert.match(p.deadline, deadline, `${lang}: ${p.deadline}`);
      assert.deepEqual(await page.$$eval('.claim.primary .missing li', (l) => l.map((x) => x.innerText.trim())), [
        lang === 'en' ? 'Shipped on' : 'Ngày gửi hàng',
      ]);
      const steps = squash(await page.innerText('.steps'));
      assert.match(steps, find, steps);
      assert.match(steps, act, steps);
      // The field itself is pointed out.
      assert.equal(await page.$eval('#f-shipped_on', (c) => c.closest('.field, div').classList.contains('needed')), true);
      await page.close();
    }
    assert.deepEqual(trouble, []);
  });
});

describe('the storefront widget', () => {
  test('the 2016 order in the widget: too late whatever the shipping date, with the range, in en and vi', async () => {
    const { ctx, trouble } = await context();
    const page = await ctx.newPage();
    await page.goto(`${suite.origin}/web/storefront/`);
    await page.waitForFunction(() => customElements.get('assurance-calculator'));
    await page.evaluate(
      ({ now }) => {
        const w = document.createElement('assurance-calculator');
        w.id = 'pf';
        const attrs = {
          lang: 'en',
          program: 'alibaba-ta-2015',
          'as-of': now,
          currency: 'USD',
          'supplier-country': 'CN',
          'created-on': '2016-03-01',
          'order-total': '300000',
          'coverage-type': 'post_delivery',
          'placed-via-assurance': 'true',
          'delivered-on': '2016-04-12',
          kind: 'quality',
        };
        for (const [k, v] of Object.entries(attrs)) w.setAttribute(k, v);
        w.order = { payments: [{ on: '2016-03-01', amount: 300000, method: 'tt', to: 'platform' }] };
        document.body.prepend(w);
      },
      { now: NOW },
    );
    await page.waitForFunction(() => document.querySelector('#pf')?.result?.ok);
    const result = await page.$eval('#pf', (w) => w.result.claims[0]);
    assert.equal(result.status, 'closed');
    assert.deepEqual(result.assumed, [{ path: '/shipment/shipped_on', from: '2016-03-01', to: '2016-04-12' }]);
    const card = () => page.$eval('#pf', (w) => w.shadowRoot.querySelector('article.claim').innerText.replace(/\s+/g, ' '));
    assert.match(await card(), RANGE.en);
    await page.$eval('#pf', (w) => w.setAttribute('lang', 'vi'));
    await page.waitForFunction(() =>
      /Đã quá hạn/.test(document.querySelector('#pf').shadowRoot.querySelector('article.claim')?.textContent),
    );
    assert.match(await card(), RANGE.vi);
    assert.deepEqual(trouble, []);
  });
});

describe('the agent view', () => {
  test('the table, the detail and the quote say the range; the undecided order says what to find, in en and vi', async () => {
    const { ctx, trouble } = await context();
    const page = await ctx.newPage();
    await page.goto(`${suite.origin}/web/agent/`);
    await page.waitForSelector('body[data-ready]');
    await page.fill('#paste', [CLAIM_2016, CLAIM_UNDECIDED].map((c) => JSON.stringify(c)).join('\n'));
    await page.click('#run');
    await page.waitForSelector('#results[data-state=done]');
    const rows = await page.$$eval('#rows tr', (trs) =>
      trs.map((tr) => ({
        id: tr.querySelector('.c-id').innerText,
        status: tr.dataset.status,
        verdict: tr.querySelector('.c-status').innerText,
      })),
    );
    assert.deepEqual(
      rows.map((r) => [r.id, r.status]),
      [
        ['PO-2016', 'closed'],
        ['PO-UNDECIDED', 'needs_info'],
      ],
    );
    assert.match(squash(rows[0].verdict), /Closed whatever the shipping date \(between Mar 1 and Apr 12, 2016\)/);
    assert.doesNotMatch(rows[1].verdict, /whatever/);
    // The detail and the quote of the 2016 order.
    await page.click('#rows button[data-i="0"]');
    await page.waitForSelector('#detail[open] #q-text');
    assert.match(
      squash(await page.innerText('#d-body section.claim p.whatever')),
      /Closed, whatever the shipping date \(between Mar 1 and Apr 12, 2016\)/,
    );
    let quote = await page.inputValue('#q-text');
    assert.match(
      quote,
      /Claim: Quality problem — the time to claim has ended, whatever the shipping date \(between Mar 1 and Apr 12, 2016\)/,
    );
    await page.selectOption('#q-lang', 'vi');
    await page.waitForFunction(() => /Khiếu nại:/.test(document.querySelector('#q-text').value));
    quote = await page.inputValue('#q-text');
    assert.match(quote, /đã hết thời hạn khiếu nại, dù ngày gửi hàng là ngày nào \(trong khoảng từ 1 thg 3 đến 12 thg 4, 2016\)/);
    await page.click('#d-close');
    // The undecided order: what to find, and the last day to act in the quote.
    await page.click('#rows button[data-i="1"]');
    await page.waitForSelector('#detail[open] #q-text');
    assert.match(squash(await page.innerText('#d-body section.claim p.whatever')), /Undecided until the buyer finds the shipping date/);
    quote = await page.inputValue('#q-text');
    assert.match(quote, /Dù ngày gửi hàng là ngày nào, hãy khiếu nại chậm nhất vào 23:59 20 thg 4, 2025 giờ Bắc Kinh/);
    assert.deepEqual(trouble, []);
  });
});
