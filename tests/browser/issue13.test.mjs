// Issue 13: the buyer's, the agent's and the storefront's experience, as a
// newcomer meets it, in English and Vietnamese. One test per point a person
// would notice. Run with: node --test tests/browser/
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPage } from './lib/harness.mjs';

const NOW = '2025-04-20T09:30:00Z';
const suite = browserSuite();
const context = (opts) => suite.context(opts);

const ORDER =
  'created_on=2025-03-02&currency=USD&ship_by=2025-03-20&incoterm=CIF&payment1_on=2025-03-02&payment1_method=tt&payment1_to=platform&shipped_on=2025-03-15&delivered_on=2025-04-10&kind=quality';
const OLD =
  'created_on=2016-05-05&currency=USD&total=5200.00&payment1_on=2016-05-05&payment1_amount=5200.00&payment1_method=tt&payment1_to=platform&shipped_on=2016-06-09&delivered_on=2016-07-15&kind=quality';
const text = (page, sel) => page.$eval(sel, (n) => n.innerText.replace(/\s+/g, ' ').trim());

describe("the buyer's page", () => {
  test("1. amounts that cannot be read for sure are questioned, with the page's example, in the buyer's language", async () => {
    const { ctx } = await context();
    for (const [lang, example] of [
      ['vi', 'Hãy nhập số tiền như 1.234,56 US$'],
      ['en', 'Type an amount like US$1,234.56'],
    ]) {
      for (const typed of ['5200,555', '-5200', '5200đ', '5200 EUR']) {
        const page = await openPage(
          ctx,
          suite.origin,
          `#${ORDER}&total=${encodeURIComponent(typed)}&payment1_amount=100&lang=${lang}&now=${NOW}`,
        );
        const errs = await text(page, '#result .errors');
        assert.ok(errs.includes(example), `${lang} "${typed}": ${errs}`);
        assert.equal(await page.$eval('#f-total', (c) => c.getAttribute('aria-invalid')), 'true');
        await page.close();
      }
    }
    // What is sure is still read: grouping and decimals of either kind, the currency's own sign.
    for (const [typed, shown] of [
      ['5.200,55', '5.200,55'],
      ['5,200.55', '5.200,55'],
      ['5200 US$', '5.200,00'],
      ['5 200', '5.200,00'],
    ]) {
      const page = await openPage(ctx, suite.origin, `#${ORDER}&total=${encodeURIComponent(typed)}&payment1_amount=100&lang=vi&now=${NOW}`);
      assert.equal(await page.$('#result .errors'), null, typed);
      assert.equal(
        (await page.inputValue('#f-total')).replace(/\s/g, ' '),
        typed.includes('US$') || typed.includes(' ') ? typed : typed,
        typed,
      );
      assert.ok(shown);
      await page.close();
    }
  });

  test('2. payments over the order total are said first, and on the fields', async () => {
    const { ctx } = await context();
    for (const [lang, want] of [
      ['vi', /Các khoản bạn đã trả cộng lại là 1\.560,00 US\$, nhiều hơn tổng tiền đơn hàng 5,20 US\$/],
      ['en', /Your payments add up to US\$1,560\.00, more than the order total of US\$5\.20/],
    ]) {
      const total = lang === 'vi' ? '5,2' : '5.2';
      const pay = lang === 'vi' ? '1.560' : '1,560';
      const page = await openPage(ctx, suite.origin, `#${ORDER}&total=${total}&payment1_amount=${pay}&lang=${lang}&now=${NOW}`);
      const first = await text(page, '#result .first-warnings');
      assert.match(first, want);
      // Above the verdict, not below the timeline.
      assert.ok(await page.$eval('#result', (r) => r.firstElementChild.classList.contains('first-warnings')));
      assert.ok((await text(page, '[data-note="/order/total"]')).length > 0, 'a note on the total');
      await page.close();
    }
  });

  test('3. a blank order fills in no date', async () => {
    const { ctx } = await context();
    const page = await openPage(ctx, suite.origin, `#sample=blank&now=${NOW}`);
    assert.equal(await page.inputValue('#f-created_on'), '');
    assert.equal(await page.inputValue('#f-payment1_on'), '');
  });

  test('4. the timeline writes years when it spans more than one, and "Today" does not touch an axis label', async () => {
    for (const width of [390, 1280]) {
      const { ctx } = await context({ viewport: { width, height: 900 } });
      for (const lang of ['en', 'vi']) {
        const page = await openPage(ctx, suite.origin, `#${OLD}&lang=${lang}&now=${NOW}`);
        const tl = await page.$eval('.tl svg', (svg) => {
          const box = (n) => n.getBoundingClientRect();
          const today = box(svg.querySelector('.today-lab'));
          const ticks = [...svg.querySelectorAll('.tick')];
          return {
            ticks: ticks.map((t) => t.textContent),
            subs: [...svg.querySelectorAll('.sub')].map((t) => t.textContent),
            overlap: ticks.some((t) => {
              const b = box(t);
              return b.right > today.left && b.left < today.right && b.bottom > today.top && b.top < today.bottom;
            }),
          };
        });
        assert.ok(tl.ticks.length >= 2, JSON.stringify(tl));
        for (const t of tl.ticks) assert.match(t, /20\d\d/, `${lang} ${width}: tick "${t}"`);
        for (const s of tl.subs) assert.match(s, /2016/, `${lang} ${width}: row date "${s}"`);
        assert.equal(tl.overlap, false, `${lang} ${width}: "Today" overlaps a tick`);
        // Ticks run forward in time.
        const years = tl.ticks.map((t) => Number(/20\d\d/.exec(t)[0]));
        assert.deepEqual(
          years,
          [...years].sort((a, b) => a - b),
        );
        await page.close();
      }
    }
    // Within one year: no year, as before.
    const { ctx } = await context();
    const page = await openPage(ctx, suite.origin, `#sample=quality&now=${NOW}`);
    for (const t of await page.$$eval('.tl .tick', (ts) => ts.map((x) => x.textContent))) assert.doesNotMatch(t, /20\d\d/);
  });

  test('5. a closed claim still says what to do next', async () => {
    const { ctx } = await context();
    for (const [lang, supplier, evidence] of [
      ['en', /Ask the supplier directly/, /Keep your evidence/],
      ['vi', /Hãy đề nghị trực tiếp nhà cung cấp/, /Giữ lại bằng chứng/],
    ]) {
      const page = await openPage(ctx, suite.origin, `#sample=too_late&lang=${lang}&now=${NOW}`);
      assert.equal(await page.$eval('.claim.primary', (c) => c.dataset.status), 'closed');
      const steps = await text(page, '#result .steps');
      assert.match(steps, supplier);
      assert.match(steps, evidence);
      assert.match(steps, lang === 'en' ? /Alibaba\.com support/ : /bộ phận hỗ trợ của Alibaba\.com/);
      await page.close();
    }
  });

  test('6. rule titles and notes come from the catalogue (Vietnamese page)', async () => {
    const { ctx } = await context();
    const page = await openPage(ctx, suite.origin, `#${OLD}&lang=vi&now=${NOW}`);
    await page.click('details.basis summary');
    const basis = await text(page, 'details.basis');
    assert.doesNotMatch(basis, /The refund is at most/);
  });

  test('7. at 390 px the payment method and recipient read whole; IDR amounts stay in one piece', async () => {
    const { ctx } = await context({ viewport: { width: 390, height: 900 }, locale: 'vi-VN' });
    const page = await openPage(ctx, suite.origin, `#sample=quality&lang=vi&now=${NOW}`);
    const fits = await page.$$eval('#g-payment select', (sels) =>
      sels.map((s) => {
        const cs = getComputedStyle(s);
        const ctx2 = document.createElement('canvas').getContext('2d');
        ctx2.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const need = ctx2.measureText(s.options[s.selectedIndex].text).width + parseFloat(cs.paddingLeft) + 24;
        return { text: s.options[s.selectedIndex].text, need: Math.ceil(need), have: s.clientWidth };
      }),
    );
    assert.ok(fits.length >= 4);
    for (const f of fits) assert.ok(f.need <= f.have, `"${f.text}" needs ${f.need}px, has ${f.have}px`);
    const idr = await openPage(
      ctx,
      suite.origin,
      `#${ORDER.replace('USD', 'IDR')}&total=54000000&payment1_amount=54000000&lang=vi&now=${NOW}`,
    );
    const lines = await idr.$eval('.claim.primary .amount strong', (s) => s.getClientRects().length);
    assert.equal(lines, 1, 'the amount is on one line');
  });

  test("8. the 2015 rules' needed fields are in the main form, the coverage type with where to find it", async () => {
    const { ctx } = await context();
    for (const [lang, hint] of [
      ['en', /Trade Assurance details on Alibaba\.com/],
      ['vi', /phần Trade Assurance của đơn hàng trên Alibaba\.com/],
    ]) {
      const page = await openPage(ctx, suite.origin, `#${OLD}&lang=${lang}&now=${NOW}`);
      for (const id of ['#f-coverage_type', '#f-supplier_country'])
        assert.equal(await page.$eval(id, (c) => !!c.closest('#more')), false, `${id} is not under "More details"`);
      assert.match(await text(page, '#f-coverage_type-h'), hint);
      await page.close();
    }
  });

  test("9. a claim with the buyer's time zone shows the deadline in it", async () => {
    const { ctx } = await context();
    for (const [lang, want] of [
      ['en', /\(May 10, 2025, 10:59\sPM in Asia\/Jakarta\)/],
      ['vi', /22:59.* theo giờ Asia\/Jakarta\)/],
    ]) {
      const page = await openPage(
        ctx,
        suite.origin,
        `#${ORDER}&total=3000&payment1_amount=3000&buyer_time_zone=Asia%2FJakarta&lang=${lang}&now=${NOW}`,
      );
      const deadline = await text(page, '.claim.primary .deadline');
      assert.match(deadline, want);
      assert.equal(await page.inputValue('#f-buyer_time_zone'), 'Asia/Jakarta');
      await page.close();
    }
  });
});

