#!/usr/bin/env node
// Bundles the storefront widget (web/widget/widget.js) two ways, into
// web/widget/dist/:
// - assurecalc-widget.js, ONE file: an ES module, minified, with the engine's
//   single-file build (the .wasm inlined as base64) and the two text
//   catalogues inside, so a storefront includes one script and the widget
//   makes no request at all;
// - assurecalc-widget-loader.js, the lazy one (web/widget/loader.js): it
//   defines the element and loads, when one nears the viewport,
//   assurecalc-widget-ui-<hash>.js (web/widget/lazy.js: the widget, the
//   engine's glue and the English texts) and assurecalc-<hash>.wasm, and a
//   calculator shown in another language assurecalc-widget-ui-<lang>-<hash>.js:
//   content-hashed names a server may cache for good.
// Run after the wasm build (scripts/build.sh).
//   node scripts/build-widget.mjs
import { build } from 'esbuild';
import { copyFileSync, existsSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { UNUSED_SECTIONS, pickSections } from '../web/widget/model.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}web/widget/dist/assurecalc-widget.js`;
const GLUE = `${ROOT}wasm/dist/assurecalc-single.js`;
const DIST = `${ROOT}web/widget/dist/`;
const LOADER = `${DIST}assurecalc-widget-loader.js`;

if (!existsSync(GLUE)) {
  console.error('build-widget: wasm/dist/assurecalc-single.js is missing; build the wasm module first (scripts/build.sh wasm)');
  process.exit(1);
}

// Only the catalogue sections the widget reads (the agents' texts stay out).
const catalogues = {
  name: 'widget-catalogues',
  setup(b) {
    b.onLoad({ filter: /[\\/]web[\\/]shared[\\/]i18n[\\/][a-z]+\.json$/ }, (args) => ({
      contents: JSON.stringify(pickSections(JSON.parse(readFileSync(args.path, 'utf8')))),
      loader: 'json',
    }));
  },
};

const result = await build({
  entryPoints: [`${ROOT}web/widget/widget.js`],
  outfile: OUT,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  charset: 'utf8',
  legalComments: 'none',
  banner: { js: '// assurecalc <assurance-calculator> widget: one file, no requests. Embedding: web/EMBEDDING.md' },
  plugins: [catalogues],
  logLevel: 'warning',
  metafile: true,
});

// ---- the lazy build ----
// Hashed files of earlier builds go; the new ones are named by their content.
const HASHED = /^assurecalc-(widget-ui-([a-z]+-)?)?[A-Z0-9]{8}\.(js|wasm)$/;
for (const f of readdirSync(DIST)) if (HASHED.test(f)) unlinkSync(DIST + f);
const wasmBytes = readFileSync(`${ROOT}wasm/dist/assurecalc.wasm`);
const WASM = `assurecalc-${hash8(wasmBytes)}.wasm`;
copyFileSync(`${ROOT}wasm/dist/assurecalc.wasm`, DIST + WASM);

// The calculator: widget.js as it is, with its class exported for lazy.js,
// the engine with its .wasm apart (wasm/index.js) instead of inlined, and
// the catalogues of lazy-catalogues.js (English inside; each other language
// a chunk of its own, assurecalc-widget-ui-<lang>-<hash>.js).
const lazyParts = {
  name: 'widget-lazy',
  setup(b) {
    b.onResolve({ filter: /(^|\/)wasm\/single\.js$/ }, () => ({ path: `${ROOT}wasm/index.js` }));
    b.onResolve({ filter: /^\.\/catalogues\.js$/ }, () => ({ path: `${ROOT}web/widget/lazy-catalogues.js` }));
    b.onLoad({ filter: /[\\/]web[\\/]widget[\\/]widget\.js$/ }, (args) => ({
      contents: `${readFileSync(args.path, 'utf8')}\nexport { AssuranceCalculator };\n`,
      loader: 'js',
    }));
  },
};
const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
};
const ui = await build({
  ...common,
  entryPoints: { 'assurecalc-widget-ui': `${ROOT}web/widget/lazy.js` },
  outdir: DIST,
  entryNames: '[name]-[hash]',
  splitting: true,
  chunkNames: 'assurecalc-widget-ui-[name]-[hash]',
  define: { __ASSURECALC_WASM__: JSON.stringify(WASM) },
  plugins: [catalogues, lazyParts],
  metafile: true,
});
// The chunk of lazy.js, and those of the languages it loads when shown.
const outputs = Object.entries(ui.metafile.outputs).filter(([f]) => f.endsWith('.js'));
const isUi = ([, o]) => /(^|\/)web\/widget\/lazy\.js$/.test(o.entryPoint || '');
const UI = outputs.find(isUi)[0].split('/').pop();
const LANG_CHUNKS = outputs.filter((e) => !isUi(e)).map(([f]) => f.split('/').pop());
await build({
  ...common,
  entryPoints: [`${ROOT}web/widget/loader.js`],
  outfile: LOADER,
  define: { __ASSURECALC_UI__: JSON.stringify(`./${UI}`) },
});

const gz = (b) => gzipSync(b, { level: 9 }).length;
// CSP: script-src 'self' 'wasm-unsafe-eval' forbids eval and new Function.
for (const file of [OUT, LOADER, DIST + UI, ...LANG_CHUNKS.map((c) => DIST + c)]) {
  const text = readFileSync(file, 'utf8');
  for (const bad of [/\beval\s*\(/, /\bnew\s+Function\s*\(/, /\bFunction\s*\(\s*["'`]/]) {
    if (bad.test(text)) {
      console.error(`build-widget: ${file.slice(ROOT.length)} contains ${bad}; it would need 'unsafe-eval'`);
      process.exit(1);
    }
  }
}
const code = readFileSync(OUT);
const inputs = Object.keys(result.metafile.inputs).length;
console.log(
  `build-widget: ${OUT.slice(ROOT.length)} ${code.length} bytes (gzip -9: ${gz(code)}), ${inputs} inputs, catalogue sections left out: ${UNUSED_SECTIONS.join(', ')}`,
);
const loaderBytes = readFileSync(LOADER);
const uiBytes = readFileSync(DIST + UI);
console.log(
  `build-widget: lazy: ${LOADER.slice(ROOT.length)} ${loaderBytes.length} bytes (gzip -9: ${gz(loaderBytes)}); on sight ${UI} ${uiBytes.length} (gzip -9: ${gz(uiBytes)}) and ${WASM} ${wasmBytes.length} (gzip -9: ${gz(wasmBytes)}); a language but English adds ${LANG_CHUNKS.map((c) => `${c} (gzip -9: ${gz(readFileSync(DIST + c))})`).join(', ')}`,
);

// The first 8 characters of a content hash, in capitals and digits (esbuild's style).
function hash8(bytes) {
  const h = createHash('sha256').update(bytes).digest();
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  for (let i = 0; i < 8; i++) out += A[h[i] & 31];
  return out;
}
