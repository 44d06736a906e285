// Issue 14 on the web: every surface chooses the program. The buyer's page
// (a select built from programs(); the form shows what the chosen program's
// version reads) answers an AliExpress and an eBay order with their dates in
// Pacific time and the buyer's own; the widget takes program="ebay-mbg"; the
// agent view shows rows of two programs and filters by program.
// Run with: node --test tests/browser/
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPage, primary, count, afterUpdate } from './lib/harness.mjs';

const suite = browserSuite();
const context = (opts) => suite.context(opts);

// Both orders are judged on 20 March 2025, after the US changed to summer
// time (9 March): Pacific dates end at 23:59:59-07:00.
const NOW = '2025-03-20T18:00:00Z';
// An order as a buyer of any program would first type it (no program named:
// the page starts with the default one, Trade Assurance).
const ORDER = ['created_on=2025-03-02', 'currency=USD', 'payment1_on=2025-03-02', 'payment1_method=card', 'payment1_to=platform'].join('&');
const ids = (page) => page.$$eval('#order [data-ptr]', (cs) => cs.map((c) => c.id));

// Choose a program in the page's select; the form is built again for it.
async function choose(page, program) {
  const before = await count(page);
  await page.selectOption('#f-program', program);
  await afterUpdate(page, before);
  await page.waitForSelector(`#f-program option[value="${program}"]:checked`, { state: 'attached' });
}
async function fill(page, values) {
  for (const [id, v] of Object.entries(values)) {
    const before = await count(page);
    const tag = await page.$eval('#' + id, (c) => c.tagName);
    if (tag === 'SELECT') await page.selectOption('#' + id, v);
    else await page.fill('#' + id, v);
    await afterUpdate(page, before);
  }
}

// The answer for the kind typed last; on a timeout, what the page shows.
async function settled(page, kind) {
  try {
    await page.waitForSelector(`.claim.primary[data-kind="${kind}"]`, { timeout: 10e3 });
  } catch (e) {
    const shown = await page.evaluate(() => [location.hash, document.querySelector('#result')?.innerText.slice(0, 600)]);
    throw new Error(`${e.message}\n${shown.join('\n')}`, { cause: e });
  }
}

