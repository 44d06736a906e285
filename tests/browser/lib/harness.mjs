// Test harness for the buyer's page: starts scripts/serve.mjs on a free
// port, drives Debian's Chromium through playwright-core, and records
// console errors, page errors, CSP violations and requests that leave the
// page's origin, so every test can assert the page stayed clean.
import { after, before } from 'node:test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}scripts/serve.mjs`, '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Never leave the server behind, even when a test run dies early.
    process.once('exit', () => child.kill());
    let out = '';
    const timer = setTimeout(() => fail(new Error(`serve.mjs printed no address: ${out}`)), 10e3);
    const fail = (e) => (clearTimeout(timer), child.kill(), reject(e));
    child.on('exit', (code) => fail(new Error(`serve.mjs exited with ${code}: ${out}`)));
    child.stderr.on('data', (d) => (out += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Serving (http:\/\/127\.0\.0\.1:(\d+))\/web\/buyer\/(#\S*)?/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ origin: m[1], printed: m[0], stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) });
    });
  });
}

export async function launch() {
  if (!existsSync(`${ROOT}wasm/dist/assurecalc.wasm`))
    throw new Error('wasm/dist/assurecalc.wasm is missing: build the wasm package first');
  return chromium.launch({
    executablePath: CHROMIUM,
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
}

const troubleOf = new WeakMap();

// A browser context with a fixed locale and zone, and a record of trouble.
export async function newContext(browser, origin, opts = {}) {
  const ctx = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 900 }, ...opts });
  const trouble = [];
  troubleOf.set(ctx, trouble);
  ctx.on('console', (m) => {
    if (m.type() === 'error' || /Content.Security.Policy|preload/i.test(m.text())) trouble.push(`console.${m.type()}: ${m.text()}`);
  });
  ctx.on('weberror', (e) => trouble.push(`page error: ${e.error().message}`));
  ctx.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) trouble.push(`request off origin: ${u}`);
  });
  ctx.on('requestfailed', (r) => {
    const why = r.failure()?.errorText;
    // A request the CSP refused never left the browser: the refusal is a
    // violation (recorded below, and said on the console), not a request.
    if (why === 'csp' || why === 'net::ERR_BLOCKED_BY_CSP') {
      const k = trouble.lastIndexOf(`request off origin: ${r.url()}`);
      if (k >= 0) trouble.splice(k, 1);
      return;
    }
    // A reload or navigation aborts what is still loading; that is not a fault.
    if (why !== 'net::ERR_ABORTED') trouble.push(`request failed: ${r.url()} ${why}`);
  });
  ctx.on('response', (r) => {
    if (r.status() >= 400) trouble.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await ctx.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { ctx, trouble };
}

// Wait for the first answer; on a timeout say what the page was doing.
export async function ready(page) {
  try {
    await page.waitForSelector('#answer[data-count]', { timeout: 20e3 });
  } catch (e) {
    const state = await page
      .evaluate(() => ({
        url: location.href,
        result: document.querySelector('#result')?.textContent.slice(0, 300),
        marks: performance.getEntriesByType('mark').map((m) => `${m.name}@${Math.round(m.startTime)}`),
        resources: performance.getEntriesByType('resource').map((r) => `${r.name} ${Math.round(r.startTime)}-${Math.round(r.responseEnd)}`),
      }))
      .catch((x) => x.message);
    throw new Error(`${e.message}\npage: ${JSON.stringify(state)}\ntrouble: ${JSON.stringify(troubleOf.get(page.context()))}`, {
      cause: e,
    });
  }
}

// Open the page at a fragment and wait for the first answer.
export async function openPage(ctx, origin, hash = '') {
  const page = await ctx.newPage();
  await page.goto(`${origin}/web/buyer/${hash}`);
  await ready(page);
  return page;
}

// The number of answers computed so far (data-count grows on each).
export const count = (page) => page.$eval('#answer', (a) => Number(a.dataset.count));
export async function afterUpdate(page, before) {
  await page.waitForFunction((n) => Number(document.querySelector('#answer').dataset.count) > n, before);
}

export async function primary(page) {
  return page.$eval('.claim.primary', (c) => ({
    kind: c.dataset.kind,
    status: c.dataset.status,
    text: c.innerText.replace(/\s+/g, ' '),
    verdict: c.querySelector('.verdict')?.innerText.trim(),
    amount: c.querySelector('.amount strong')?.innerText.trim() ?? null,
    deadline: c.querySelector('.deadline')?.innerText.replace(/\s+/g, ' ').trim() ?? null,
    left: c.querySelector('.left')?.innerText.trim() ?? null,
  }));
}
export async function cardOf(page, kind) {
  return page.$eval(`.claim[data-kind="${kind}"]`, (c) => ({ status: c.dataset.status, text: c.innerText.replace(/\s+/g, ' ') }));
}

// A test file's server and browser: started before its tests, closed after
// them with every context it opened. `context(opts)` opens one (newContext),
// `origin` is the server's.
export function browserSuite() {
  let server, browser;
  const contexts = [];
  before(async () => {
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    for (const c of contexts) await c.ctx.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });
  return {
    get origin() {
      return server.origin;
    },
    async context(opts) {
      const c = await newContext(browser, server.origin, opts);
      contexts.push(c);
      return c;
    },
  };
}
