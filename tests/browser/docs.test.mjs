// The examples in the documentation run as written (issue 13, point 12):
// every fenced block of README.md, web/README.md, web/EMBEDDING.md and
// wasm/README.md that is a complete example is taken from the file and run.
//   js importing the package ('assurecalc')  -> Node, with the package as
//                                               node_modules/assurecalc
//   html (a storefront's lines)              -> a host page in Chromium, the
//                                               widget served at /static/, with
//                                               the same file's js and css blocks
//                                               and its CSP block as the header
// Shell blocks are commands for a terminal (building, serving) and are not
// run here; the CLI's are the CLI tests' business.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ROOT, launch } from './lib/harness.mjs';
import { startWidgetServer } from './lib/widget-server.mjs';

const DOCS = ['README.md', 'web/README.md', 'web/EMBEDDING.md', 'wasm/README.md'];
const WIDGET = `${ROOT}web/widget/dist/assurecalc-widget.js`;

// Fenced blocks of a Markdown file: [{lang, code, line}].
function blocks(file) {
  const out = [];
  const lines = readFileSync(`${ROOT}${file}`, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^```(\w*)\s*$/.exec(lines[i]);
    if (!m) continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && !/^```\s*$/.test(lines[j])) j++;
    out.push({ lang: m[1], code: lines.slice(start, j).join('\n'), line: start });
    i = j;
  }
  return out;
}

let server, browser, dir;
before(async () => {
  server = await startWidgetServer();
  browser = await launch();
  dir = mkdtempSync(`${tmpdir()}/assurecalc-docs-`);
  mkdirSync(`${dir}/node_modules`);
  symlinkSync(`${ROOT}wasm`, `${dir}/node_modules/assurecalc`);
  // The one file at /static/, and the lazy loader's folder at /static/assurecalc/.
  server.pages.set('/static/assurecalc-widget.js', { body: readFileSync(WIDGET), type: 'text/javascript; charset=utf-8' });
  for (const f of readdirSync(`${ROOT}web/widget/dist`))
    server.pages.set(`/static/assurecalc/${f}`, {
      body: readFileSync(`${ROOT}web/widget/dist/${f}`),
      type: f.endsWith('.wasm') ? 'application/wasm' : 'text/javascript; charset=utf-8',
    });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('every example in the documentation runs as written', () => {
  test('the docs use one path for the widget file, /static/', () => {
    for (const f of DOCS) {
      const text = readFileSync(`${ROOT}${f}`, 'utf8');
      assert.doesNotMatch(text, /\/assets\/assurecalc/, f);
      for (const m of text.matchAll(/src="([^"]*assurecalc-widget\.js)"/g)) assert.equal(m[1], '/static/assurecalc-widget.js', f);
    }
  });

  for (const file of DOCS) {
    for (const b of blocks(file).filter((x) => x.lang === 'js' && /from 'assurecalc(\/\w+)?'/.test(x.code))) {
      test(`${file}:${b.line}: the package example runs in Node`, () => {
        const path = `${dir}/example-${file.replace(/\W/g, '_')}-${b.line}.mjs`;
        writeFileSync(path, b.code + '\n');
        const r = spawnSync(process.execPath, [path], { cwd: dir, encoding: 'utf8', timeout: 60e3 });
        assert.equal(r.status, 0, `${file}:${b.line} failed:\n${r.stderr}`);
        assert.equal(r.stderr, '');
      });
    }
  }

  for (const file of DOCS) {
    const all = blocks(file);
    for (const html of all.filter((x) => x.lang === 'html')) {
      // The same file's script and styles go with its HTML (the guide's
      // property example, its theming rules); its CSP line is the page's header.
      const scripts = all.filter((x) => x.lang === 'js' && !/from 'assurecalc/.test(x.code));
      const styles = all.filter((x) => x.lang === 'css');
      const csp = all.find((x) => x.lang === '' && /script-src/.test(x.code))?.code.trim();
      test(`${file}:${html.line}: the storefront example runs in a host page${csp ? ` under "${csp}"` : ''}`, async () => {
        const base = `/docs/${file.replace(/\W/g, '_')}-${html.line}`;
        server.pages.set(`${base}.css`, { body: styles.map((x) => x.code).join('\n'), type: 'text/css' });
        server.pages.set(`${base}.js`, { body: scripts.map((x) => x.code).join('\n'), type: 'text/javascript' });
        const body = html.code + (scripts.length ? `\n<script type="module" src="${base}.js"></script>` : '');
        server.pages.set(`${base}.html`, {
          body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="stylesheet" href="${base}.css"></head><body>${body}</body></html>`,
          // The loader fetches its .wasm: connect-src 'self', as its section says.
          headers: csp
            ? { 'Content-Security-Policy': `${csp}; style-src 'self'${/loader/.test(html.code) ? '' : "; connect-src 'none'"}` }
            : {},
        });
        const page = await browser.newPage();
        const trouble = [];
        page.on('pageerror', (e) => trouble.push(e.message));
        page.on('console', (m) => m.type() === 'error' && trouble.push(m.text()));
        page.on('response', (r) => r.status() >= 400 && trouble.push(`HTTP ${r.status()} ${r.url()}`));
        await page.goto(server.origin + `${base}.html`);
        await page.waitForFunction(() => [...document.querySelectorAll('assurance-calculator')].every((w) => w.result != null), null, {
          timeout: 30e3,
        });
        const got = await page.evaluate(() => ({
          n: document.querySelectorAll('assurance-calculator').length,
          drawn: [...document.querySelectorAll('assurance-calculator')].every((w) => (w.shadowRoot?.textContent || '').trim().length > 0),
          accent: getComputedStyle(document.querySelector('assurance-calculator')).getPropertyValue('--assurecalc-accent').trim(),
          title: document.title,
          order: document.querySelector('assurance-calculator').order,
        }));
        // (The lazy loader draws the calculator when it comes into view; its result is what counts.)
        assert.ok(got.n >= 1 && (got.drawn || /loader/.test(html.code)), `${file}: the widget answered`);
        assert.deepEqual(trouble, [], `${file}: errors on the page`);
        if (styles.some((x) => /--assurecalc-accent/.test(x.code))) assert.equal(got.accent, '#b4541e');
        if (scripts.some((x) => /document\.title/.test(x.code))) {
          // The guide's script ran: it set the order and read the answer.
          assert.deepEqual(got.order.payments, [{ on: '2025-03-02', amount: 90000, method: 'tt', to: 'platform' }]);
          assert.match(got.title, /^(Covered up to .+|Trade Assurance)$/);
        }
        await page.close();
      });
    }
  }
});
