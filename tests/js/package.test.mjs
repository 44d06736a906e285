// What a storefront developer does first: npm pack, install into an empty
// folder, import, evaluate one claim. Then the types, checked by tsc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './lib.mjs';

test('npm pack, install into an empty folder, import and evaluate', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'assurecalc-pack-'));
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir, path.join(root, 'wasm')], { encoding: 'utf8' });
  const tgz = path.join(dir, out.trim().split('\n').pop());
  const app = path.join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'storefront', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tgz], { cwd: app, stdio: 'pipe' });
  writeFileSync(
    path.join(app, 'main.mjs'),
    `
import { init } from 'assurecalc';
const ac = await init();
const r = ac.evaluate(${readFileSync(path.join(root, 'tests/samples/claim-api-sample.json'), 'utf8')});
console.log(JSON.stringify({ status: r.claims[0].status, days: r.claims[0].days_left }));
`,
  );
  const result = JSON.parse(execFileSync('node', ['main.mjs'], { cwd: app, encoding: 'utf8' }));
  assert.deepEqual(result, { status: 'open', days: 22 });
  // The package ships both builds and its types.
  const files = execFileSync('tar', ['tzf', tgz], { encoding: 'utf8' });
  for (const f of ['dist/assurecalc.wasm', 'dist/assurecalc.js', 'dist/assurecalc-single.js', 'assurecalc.d.ts'])
    assert.match(files, new RegExp(`package/${f.replace('.', '\\.')}`));
  const pkg = JSON.parse(readFileSync(path.join(root, 'wasm/package.json'), 'utf8'));
  assert.equal(pkg.exports['.'].browser, './index.js');
  assert.equal(pkg.exports['.'].types, './assurecalc.d.ts');
  assert.equal(pkg.exports['./assurecalc.wasm'], './dist/assurecalc.wasm');
});

test('the .d.ts types the whole contract (tsc --noEmit on a fixture)', () => {
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  execFileSync(
    'node',
    [
      tsc,
      '--noEmit',
      '--strict',
      '--target',
      'es2022',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      path.join(root, 'tests/js/fixture.ts'),
    ],
    { stdio: 'pipe' },
  );
});