describe('the agent view', () => {
  const csv = [
    'order_id,as_of,buyer_time_zone,created_on,currency,total,ship_by,payment1_on,payment1_amount,payment1_method,payment1_to,shipped_on,delivered_on,kind',
    'PO-1,2025-04-20T09:30:00Z,Asia/Jakarta,2025-03-02,USD,300000,2025-03-20,2025-03-02,300000,tt,platform,2025-03-27,2025-04-12,quality',
    'PO-2,2025-04-20T09:30:00Z,,2025-03-02,IDR,5400000000,2025-03-20,2025-03-02,5400000000,tt,supplier,2025-03-27,2025-04-12,quality',
    'PO-3,2025-04-20T09:30:00Z,,2025-03-02,USD,520,2025-03-20,2025-03-02,156000,tt,platform,2025-03-27,2025-04-12,quality',
    'PO-4,,,2025-03-02,VND,120000000,2025-03-20,2025-03-02,120000000,tt,platform,2025-03-27,2025-04-12,quality',
  ].join('\n');
  async function run(page) {
    await page.fill('#paste', csv);
    await page.click('#run');
    await page.waitForSelector('#results[data-state=done]');
  }

  test("11. on first open there is no progress bar; 10. words not codes, time, currencies, as_of, flags; 9. the quote in the buyer's zone", async () => {
    const { ctx, trouble } = await context();
    const page = await ctx.newPage();
    await page.goto(`${suite.origin}/web/agent/#lang=vi`);
    await page.waitForSelector('body[data-ready]');
    assert.equal(await page.isVisible('#progress-box'), false, 'no "Checking orders" before anything is submitted');
    assert.equal(await page.isVisible('#progress'), false);
    await run(page);
    const why = await page.$$eval('#rows .c-why', (cs) => cs.map((c) => c.innerText));
    for (const w of why) assert.doesNotMatch(w, /\b[A-Z]+_[A-Z_]{3,}\b/, `a raw code in the table: ${w}`);
    assert.ok(
      why.some((w) => /Trả ngoài nền tảng/.test(w)),
      why.join(' | '),
    );
    assert.doesNotMatch(await page.innerText('#progress-text'), / 0 giây/);
    // A flag in the row whose payments exceed its total.
    const flagged = await page.$$eval('#rows tr', (trs) =>
      trs.filter((tr) => tr.querySelector('.flag')).map((tr) => tr.querySelector('.c-id').innerText),
    );
    assert.deepEqual(flagged, ['PO-3']);
    // Sorting by refund says currencies are not compared.
    await page.click('#head button[data-sort="max"]');
    assert.match(await page.innerText('#cur-note'), /\(USD, VND\)/);
    // The order without as_of: checked at the moment of checking, said so.
    assert.match(await page.innerText('#as-of-note'), /1 đơn hàng không có as_of/);
    // The quote of PO-1 is in the buyer's zone (Asia/Jakarta), not the agent's (Europe/Berlin).
    await page.click('#head button[data-sort="line"]');
    await page.click('#rows button[data-i="0"]');
    await page.waitForSelector('#detail[open] #q-text');
    assert.equal(await page.inputValue('#q-zone'), 'Asia/Jakarta');
    const quote = await page.inputValue('#q-text');
    assert.match(quote, /theo múi giờ Asia\/Jakarta/);
    assert.doesNotMatch(quote, /Europe\/Berlin/);
    // Rule titles in Vietnamese; the detail header says the version's dates once.
    assert.doesNotMatch(quote, /The refund is at most/);
    const meta = await page.innerText('#d-body dl.meta');
    assert.equal((meta.replace(/alibaba-ta-2017/g, '').match(/2017/g) || []).length, 1, meta);
    await page.click('#d-close');
    // PO-4, opened: its as_of is the moment of checking, said in the detail.
    await page.click('#rows button[data-i="3"]');
    await page.waitForSelector('#detail[open] .as-of-default');
    assert.deepEqual(trouble, []);
  });
});