describe("the buyer's page", () => {
  test('the program select is built from programs(): every program, then its versions', async () => {
    const { ctx, trouble } = await context();
    const page = await openPage(ctx, suite.origin, `#${ORDER}&now=${NOW}`);
    const opts = await page.$$eval('#f-program option', (os) => os.map((o) => [o.value, o.textContent]));
    const programs = await page.evaluate(async () => {
      const { init } = await import('/wasm/index.js');
      return (await init()).programs().map((p) => [p.id, p.program]);
    });
    const values = opts.map(([v]) => v);
    // The default program (the engine's, for a claim that names none) is the empty value.
    assert.equal(values[0], '');
    assert.match(opts[0][1], /Alibaba\.com Trade Assurance/);
    for (const [id, program] of programs) {
      assert.ok(values.includes(id) || programs.filter((p) => p[1] === program).length === 1, `version ${id} listed`);
      if (program !== 'alibaba-ta') assert.ok(values.includes(program), `program ${program} listed`);
    }
    for (const p of ['aliexpress-bp', 'ebay-mbg', 'paypal-bp', 'amazon-atoz']) assert.ok(values.includes(p), p);
    assert.deepEqual(trouble, []);
  });

  test('an AliExpress order: choose the program, fill the fields it reads, an open claim closing in Pacific time (en, vi)', async () => {
    const { ctx, trouble } = await context();
    const page = await openPage(ctx, suite.origin, `#${ORDER}&now=${NOW}`);
    // Trade Assurance asks for the contract's ship-by date; AliExpress does not,
    // but reads the end of its protection timer.
    assert.ok((await ids(page)).includes('f-ship_by'));
    assert.ok(!(await ids(page)).includes('f-protection_ends_on'));
    await choose(page, 'aliexpress-bp');
    const fields = await ids(page);
    assert.ok(fields.includes('f-protection_ends_on'), fields.join(' '));
    assert.ok(fields.includes('f-shipped_on'));
    for (const gone of ['f-ship_by', 'f-incoterm', 'f-placed_via_assurance', 'f-supplier_country'])
      assert.ok(!fields.includes(gone), `${gone} is not read by AliExpress`);
    // The labels are the buyer's words.
    assert.match(await page.innerText('label[for="f-protection_ends_on"]'), /\w+ \w+/);
    await fill(page, {
      'f-total': '45.00',
      'f-payment1_amount': '45.00',
      'f-shipped_on': '2025-03-05',
      'f-protection_ends_on': '2025-04-30',
      'f-kind': 'not_received',
    });
    await settled(page, 'not_received');
    let p = await primary(page);
    assert.equal(p.kind, 'not_received');
    assert.equal(p.status, 'open', p.text);
    assert.equal(p.amount, 'US$45.00');
    // 15 days after the protection timer ends, at the end of the day in Los
    // Angeles (PDT), and in the buyer's zone (the browser's: Berlin, CEST).
    assert.match(p.deadline, /Claim by May 15, 2025, 11:59\sPM Pacific time \(May 16, 2025, 8:59\sAM GMT\+2 your time\)/, p.deadline);
    assert.equal(p.left, '56 days left');
    assert.match(await page.innerText('#result .program'), /AliExpress Buyer Protection \(from 2020\)/);
    // The link keeps the program.
    await page.waitForFunction(() => /program=aliexpress-bp.*kind=not_received/.test(location.hash));
    const link = new URL(page.url()).hash;
    // In Vietnamese, from the same link.
    const vi = await openPage(ctx, suite.origin, `${link}&lang=vi`);
    assert.equal(await vi.inputValue('#f-program'), 'aliexpress-bp');
    await settled(vi, 'not_received');
    p = await primary(vi);
    assert.equal(p.status, 'open');
    assert.match(p.deadline, /23:59 15 thg 5, 2025 giờ Thái Bình Dương \(Mỹ\)/, p.deadline);
    assert.deepEqual(trouble, []);
  });

  test('an eBay order: choose the program, fill the fields it reads, the dates in Pacific time and the buyer’s zone', async () => {
    const { ctx, trouble } = await context({ timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await openPage(ctx, suite.origin, `#${ORDER}&now=${NOW}`);
    await choose(page, 'ebay-mbg');
    const fields = await ids(page);
    for (const f of ['f-expected_delivery_by', 'f-delivered_on', 'f-kind']) assert.ok(fields.includes(f), f);
    assert.ok(!fields.includes('f-ship_by'));
    await fill(page, {
      'f-total': '120.00',
      'f-payment1_amount': '120.00',
      'f-expected_delivery_by': '2025-03-12',
      'f-delivered_on': '2025-03-10',
      'f-kind': 'quality',
    });
    await settled(page, 'quality');
    const p = await primary(page);
    assert.equal(p.kind, 'quality');
    assert.equal(p.status, 'open');
    assert.equal(p.amount, 'US$120.00');
    // 30 days after the delivery (the earlier of estimated and actual), end of day in Los Angeles.
    assert.match(p.deadline, /Claim by Apr 9, 2025, 11:59\sPM Pacific time \(Apr 10, 2025, 1:59\sPM GMT\+7 your time\)/, p.deadline);
    assert.equal(p.left, '20 days left');
    assert.match(await page.innerText('#result .program'), /eBay Money Back Guarantee \(from 2019\)/);
    // The timeline's window ends on the Pacific day.
    assert.ok(
      (await page.$$eval('.tl text.sub', (ts) => ts.map((t) => t.textContent))).some((s) => /Mar 10 – Apr 9/.test(s)),
      'the window on the timeline',
    );
    // A buyer's zone given in the order is used for the second time.
    await page.click('#more summary');
    await fill(page, { 'f-buyer_time_zone': 'Asia/Jakarta' });
    assert.match((await primary(page)).deadline, /\(Apr 10, 2025, 1:59\sPM in Asia\/Jakarta\)/);
    assert.deepEqual(trouble, []);
  });

  test('an eBay order the program does not cover says eBay’s name, not Trade Assurance’s (en, vi)', async () => {
    const { ctx, trouble } = await context();
    // Late shipment: a kind eBay's guarantee does not have; an order from before it started.
    const late = '#program=ebay-mbg&created_on=2025-03-02&currency=USD&total=12000&kind=late_shipment';
    const page = await openPage(ctx, suite.origin, `${late}&now=${NOW}`);
    await page.waitForSelector('.claim.primary[data-status="not_covered"]');
    let text = await page.innerText('#result');
    assert.match(text, /eBay Money Back Guarantee does not cover “Late shipment” for this order\./, text);
    assert.doesNotMatch(text, /Trade Assurance/);
    assert.match(text, /your messages with the seller\./);
    // The form speaks of eBay too: where a payment is protected, to whom it went.
    assert.match(await page.innerText('#g-payment-h'), /on eBay are protected/);
    await page.click('#add-payment');
    const to = await page.$$eval('#order select[id$="_to"] option', (os) => os.map((o) => o.textContent));
    assert.ok(to.includes("eBay's account (at checkout)") && to.includes("Seller's own bank account"), to.join(' | '));
    const early = '#program=ebay-mbg&created_on=2018-12-31&currency=USD&total=12000&kind=not_received';
    const vi = await openPage(ctx, suite.origin, `${early}&now=${NOW}&lang=vi`);
    await vi.waitForSelector('.claim.primary[data-status="not_covered"]');
    text = await vi.innerText('#result');
    assert.match(text, /được đặt trước khi Bảo đảm hoàn tiền của eBay bắt đầu/, text);
    assert.match(text, /tin nhắn với người bán\./);
    assert.doesNotMatch(text, /Trade Assurance|nhà cung cấp/);
    assert.deepEqual(trouble, []);
  });

  test('an eBay dispute: the seller must answer, eBay steps in, on the timeline and in the steps (en)', async () => {
    const { ctx, trouble } = await context();
    const order = [
      'program=ebay-mbg',
      ORDER,
      'total=120',
      'payment1_amount=120',
      'expected_delivery_by=2025-03-12',
      'delivered_on=2025-03-10',
      'kind=quality',
      'dispute_opened_on=2025-03-15',
    ].join('&');
    const page = await openPage(ctx, suite.origin, `#${order}&now=${NOW}`);
    await settled(page, 'quality');
    await page.waitForSelector('.tl text');
    const tl = await page.$$eval('.tl text', (ts) => ts.map((t) => t.textContent));
    assert.ok(tl.includes('Seller must answer'), tl.join(' | '));
    const text = await page.innerText('#result');
    assert.match(text, /The seller must answer the dispute by Mar 19, 2025/);
    assert.match(text, /Ask eBay to step in by Apr 14, 2025/);
    // The seller's date has passed; asking eBay to step in opened today and is open now.
    const tags = await page.$$eval('.steps li', (lis) => lis.map((li) => [li.querySelector('.tag')?.textContent ?? '', li.textContent]));
    assert.ok(
      tags.some(([t, l]) => t === 'Date passed' && /seller must answer/.test(l)),
      JSON.stringify(tags),
    );
    assert.ok(
      tags.some(([t, l]) => t === 'You can do this now' && /ask eBay to step in from/.test(l)),
      JSON.stringify(tags),
    );
    assert.doesNotMatch(text, /[Ss]upplier|Trade Assurance|Alibaba|the platform/);
    assert.deepEqual(trouble, []);
  });
});

describe('the storefront widget', () => {
  test('program="ebay-mbg": the widget asks for what eBay reads and answers in Pacific time (en, vi)', async () => {
    const { ctx, trouble } = await context();
    const page = await ctx.newPage();
    await page.goto(`${suite.origin}/web/storefront/`);
    await page.waitForFunction(() => customElements.get('assurance-calculator'));
    await page.evaluate((now) => {
      const w = document.createElement('assurance-calculator');
      w.id = 'eb';
      const attrs = {
        lang: 'en',
        program: 'ebay-mbg',
        'as-of': now,
        currency: 'USD',
        'created-on': '2025-03-02',
        'order-total': '12000',
        'expected-delivery-by': '2025-03-12',
        'delivered-on': '2025-03-10',
        kind: 'quality',
      };
      for (const [k, v] of Object.entries(attrs)) w.setAttribute(k, v);
      w.order = { payments: [{ on: '2025-03-02', amount: 12000, method: 'card', to: 'platform' }] };
      document.body.prepend(w);
    }, NOW);
    await page.waitForFunction(() => document.querySelector('#eb')?.result?.ok);
    const r = await page.$eval('#eb', (w) => ({ program: w.result.program, claim: w.result.claims[0] }));
    assert.equal(r.program.id, 'ebay-mbg-2019');
    assert.equal(r.claim.status, 'open');
    assert.equal(r.claim.closes_at, '2025-04-09T23:59:59-07:00');
    const card = () => page.$eval('#eb', (w) => w.shadowRoot.querySelector('article.claim').innerText.replace(/\s+/g, ' '));
    let text = await card();
    assert.match(text, /You can claim now/);
    assert.match(text, /Claim by Apr 9, 2025, 11:59\sPM Pacific time/);
    // Its form asks for what eBay reads, not Trade Assurance's terms.
    const inputs = await page.$eval('#eb', (w) => [...w.shadowRoot.querySelectorAll('[data-ptr]')].map((c) => c.dataset.ptr));
    assert.ok(!inputs.includes('/order/ship_by') && !inputs.includes('/order/incoterm'), inputs.join(' '));
    // And speaks of eBay: its title, its disclaimer, its form.
    const whole = () => page.$eval('#eb', (w) => w.shadowRoot.querySelector('.root').innerText.replace(/\s+/g, ' '));
    text = await whole();
    assert.match(text, /Your eBay Money Back Guarantee cover/);
    assert.match(text, /Guidance from eBay's published eBay Money Back Guarantee rules, not a decision by eBay\./);
    assert.doesNotMatch(text, /Trade Assurance|Alibaba|supplier/i);
    await page.$eval('#eb', (w) => w.setAttribute('lang', 'vi'));
    await page.waitForFunction(() =>
      /Thái Bình Dương/.test(document.querySelector('#eb').shadowRoot.querySelector('article.claim')?.textContent),
    );
    text = await card();
    assert.match(text, /23:59 9 thg 4, 2025 giờ Thái Bình Dương \(Mỹ\)/);
    text = await whole();
    assert.match(text, /Bạn được Bảo đảm hoàn tiền của eBay bảo vệ thế nào/);
    assert.doesNotMatch(text, /Trade Assurance|Alibaba|nhà cung cấp/);
    assert.deepEqual(trouble, []);
  });
});

describe('the agent view', () => {
  const csv = [
    'order_id,as_of,program,created_on,currency,total,ship_by,shipped_on,expected_delivery_by,delivered_on,payment1_on,payment1_amount,payment1_method,payment1_to,kind',
    'TA-1,2025-03-20T18:00:00Z,alibaba-ta,2025-03-02,USD,300000,2025-03-20,2025-03-15,,2025-03-18,2025-03-02,300000,tt,platform,quality',
    'EB-1,2025-03-20T18:00:00Z,ebay-mbg,2025-03-02,USD,12000,,,2025-03-12,2025-03-10,2025-03-02,12000,card,platform,quality',
    'EB-2,2025-03-20T18:00:00Z,ebay-mbg,2025-03-02,USD,8000,,,2025-03-12,,2025-03-02,8000,card,platform,not_received',
  ].join('\n');

  test('rows of two programs: the program per row, closings named in their zone, a filter by program (en, vi)', async () => {
    const { ctx, trouble } = await context();
    const page = await ctx.newPage();
    await page.goto(`${suite.origin}/web/agent/`);
    await page.waitForSelector('body[data-ready]');
    await page.fill('#paste', csv);
    await page.click('#run');
    await page.waitForSelector('#results[data-state=done]');
    const rows = () =>
      page.$$eval('#rows tr', (trs) =>
        trs.map((tr) => ({
          id: tr.querySelector('.c-id').innerText.trim(),
          program: tr.querySelector('.c-program').innerText.replace(/\s+/g, ' ').trim(),
          closes: tr.querySelector('.c-closes').innerText.trim(),
          status: tr.dataset.status,
        })),
      );
    let all = await rows();
    assert.deepEqual(
      all.map((r) => r.id),
      ['TA-1', 'EB-1', 'EB-2'],
    );
    assert.equal(all[0].program, 'Alibaba.com Trade Assurance alibaba-ta-2017');
    assert.equal(all[1].program, 'eBay Money Back Guarantee ebay-mbg-2019');
    assert.match(all[1].closes, /Apr 9, 2025, 23:59 Pacific time/);
    assert.match(all[0].closes, /Beijing time/);
    // The column no longer claims one zone for every row.
    assert.match(await page.innerText('#head th.c-closes'), /program time/);
    // The filter by program, from programs().
    const options = await page.$$eval('#f-program option', (os) => os.map((o) => o.value));
    for (const p of ['', 'alibaba-ta', 'aliexpress-bp', 'ebay-mbg', 'paypal-bp', 'amazon-atoz']) assert.ok(options.includes(p), p);
    await page.selectOption('#f-program', 'ebay-mbg');
    await page.waitForFunction(() => document.querySelector('#shown').dataset.count === '2');
    assert.deepEqual(
      (await rows()).map((r) => r.id),
      ['EB-1', 'EB-2'],
    );
    await page.selectOption('#f-program', 'alibaba-ta');
    await page.waitForFunction(() => document.querySelector('#shown').dataset.count === '1');
    // The eBay order in full, its quote in Vietnamese in Pacific time.
    await page.selectOption('#f-program', '');
    await page.click('#rows button[data-i="1"]');
    await page.waitForSelector('#detail[open] #q-text');
    await page.selectOption('#q-lang', 'vi');
    await page.waitForFunction(() => /Khiếu nại:/.test(document.querySelector('#q-text').value));
    const quote = await page.inputValue('#q-text');
    assert.match(quote, /23:59 9 thg 4, 2025 giờ Thái Bình Dương \(Mỹ\)/);
    assert.match(quote, /ebay-mbg-2019/);
    // Titled and disclaimed as eBay's, not Trade Assurance's.
    assert.match(quote, /^Báo giá hoàn tiền Bảo đảm hoàn tiền của eBay — đơn hàng EB-1\n/);
    assert.match(quote, /không phải quyết định của eBay\.$/);
    assert.doesNotMatch(quote, /Trade Assurance|Alibaba/);
    await page.click('#d-close');
    // The view in Vietnamese: the program's name and the filter's words.
    await page.selectOption('#lang', 'vi');
    await page.waitForFunction(() => /Chương trình/.test(document.querySelector('#head').textContent));
    all = await rows();
    assert.match(all[1].program, /eBay/);
    assert.match(await page.innerText('label[for="f-program"]'), /Chương trình/);
    assert.deepEqual(trouble, []);
  });
});
