// Browser tests of the support agents' view (web/agent/), run with:
//   node --test tests/browser/
// Needs the wasm package (wasm/dist) and the CLI (build/assurecalc) built,
// playwright-core and axe-core from npm, and Debian's /usr/bin/chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startServer, launch, newContext } from './lib/harness.mjs';
import { ordersCsv, orderTexts, brokenCsv, resultRecords } from './lib/agent-fixtures.mjs';
import { heapWatch } from './lib/heap.mjs';
import { init as initNode } from '../../wasm/full-node.js';

const CLI = `${ROOT}build/assurecalc`;
const SHOTS = '/tmp/shots';
const FIXTURES = `${ROOT}tests/fixtures/agents`;
let server, browser, ac, dir;
const contexts = [];
const files = {};

async function context(opts) {
  const c = await newContext(browser, server.origin, opts);
  contexts.push(c);
  return c;
}
// Fails the test if the page logged an error, broke the CSP or called out.
async function clean(page, trouble) {
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'CSP violations');
  assert.deepEqual(trouble, [], 'console errors, failed or off-origin requests');
}
async function openAgent(ctx, hash = '') {
  const page = await ctx.newPage();
  await page.goto(`${server.origin}/web/agent/${hash}`);
  await page.waitForSelector('body[data-ready]', { timeout: 20e3 });
  return page;
}
async function done(page, timeout = 120e3) {
  await page.waitForFunction(() => ['done', 'failed'].includes(document.querySelector('#results').dataset.state), null, { timeout });
  return page.$eval('#results', (r) => ({ ...r.dataset }));
}
async function loadFile(page, file) {
  await page.setInputFiles('#file', file);
  return done(page);
}
// Chooses a file made in the page (so a large one costs the test nothing to
// send): `parts` are [text, times] pairs, joined into one File; a text may be
// { pad: n }, n spaces (made once in the page, however often used).
async function chooseMadeFile(page, name, parts) {
  await page.evaluate(
    ([n, ps]) => {
      const pads = new Map();
      const textOf = (t) => (typeof t === 'string' ? t : (pads.get(t.pad) ?? pads.set(t.pad, ' '.repeat(t.pad)).get(t.pad)));
      const blobParts = [];
      for (const [text, times] of ps) for (let k = 0; k < times; k++) blobParts.push(textOf(text));
      const dt = new DataTransfer();
      dt.items.add(new File(blobParts, n, { type: 'text/plain' }));
      const input = document.querySelector('#file');
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [name, parts],
  );
}
// The same file on disk, for the CLI.
function writeMadeFile(path, parts) {
  writeFileSync(path, parts.map(([text, times]) => (typeof text === 'string' ? text : ' '.repeat(text.pad)).repeat(times)).join(''));
  return path;
}
const NINE = ordersCsv(9, 5);
async function pasteNine(page) {
  await page.fill('#paste', NINE);
  await page.click('#run');
  const st = await done(page);
  assert.deepEqual([st.state, st.format, st.orders, st.errors], ['done', 'csv', '9', '0'], 'a 9-row paste works');
  assert.equal(await page.$$eval('#rows tr[data-status]', (t) => t.length), Number(st.rows));
  return st;
}
// `assurecalc batch --csv FILE`: stdout bytes and exit status (1 = some row had errors).
function cli(file, asOf = null) {
  const r = spawnSync(CLI, ['batch', '--csv', ...(asOf ? ['--as-of', asOf] : []), file], { maxBuffer: 1 << 28 });
  assert.ok(r.status === 0 || r.status === 1, `CLI failed: ${r.status} ${r.stderr}`);
  return r.stdout;
}
async function download(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
}
// Table rows on the page as the tests read them.
const tableRows = (page) =>
  page.$$eval('#rows tr[data-status]', (trs) =>
    trs.map((tr) => ({
      line: tr.querySelector('.c-line').textContent,
      id: tr.querySelector('.c-id button').textContent,
      status: tr.dataset.status,
      kind: tr.dataset.kind || '',
      days: tr.dataset.days == null ? null : Number(tr.dataset.days),
      max: tr.querySelector('.c-max').textContent,
      why: tr.querySelector('.c-why').textContent,
      closes: tr.querySelector('.c-closes').textContent,
    })),
  );

before(async () => {
  assert.ok(existsSync(CLI), 'build/assurecalc is missing: run scripts/build.sh first');
  dir = mkdtempSync(join(tmpdir(), 'assurecalc-agent-'));
  mkdirSync(SHOTS, { recursive: true });
  // Generated deterministically; the small hand-made ones are committed.
  files.o2000 = join(dir, 'orders-2000.csv');
  writeFileSync(files.o2000, ordersCsv(2000, 7));
  files.o10000 = join(dir, 'orders-10000.csv');
  writeFileSync(files.o10000, ordersCsv(10000, 8));
  files.broken = `${FIXTURES}/broken.csv`;
  assert.equal(readFileSync(files.broken, 'utf8'), brokenCsv(), 'tests/fixtures/agents/broken.csv is what agent-fixtures.mjs makes');
  ac = await initNode();
  server = await startServer();
  browser = await launch();
});
after(async () => {
  for (const c of contexts) await c.ctx.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the agent view', () => {
  test('served under the CSP, with no inline script or style', async () => {
    const r = await fetch(`${server.origin}/web/agent/`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(r.headers.get('content-security-policy'), /style-src 'self'/);
    const html = await r.text();
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline scripts');
    assert.doesNotMatch(html, /\sstyle=|<style/, 'no inline styles');
    for (const f of ['agent.js', 'worker.js'])
      assert.doesNotMatch(
        readFileSync(`${ROOT}web/agent/${f}`, 'utf8'),
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/,
        `${f}: no HTML from strings`,
      );
  });

  test('a 2,000-row CSV: progress bar, table, filter, sort, one order in full, its quote, and the export = the CLI byte for byte', async () => {
    const { ctx, trouble } = await context({ permissions: ['clipboard-read', 'clipboard-write'] });
    const requests = [];
    ctx.on('request', (r) => requests.push(r.url()));
    const page = await openAgent(ctx);
    // The worker's own loads are watched too (the harness flags any off origin).
    assert.ok(requests.includes(`${server.origin}/wasm/dist/assurecalc-full.wasm`), "the worker fetched the module from the page's origin");
    const template = await page.$eval('#template', (a) => ({ href: a.href, download: a.download }));
    assert.match(template.href, /^blob:/);
    assert.equal(template.download, 'assurecalc-orders-template.csv');
    const tpl = await download(page, () => page.click('#template'));
    assert.equal(tpl.bytes.toString(), spawnSync(CLI, ['--csv-template']).stdout.toString(), "the template is the CLI's");
    // Record what the progress bar shows while the file is checked.
    await page.evaluate(() => {
      window.__progress = [];
      const bar = document.querySelector('#progress'),
        box = document.querySelector('#progress-box');
      new MutationObserver(() => window.__progress.push({ value: bar.getAttribute('value'), max: bar.max, shown: !box.hidden })).observe(
        bar,
        { attributes: true },
      );
    });
    const state = await loadFile(page, files.o2000);
    const cliOut = cli(files.o2000);
    const expected = resultRecords(cliOut.toString());
    assert.equal(state.state, 'done');
    assert.equal(state.format, 'csv');
    assert.equal(Number(state.orders), 2000);
    assert.equal(Number(state.rows), expected.length);
    assert.equal(Number(state.errors), 0);
    // The bar shows how much of the file has been read and checked (its bytes:
    // the number of orders is known only at the end).
    const size = statSync(files.o2000).size;
    assert.equal(Number(state.read), size);
    assert.equal(Number(state.size), size);
    const seen = await page.evaluate(() => window.__progress);
    assert.ok(
      seen.some((s) => s.shown && s.value !== null && Number(s.value) > 0 && Number(s.value) < size),
      `the bar moved through the run: ${JSON.stringify(seen.slice(0, 5))}…`,
    );
    assert.ok(seen.some((s) => Number(s.value) === size && s.max === size));
    // Under a second the time is in milliseconds, else in seconds.
    assert.match(await page.innerText('#progress-text'), /^2,000 orders checked in (\d+ ms|[\d.,]+ s)\.$/);

    // Status counts and the first page, row by row, as the CLI says.
    const count = (f) => expected.filter(f).length;
    const chips = await page.$$eval('#summary button[data-status]', (bs) =>
      Object.fromEntries(bs.map((b) => [b.dataset.status, Number(b.querySelector('strong').textContent.replace(/\D/g, ''))])),
    );
    for (const s of ['open', 'not_yet_open', 'needs_info', 'closed', 'not_covered'])
      assert.equal(
        chips[s] ?? 0,
        count((r) => r.status === s),
        s,
      );
    let rows = await tableRows(page);
    assert.equal(rows.length, 50);
    rows.forEach((r, k) => {
      const e = expected[k];
      assert.deepEqual([r.line, r.id, r.status, r.kind], [e.line, e.order_id, e.status, e.kind], `row ${k}`);
      assert.equal(r.days, e.days_left === '' ? null : Number(e.days_left));
      if (e.refund_max === '') assert.equal(r.max, '—');
      else assert.match(r.max, /\d/);
    });

    // "Open, closing within 3 days".
    await page.click('#f-soon');
    const soon = count((r) => r.status === 'open' && r.days_left !== '' && Number(r.days_left) <= 3);
    assert.ok(soon > 0);
    assert.equal(Number(await page.$eval('#shown', (p) => p.dataset.count)), soon);
    rows = await tableRows(page);
    assert.ok(rows.length > 0 && rows.every((r) => r.status === 'open' && r.days <= 3));
    // Sorted by days left, fewest first; the header says so.
    await page.click('#head button[data-sort=days]');
    assert.equal(await page.getAttribute('th:has(button[data-sort=days])', 'aria-sort'), 'ascending');
    assert.equal(await page.$$eval('#head th[aria-sort]', (t) => t.length), 1);
    rows = await tableRows(page);
    assert.deepEqual(
      rows.map((r) => r.days),
      rows.map((r) => r.days).sort((a, b) => a - b),
    );
    await page.screenshot({ path: `${SHOTS}/agent-table-1280.png` });

    // One order in full: the first of that list.
    const first = rows[0];
    const rec = expected.find((e) => e.line === first.line && e.kind === first.kind);
    const row = ac.csv.toClaims(readFileSync(files.o2000, 'utf8')).rows.find((x) => String(x.line) === rec.line);
    const result = JSON.parse(ac.evaluateJSON(row.claim));
    const claim = result.claims.find((c) => c.kind === first.kind);
    const rules = new Map(ac.programs().flatMap((p) => p.rules.map((r) => [r.id, r])));
    await page.click('#rows tr:first-child button.order');
    await page.waitForSelector('#detail[open]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'd-title');
    assert.match(await page.innerText('#d-title'), new RegExp(`Order ${first.id} · Line ${rec.line}`));
    const sec = `#d-body section.claim[data-kind=${first.kind}]`;
    assert.equal(await page.getAttribute(sec, 'data-status'), 'open');
    const basis = await page.$$eval(`${sec} table.basis tbody tr`, (trs) =>
      trs.map((tr) => ({
        cap: tr.dataset.cap,
        applied: tr.dataset.applied === 'true',
        amount: tr.cells[1].textContent,
        decides: tr.cells[2].textContent,
        rule: tr.querySelector('.rule code').textContent,
        title: tr.querySelector('.rule .rtitle')?.textContent ?? null,
        href: tr.querySelector('.rule a.src')?.href ?? null,
      })),
    );
    assert.equal(basis.length, claim.refund.basis.length, 'every cap is listed');
    claim.refund.basis.forEach((b, k) => {
      const got = basis[k];
      assert.deepEqual([got.cap, got.applied, got.rule], [b.cap, b.applied, b.rule]);
      assert.equal(got.title, rules.get(b.rule).title);
      assert.equal(got.href, rules.get(b.rule).source?.url ?? null, `${b.rule}: link to its source`);
      assert.match(got.decides, b.applied ? /decides the amount/ : /not the lowest/);
    });
    assert.ok(basis.some((b) => b.applied));
    assert.equal(await page.$$eval('#d-body details.trace li', (l) => l.length), result.trace.length);
    assert.match(await page.innerText('#d-body .meta'), new RegExp(`Policy version\\s+${result.program.id}`));

    // The quote, in English with the agent's zone (Europe/Berlin) ...
    // The currency's exponent is the engine's (ISO 4217), not Intl's.
    const exp = ac.vocabulary().currencies.find((c) => c.code === claim.refund.currency).exponent;
    const money = await page.evaluate(
      ([minor, cur, e]) => {
        return new Intl.NumberFormat('en-US', { style: 'currency', currency: cur, minimumFractionDigits: e, maximumFractionDigits: e })
          .format(minor / 10 ** e)
          .replace(/^\$/, 'US$');
      },
      [claim.refund.max, claim.refund.currency, exp],
    );
    const closes = await page.evaluate(
      ([iso, zone]) =>
        new Intl.DateTimeFormat('en-US', {
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
          timeZone: zone,
        }).format(new Date(iso)),
      [claim.closes_at, 'Asia/Shanghai'],
    );
    const closesHere = await page.evaluate(
      ([iso, zone]) =>
        new Intl.DateTimeFormat('en-US', {
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
          timeZone: zone,
        }).format(new Date(iso)),
      [claim.closes_at, 'Europe/Berlin'],
    );
    let quote = await page.inputValue('#q-text');
    assert.match(quote, new RegExp(`^Trade Assurance refund quote — order ${first.id}\n`));
    assert.ok(quote.includes(`Refund: up to ${money}`), `amount ${money} in:\n${quote}`);
    assert.ok(quote.includes(`Last day to claim: ${closes} Beijing time (${closesHere} in Europe/Berlin)`), `deadline in:\n${quote}`);
    assert.match(quote, new RegExp(`\\b${claim.days_left} days? left\\.|Today is the last day\\.`));
    for (const b of claim.refund.basis) assert.ok(quote.includes(`(rule ${b.rule})`), b.rule);
    assert.match(quote, /← decides the amount/);
    assert.ok(quote.includes(`Policy version: ${result.program.id}, for orders created from `), quote);
    await page.click('#q-copy');
    await page.waitForFunction(() => document.querySelector('#q-copied').textContent !== '');
    assert.equal(await page.innerText('#q-copied'), 'Quote copied.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), quote);
    // ... and in Vietnamese for a buyer in Ho Chi Minh City.
    await page.selectOption('#q-lang', 'vi');
    await page.selectOption('#q-zone', 'Asia/Ho_Chi_Minh');
    quote = await page.inputValue('#q-text');
    assert.match(quote, new RegExp(`^Báo giá hoàn tiền Trade Assurance — đơn hàng ${first.id}\n`));
    assert.match(quote, /Hạn chót khiếu nại: .* giờ Bắc Kinh \(.* theo múi giờ Asia\/Ho_Chi_Minh\)/);
    assert.match(quote, /Hoàn tiền: tối đa /);
    for (const b of claim.refund.basis) assert.ok(quote.includes(`(quy tắc ${b.rule})`), b.rule);
    assert.ok(quote.includes(`Phiên bản chính sách: ${result.program.id}`));
    assert.equal(await page.getAttribute('#q-text', 'lang'), 'vi');
    await page.click('#q-copy');
    await page.waitForFunction((q) => document.querySelector('#q-copied').textContent !== '' && q, quote);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), quote);
    await page.screenshot({ path: `${SHOTS}/agent-detail-1280.png` });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#detail', { state: 'hidden' });
    assert.equal(
      await page.evaluate(() => document.activeElement?.classList.contains('order') && document.activeElement.textContent),
      first.id,
      'focus back on the order',
    );

    // The export is the whole table, whatever the filter: the CLI's bytes.
    const out = await download(page, () => page.click('#export'));
    assert.equal(out.name, 'orders-2000-results.csv');
    assert.ok(out.bytes.equals(cliOut), `export differs from the CLI (${out.bytes.length} vs ${cliOut.length} bytes)`);
    await clean(page, trouble);
  });

  test('a CSV with broken rows: every good row checked, every bad row listed with its line and error', async () => {
    const { ctx, trouble } = await context();
    const page = await openAgent(ctx);
    const state = await loadFile(page, files.broken);
    // The row without as_of (line 9) is checked at the moment of checking,
    // as `batch --as-of <that moment>` does, and the view says so (issue 13).
    assert.equal(state.asOfCount, '1');
    assert.match(state.asOfDefault, /^\d{4}-\d\d-\d\dT/);
    assert.match(await page.innerText('#as-of-note'), /^1 order had no as_of: it was checked as of .*, the moment of checking/);
    assert.equal(
      resultRecords(cli(files.broken).toString()).filter((r) => r.status === 'error').length,
      8,
      'without --as-of the CLI refuses it',
    );
    const cliOut = cli(files.broken, state.asOfDefault);
    const expected = resultRecords(cliOut.toString());
    const bad = expected.filter((r) => r.status === 'error');
    assert.equal(bad.length, 7);
    assert.ok(expected.some((r) => r.line === '9' && Date.parse(r.as_of) === Date.parse(state.asOfDefault) && r.status !== 'error'));
    assert.equal(Number(state.orders), 13, 'the blank line is not an order');
    assert.equal(Number(state.errors), 7);
    assert.equal(Number(state.rows), expected.length);
    // The row whose order number holds a line break starts on line 10; the next rows shift by one.
    assert.deepEqual(
      bad.map((r) => Number(r.line)),
      [3, 5, 6, 12, 13, 14, 15],
    );
    assert.ok(expected.some((r) => r.line === '10' && r.order_id === 'PO-QUOTED, with a comma\nand a line break' && r.status !== 'error'));
    assert.match(await page.innerText('#bad-h'), /7 orders could not be read/);
    const listed = await page.$$eval('#bad-list > li', (lis) => lis.map((li) => ({ line: li.dataset.line, text: li.textContent })));
    assert.deepEqual(
      listed.map((l) => l.line),
      bad.map((r) => r.line),
    );
    bad.forEach((r, k) => {
      assert.ok(listed[k].text.startsWith(`Line ${r.line}`), listed[k].text);
      for (const code of r.errors.match(/\b[A-Z_]{6,}\b/g)) assert.ok(listed[k].text.includes(code), `${code} listed for line ${r.line}`);
    });
    // Every good row is in the table; the bad ones too, as errors.
    await page.selectOption('#f-status', 'error');
    assert.equal(Number(await page.$eval('#shown', (p) => p.dataset.count)), 7);
    const errRows = await tableRows(page);
    assert.deepEqual(
      errRows.map((r) => r.line),
      bad.map((r) => r.line),
    );
    assert.ok(errRows.every((r) => /[A-Z_]{6,}/.test(r.why)));
    await page.selectOption('#f-status', '');
    assert.equal(Number(await page.$eval('#shown', (p) => p.dataset.count)), expected.length);
    await page.screenshot({ path: `${SHOTS}/agent-errors-1280.png`, fullPage: true });
    // An error row opened: its errors, with codes and paths.
    await page.click('#bad-list > li:nth-child(1) button');
    await page.waitForSelector('#detail[open] #d-body .errors');
    const errs = await page.innerText('#d-body .errors');
    assert.match(errs, /INVALID_DATE \/order\/created_on/);
    assert.equal(await page.$('#q-text'), null, 'no quote for an order that could not be read');
    await page.click('#d-close');
    const out = await download(page, () => page.click('#export'));
    assert.ok(out.bytes.equals(cliOut), 'export = CLI');
    await clean(page, trouble);
  });

  test('JSON array and JSON Lines pasted: "line" is the item number, bad items kept, export from csv.rows', async () => {
    const { ctx, trouble } = await context();
    const page = await openAgent(ctx);
    const texts = orderTexts(9, 21);
    // Item 3 repeats a key (the engine refuses it; JSON.parse would not); item 6
    // has an impossible date in the array and is cut short in JSON Lines.
    const items = texts.map((t, k) =>
      k === 2 ? t.replace('{', '{"as_of":"2025-01-01T00:00:00Z",') : JSON.stringify(JSON.parse(t), null, 2),
    );
    items[5] = items[5].replace(/"created_on": "[^"]*"/, '"created_on": "2025-02-30"');
    const lines = items.map((t) => t.replace(/\n\s*/g, ''));
    lines[5] = texts[5].slice(0, 50);
    const arrayText = `[\n${items.join(',\n')}\n]\n`;
    const expectCsv = (list) =>
      ac.csv.resultHeader() +
      list
        .map((t, k) => {
          let id = '';
          try {
            id = String(JSON.parse(t).order.id);
          } catch {
            // not JSON: no order id
          }
          return ac.csv.rows(k + 1, id, t);
        })
        .join('');
    for (const [format, text, list] of [
      ['json', arrayText, items],
      ['jsonl', lines.join('\n\n') + '\n', lines],
    ]) {
      await page.fill('#paste', text);
      await page.click('#run');
      const state = await done(page);
      assert.equal(state.format, format);
      assert.equal(Number(state.orders), 9);
      assert.equal(Number(state.errors), 2);
      assert.match(await page.innerText('#head th.c-line'), /^Item/);
      const listed = await page.$$eval('#bad-list > li', (lis) => lis.map((li) => li.textContent));
      assert.match(listed[0], format === 'json' ? /^Item 3 \(line \d+\)/ : /^Item 3 \(line 5\)/);
      assert.match(listed[0], /INVALID_JSON/);
      assert.match(
        listed[1],
        format === 'json' ? /^Item 6 \(line \d+\).*INVALID_DATE — \/order\/created_on/s : /^Item 6 \(line 11\).*INVALID_JSON/s,
      );
      const out = await download(page, () => page.click('#export'));
      assert.equal(out.bytes.toString(), expectCsv(list), `${format} export`);
    }
    // A broken array: the items before the break are checked, the rest is one
    // error from the line where it broke, and the page says so.
    await page.fill('#paste', `[\n${items[0]},\n${texts[1].slice(0, 60)},\n${items[3]},\n${items[4]}\n]`);
    await page.click('#run');
    const broken = await done(page);
    assert.equal(broken.format, 'json');
    assert.equal(Number(broken.errors), 1);
    assert.ok(Number(broken.orders) >= 2);
    assert.match(await page.innerText('#file-error'), /The JSON array is broken at item 2 \(line \d+\)/);
    // One claim alone.
    await page.fill('#paste', JSON.stringify(JSON.parse(texts[0]), null, 2));
    await page.click('#run');
    const one = await done(page);
    assert.deepEqual([one.format, one.orders, one.errors], ['json', '1', '0']);
    await clean(page, trouble);
  });

  test('a CSV the engine cannot read at all says why, and nothing else is lost', async () => {
    const { ctx, trouble } = await context();
    const page = await openAgent(ctx);
    await page.fill('#paste', 'order_id,total,colour\nPO-1,100,red\n');
    await page.click('#run');
    assert.equal((await done(page)).state, 'failed');
    assert.match(await page.innerText('#file-error'), /The CSV could not be read: line 1: unknown column "colour"/);
    assert.equal(await page.isHidden('#results'), true);
    await page.fill('#paste', 'order_id,created_on,currency,total\n"PO-1,2025-01-01,USD,100\n');
    await page.click('#run');
    assert.equal((await done(page)).state, 'failed');
    assert.match(await page.innerText('#file-error'), /line 2: a quoted field is not closed/);
    await page.fill('#paste', '   \n');
    await page.click('#run');
    await done(page);
    assert.match(await page.innerText('#file-error'), /nothing to check/);
    // The template itself, pasted, is one open quality claim.
    await page.fill('#paste', ac.csv.template());
    await page.click('#run');
    const st = await done(page);
    assert.deepEqual([st.state, st.orders, st.rows], ['done', '1', '1']);
    assert.equal(await page.innerText('#file-error'), '');
    await clean(page, trouble);
  });

  test('10,000 orders: time from file chosen to table complete, and the CLI on the same file', async () => {
    const { ctx, trouble } = await context();
    const page = await openAgent(ctx);
    // Main-thread tasks over 50 ms while the worker runs: the page must not freeze.
    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    });
    const t0 = Date.now();
    await page.setInputFiles('#file', files.o10000);
    await page.waitForFunction(() => {
      const p = document.querySelector('#progress');
      return p.hasAttribute('value') && p.value > 0 && p.value < p.max;
    });
    await page.screenshot({ path: `${SHOTS}/agent-progress-1280.png` });
    // The page answers while the worker evaluates.
    const tClick = Date.now();
    await page.click('#f-soon');
    const clickMs = Date.now() - tClick;
    const state = await done(page);
    const wall = Date.now() - t0;
    assert.equal(Number(state.orders), 10000);
    const long = await page.evaluate(() => window.__long);
    const c0 = process.hrtime.bigint();
    const cliOut = cli(files.o10000);
    const cliMs = Number(process.hrtime.bigint() - c0) / 1e6;
    const rows = resultRecords(cliOut.toString()).length;
    assert.equal(Number(state.rows), rows);
    console.log(
      `agent view, 10,000 orders (${rows} result rows) in headless Chromium: ${state.elapsedMs} ms from file chosen to table complete ` +
        `(worker ${state.workerMs} ms; ${wall} ms as the test saw it); longest main-thread task ${Math.round(Math.max(0, ...long))} ms ` +
        `(${long.length} over 50 ms); a filter click during the run answered in ${clickMs} ms`,
    );
    console.log(
      `CLI, same file: assurecalc batch --csv in ${cliMs.toFixed(0)} ms = ${Math.round(10000 / (cliMs / 1000)).toLocaleString('en')} orders/s`,
    );
    // A page frozen by the evaluation would show one task as long as the run.
    assert.ok(
      Math.max(0, ...long) < Number(state.workerMs) / 2,
      `a main-thread task took ${Math.max(...long)} ms of a ${state.workerMs} ms run`,
    );
    const out = await download(page, () => page.click('#export'));
    assert.ok(out.bytes.equals(cliOut), '10,000-order export = CLI');
    await clean(page, trouble);
  });

  test('a 62 MB CSV is read a piece at a time: memory stays small, a row over 1 MiB is an error row with its line, the export = the CLI', async () => {
    const { ctx, trouble } = await context();
    const page = await openAgent(ctx);
    // 100 orders padded to 600 KB each with a blank cell (left out of the
    // claim), and at line 52 a row of 2 MB: the engine reads rows of 1 MiB.
    const head = 'order_id,as_of,created_on,currency,total,kind,claimed\n';
    const row = (id, pad) => [
      [`${id},2025-04-20T09:30:00Z,2025-03-02,USD,300000,quality,`, 1],
      [{ pad }, 1],
      ['\n', 1],
    ];
    const parts = [
      [head, 1],
      ...Array.from({ length: 50 }, (_, k) => row(`PO-${k + 1}`, 600_000)).flat(),
      ...row('PO-BIG', 2_000_000),
      ...Array.from({ length: 50 }, (_, k) => row(`PO-${k + 51}`, 600_000)).flat(),
    ];
    const size = parts.reduce((n, [t, k]) => n + (typeof t === 'string' ? t.length : t.pad) * k, 0);
    assert.ok(size > 62e6);
    const watch = await heapWatch(page);
    const t0 = Date.now();
    await chooseMadeFile(page, 'padded.csv', parts);
    const state = await done(page);
    const ms = Date.now() - t0;
    const { base, peak } = await watch.stop();
    const mb = (n) => Math.round(n / 1e6);
    console.log(
      `agent view, a ${mb(size)} MB CSV of 101 rows: ${ms} ms; heap peaks: page ${mb(peak.page)} MB (from ${mb(base.page)}), worker ${mb(peak.worker)} MB (from ${mb(base.worker)}), ` +
        `worker buffers and wasm memory ${mb(peak.workerBuffers)} MB (from ${mb(base.workerBuffers)})`,
    );
    assert.deepEqual([state.state, state.orders, state.errors, Number(state.read)], ['done', '101', '1', size]);
    // Neither side ever held the text: the page never reads it, the worker
    // and the engine hold one piece (1 MiB) and what each order needs.
    assert.ok(peak.page - base.page < 20e6, `page heap grew by ${mb(peak.page - base.page)} MB`);
    assert.ok(peak.worker - base.worker < 20e6, `worker heap grew by ${mb(peak.worker - base.worker)} MB`);
    assert.ok(peak.workerBuffers < 64e6, `worker buffers reached ${mb(peak.workerBuffers)} MB`);
    // The long row is an error row at its line, in the table and the list.
    await page.selectOption('#f-status', 'error');
    const bad = await tableRows(page);
    assert.deepEqual(
      bad.map((r) => [r.line, r.status]),
      [['52', 'error']],
    );
    assert.match(bad[0].why, /INPUT_TOO_LARGE/);
    assert.match(await page.innerText('#bad-list'), /^Line 52:\s*INPUT_TOO_LARGE — line 52: a row longer than 1024 KiB/);
    await page.click('#bad-list button');
    await page.waitForSelector('#detail[open] #d-body .errors');
    assert.match(await page.innerText('#d-body .errors'), /INPUT_TOO_LARGE/);
    await page.keyboard.press('Escape');
    await page.selectOption('#f-status', '');
    // Each order is judged again from its claim when opened.
    await page.click('#rows tr:nth-child(3) button.order');
    await page.waitForSelector('#detail[open] #d-body section.claim');
    assert.match(await page.innerText('#d-title'), /Order PO-3 · Line 4/);
    await page.keyboard.press('Escape');
    const cliOut = cli(writeMadeFile(join(dir, 'padded.csv'), parts));
    const out = await download(page, () => page.click('#export'));
    assert.ok(
      out.bytes.equals(cliOut),
      `export differs from the CLI:\n${out.bytes.toString().slice(0, 400)}\n---\n${cliOut.toString().slice(0, 400)}`,
    );
    await pasteNine(page);
    await clean(page, trouble);
  });

  test('more orders than the view keeps: the first 100,000, a message naming the limit and the CLI, and the view keeps working', async () => {
    const { ctx, trouble } = await context();
    const page = await openAgent(ctx);
    const head = 'order_id,as_of,created_on,currency,total,kind\n';
    const row = 'PO-SAME,2025-04-20T09:30:00Z,2025-03-02,USD,300000,quality\n';
    const t0 = Date.now();
    await chooseMadeFile(page, 'many.csv', [
      [head, 1],
      [row, 100_050],
    ]);
    const state = await done(page, 300e3);
    console.log(`agent view, 100,050 orders: the first 100,000 checked in ${Date.now() - t0} ms (worker ${state.workerMs} ms)`);
    assert.deepEqual([state.state, state.orders, state.limit], ['done', '100000', 'orders']);
    assert.ok(Number(state.read) < Number(state.size));
    const text = await page.innerText('#limit');
    assert.match(text, /more orders than the view keeps \(100,000\): the table shows the first 100,000, up to line 100,001/);
    assert.match(text, /assurecalc batch --csv many\.csv > results\.csv/);
    assert.equal(await page.isVisible('#limit'), true);
    assert.match(await page.innerText('#live'), /100,000/);
    // The table works on what was kept: the last page, its last order in full.
    await page.click('#pager button[data-page-role=last]');
    const rows = await tableRows(page);
    assert.equal(rows.at(-1).line, '100001');
    await page.click('#rows tr:last-child button.order');
    await page.waitForSelector('#detail[open] #d-body section.claim');
    assert.match(await page.innerText('#d-title'), /Line 100001/);
    await page.keyboard.press('Escape');
    await page.screenshot({ path: `${SHOTS}/agent-limit-1280.png` });
    await pasteNine(page);
    assert.equal(await page.isHidden('#limit'), true, 'the message goes with the next input');
    await clean(page, trouble);
  });

  test('orders whose claims reach 128 MB: the view keeps what fits, says so, and shows long order numbers cut short', async () => {
    const { ctx, trouble } = await context();
    const page = await openAgent(ctx);
    // JSON Lines of 700 KB claims (a long order number), 200 of them: 140 MB.
    const id = `PO-${'7'.repeat(700_000)}`;
    const line = JSON.stringify({ ...JSON.parse(orderTexts(1, 4)[0]), order: { ...JSON.parse(orderTexts(1, 4)[0]).order, id } }) + '\n';
    await chooseMadeFile(page, 'long-ids.jsonl', [[line, 200]]);
    const state = await done(page, 120e3);
    const kept = Math.floor(128e6 / (line.length - 1));
    assert.deepEqual([state.state, state.format, state.limit, Number(state.orders)], ['done', 'jsonl', 'kept', kept]);
    const text = await page.innerText('#limit');
    assert.match(
      text,
      new RegExp(`The orders' text reached what the view keeps \\(128 MB\\): the table shows the first ${kept} orders, up to line ${kept}`),
    );
    assert.match(text, /assurecalc batch long-ids\.jsonl > results\.jsonl/);
    const first = await page.$eval('#rows tr:first-child button.order', (b) => b.textContent);
    assert.equal(first.length, 80);
    assert.ok(first.endsWith('…') && id.startsWith(first.slice(0, -1)));
    await pasteNine(page);
    await clean(page, trouble);
  });

  test('after a failure the view works for the next input: a JSON document over its limit, an engine that broke', async () => {
    const { ctx, trouble } = await context();
    const page = await openAgent(ctx);
    // A JSON array of 70 MB: read whole, so refused with the limit and what to do.
    const claim = orderTexts(1, 3)[0];
    await chooseMadeFile(page, 'huge.json', [
      ['[', 1],
      [claim + ',\n', Math.ceil(70e6 / (claim.length + 2))],
      [claim + ']', 1],
    ]);
    const st = await done(page);
    assert.equal(st.state, 'failed');
    assert.match(
      await page.innerText('#file-error'),
      /This JSON document is 7\d MB: the view reads a JSON array of up to 64 MB at once\. Save the orders as CSV or JSON Lines/,
    );
    assert.equal(await page.isHidden('#results'), true);
    await pasteNine(page);
    // The engine inside the worker stops working (as after an Aborted()): the
    // run fails, says so, and a new worker takes the next input.
    const [worker] = page.workers();
    await worker.evaluate(() => {
      TextEncoder.prototype.encodeInto = () => {
        throw new Error('Aborted()');
      };
    });
    await page.fill('#paste', NINE);
    await page.click('#run');
    assert.equal((await done(page)).state, 'failed');
    assert.match(
      await page.innerText('#file-error'),
      /Something went wrong while checking the orders\. The checker has been restarted: try again/,
    );
    await page.waitForFunction(() => document.body.dataset.ready);
    await pasteNine(page);
    await page.fill('#paste', NINE);
    await page.click('#run');
    assert.equal((await done(page)).state, 'done', 'and the one after');
    // The failure was logged; nothing else went wrong.
    assert.deepEqual(
      trouble.filter((t) => !/Aborted\(\)/.test(t)),
      [],
    );
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
  });

  test('a worker whose script cannot load: the view says the engine could not load, and starts no other', async () => {
    const { ctx } = await context();
    await ctx.addInitScript(() => {
      const Real = Worker;
      let made = 0;
      Object.defineProperty(window, '__workers', { get: () => made });
      window.Worker = class extends Real {
        constructor(...a) {
          made++;
          super(...a);
        }
      };
    });
    await ctx.route('**/web/agent/worker.js', (r) => r.fulfill({ status: 404, body: 'gone' }));
    const page = await ctx.newPage();
    await page.goto(`${server.origin}/web/agent/`);
    await page.waitForFunction(
      () => /The rules engine could not load\./.test(document.querySelector('#file-error')?.textContent || ''),
      null,
      {
        timeout: 20e3,
      },
    );
    await page.waitForTimeout(1500);
    assert.equal(await page.evaluate(() => window.__workers), 1, 'one worker, not one after another');
    assert.equal(await page.evaluate(() => document.body.dataset.ready), undefined);
  });

  test('keyboard only: sort from a header, open an order, copy its quote, close, back where it was', async () => {
    const { ctx, trouble } = await context({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await openAgent(ctx);
    await page.fill('#paste', readFileSync(files.o2000, 'utf8').split('\n').slice(0, 301).join('\n'));
    await page.click('#run');
    await done(page);
    const focused = () =>
      page.evaluate(() => document.activeElement?.id || document.activeElement?.dataset.sort || document.activeElement?.textContent);
    const tabTo = async (want, max = 200) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if ((await focused()) === want) return;
      }
      throw new Error(`Tab never reached ${want}`);
    };
    await page.focus('#export');
    await tabTo('max');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('th:has(button[data-sort=max])', 'aria-sort'), 'descending', 'largest refund first');
    assert.equal(await focused(), 'max', 'focus stays on the header');
    const firstId = await page.$eval('#rows tr:first-child button.order', (b) => b.textContent);
    await tabTo(firstId);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail[open]');
    await tabTo('q-copy');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#q-copied').textContent === 'Quote copied.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.inputValue('#q-text'));
    await page.keyboard.press('Escape');
    await page.waitForSelector('#detail', { state: 'hidden' });
    assert.equal(await focused(), firstId);
    await clean(page, trouble);
  });

  test('axe-core finds no violations (table, errors, one order, Vietnamese)', async () => {
    const axe = readFileSync(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8');
    // axe is injected as an inline script, so this context alone bypasses the CSP.
    const { ctx } = await context({ bypassCSP: true });
    const page = await openAgent(ctx);
    const run = async (what) => {
      await page.addScriptTag({ content: axe });
      const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      assert.deepEqual(
        r.violations.map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
        ),
        [],
        what,
      );
    };
    await loadFile(page, files.broken);
    await run('table with errors');
    await page.click('#rows tr:not([data-status=error]) button.order');
    await page.waitForSelector('#detail[open] #q-text');
    await run('one order');
    await page.keyboard.press('Escape');
    await page.selectOption('#lang', 'vi');
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
    assert.match(await page.innerText('h1'), /Báo giá hoàn tiền/);
    assert.match(await page.innerText('#head'), /Hoàn tối đa/);
    await run('Vietnamese');
    await page.$eval('#results-h', (h) => h.scrollIntoView());
    await page.screenshot({ path: `${SHOTS}/agent-vi-1280.png` });
  });

  test('screenshots at 1280 and 390 px', async () => {
    for (const width of [1280, 390]) {
      const { ctx, trouble } = await context({ viewport: { width, height: width > 500 ? 900 : 844 } });
      const page = await openAgent(ctx);
      await loadFile(page, files.o2000);
      await page.click('#f-soon');
      await page.screenshot({ path: `${SHOTS}/agent-soon-${width}.png` });
      await page.$eval('#results-h', (h) => h.scrollIntoView());
      await page.screenshot({ path: `${SHOTS}/agent-results-${width}.png` });
      await page.click('#rows tr:first-child button.order');
      await page.waitForSelector('#detail[open]');
      await page.screenshot({ path: `${SHOTS}/agent-order-${width}.png` });
      await page.$eval('#d-body .quote', (q) => q.scrollIntoView());
      await page.screenshot({ path: `${SHOTS}/agent-quote-${width}.png` });
      await page.keyboard.press('Escape');
      await loadFile(page, files.broken);
      await page.$eval('#bad', (b) => b.scrollIntoView());
      await page.screenshot({ path: `${SHOTS}/agent-bad-${width}.png` });
      // Nothing wider than the screen but the scrollable table itself.
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(wide <= 0, `page scrolls sideways by ${wide}px at ${width}px`);
      await clean(page, trouble);
    }
  });
});