describe('the storefront widget', () => {
  test('13. before the buyer types, the widget leads with what the order is covered for and until when', async () => {
    const { ctx, trouble } = await context();
    const page = await ctx.newPage();
    await page.goto(`${suite.origin}/web/storefront/`);
    await page.waitForFunction(() => document.querySelector('#cover-1001')?.result != null);
    const out = () => page.$eval('#cover-1001', (w) => w.shadowRoot.querySelector('.out').innerText.replace(/\s+/g, ' '));
    let o = await out();
    assert.match(o, /What this order is covered for/);
    assert.match(o, /Late shipment: claims from Mar 21, 2025/);
    assert.match(o, /Refunds up to US\$3,000\.00/);
    assert.doesNotMatch(o, /Nothing you can claim|Need more information/);
    await page.$eval('#cover-1001', (w) => w.setAttribute('lang', 'vi'));
    await page.waitForFunction(() => /Đơn hàng này được bảo vệ/.test(document.querySelector('#cover-1001').shadowRoot.textContent));
    o = await out();
    assert.match(o, /Giao hàng trễ: khiếu nại từ/);
    assert.doesNotMatch(o, /Hiện chưa có gì để khiếu nại|Cần thêm thông tin/);
    // Typing in the widget: an amount that cannot be read is questioned (1) ...
    await page.locator('#cover-1001 #f-payment1_amount').fill('-900');
    await page.waitForFunction(() =>
      /Hãy nhập số tiền như/.test(document.querySelector('#cover-1001').shadowRoot.querySelector('.out').textContent),
    );
    // ... and payments over the total are said first (2).
    await page.locator('#cover-1001 #f-payment1_on').fill('2025-03-02');
    await page.locator('#cover-1001 #f-payment1_amount').fill('9.000');
    await page.waitForFunction(() => document.querySelector('#cover-1001').shadowRoot.querySelector('.first-warnings'));
    assert.match(
      await page.$eval('#cover-1001', (w) => w.shadowRoot.querySelector('.first-warnings').innerText),
      /9\.000,00\sUS\$, nhiều hơn tổng tiền đơn hàng 3\.000,00\sUS\$/,
    );
    assert.deepEqual(trouble, []);
  });

  test("7. at 1,100 px the widget's date boxes are not clipped; the recipient reads whole", async () => {
    const { ctx } = await context({ viewport: { width: 1100, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${suite.origin}/web/storefront/`);
    await page.waitForFunction(() => document.querySelector('#cover-1002')?.result != null);
    for (const id of ['#cover-1001', '#cover-1002']) {
      const widths = await page.$eval(id, (w) => [...w.shadowRoot.querySelectorAll('input[type=date]')].map((i) => i.clientWidth));
      assert.ok(widths.length >= 3);
      for (const px of widths) assert.ok(px >= 150, `${id}: a date box ${px}px wide`);
      const sel = await page.$eval(id, (w) => {
        const s = w.shadowRoot.querySelector('select[data-name="payments.*.to"]');
        const cs = getComputedStyle(s);
        const c = document.createElement('canvas').getContext('2d');
        c.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        return { need: c.measureText(s.options[s.selectedIndex].text).width + 30, have: s.clientWidth };
      });
      assert.ok(sel.need <= sel.have, `${id}: ${JSON.stringify(sel)}`);
    }
  });
});
