#!/usr/bin/env node
// Bundles the storefront widget (web/widget/widget.js) into ONE file,
// web/widget/dist/assurecalc-widget.js: an ES module, minified, with the engine's
// single-file build (the .wasm inlined as base64) and the two text
// catalogues inside, so a storefront includes one script and the widget
// makes no request at all. Run after the wasm build (scripts/build.sh).
//   node scripts/build-widget.mjs
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { UNUSED_SECTIONS, pickSections } from '../web/widget/model.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}web/widget/dist/assurecalc-widget.js`;
const GLUE = `${ROOT}wasm/dist/assurecalc-single.js`;

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

const code = readFileSync(OUT);
const text = code.toString('utf8');
// CSP: script-src 'self' 'wasm-unsafe-eval' forbids eval and new Function.
for (const bad of [/\beval\s*\(/, /\bnew\s+Function\s*\(/, /\bFunction\s*\(\s*["'`]/]) {
  if (bad.test(text)) {
    console.error(`build-widget: the bundle contains ${bad}; it would need 'unsafe-eval'`);
    process.exit(1);
  }
}
const inputs = Object.keys(result.metafile.inputs).length;
console.log(
  `build-widget: ${OUT.slice(ROOT.length)} ${code.length} bytes (gzip -9: ${gzipSync(code, { level: 9 }).length}), ${inputs} inputs, catalogue sections left out: ${UNUSED_SECTIONS.join(', ')}`,
);
