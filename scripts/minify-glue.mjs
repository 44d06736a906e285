#!/usr/bin/env node
// Minifies the JavaScript glue Emscripten writes next to each .wasm (a
// build step of wasm/CMakeLists.txt): local names shortened and comments
// and spaces dropped, nothing else changed (no bundling, same ES module,
// the same exports and Module properties). The page's glue: 34,022 bytes,
// 9,428 gzip -9 before; 18,555 and 7,187 after.
// Without esbuild (npm ci installs it) the glue is left as it is: it works
// the same, it is only larger.
//   node scripts/minify-glue.mjs FILE.js [FILE.js ...]
import { readFileSync, writeFileSync } from 'node:fs';

let transform;
try {
  ({ transform } = await import('esbuild'));
} catch {
  console.log('minify-glue: esbuild is not installed (npm ci); the glue is left as Emscripten wrote it');
  process.exit(0);
}
for (const file of process.argv.slice(2)) {
  const before = readFileSync(file, 'utf8');
  const { code } = await transform(before, { minify: true, format: 'esm', target: 'es2022', charset: 'utf8', legalComments: 'none' });
  writeFileSync(file, code);
  console.log(`minify-glue: ${file.split('/').pop()} ${Buffer.byteLength(before)} -> ${Buffer.byteLength(code)} bytes`);
}
