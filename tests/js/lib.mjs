// Shared helpers of the JavaScript tests.
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cli = path.join(root, 'build/assurecalc');

// The golden cases, with each input as the exact bytes both engines read.
export function loadCases() {
  const dir = path.join(root, 'tests/cases');
  const out = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    for (const c of JSON.parse(readFileSync(path.join(dir, file), 'utf8'))) {
      out.push({ file, ...c, bytes: caseBytes(c) });
    }
  }
  return out;
}

export function caseBytes(c) {
  if (c.input_base64 !== undefined) return Buffer.from(c.input_base64, 'base64');
  if (c.input_text !== undefined) return Buffer.from(c.input_text, 'utf8');
  if (c.input_repeat !== undefined) {
    const { text, times, prefix = '', suffix = '' } = c.input_repeat;
    return Buffer.from(prefix + text.repeat(times) + suffix, 'utf8');
  }
  if (c.input_nesting !== undefined) {
    const n = c.input_nesting;
    return Buffer.from('{"order":' + '['.repeat(n) + ']'.repeat(n) + '}', 'utf8');
  }
  return Buffer.from(JSON.stringify(c.input), 'utf8');
}

// Runs the native CLI over JSON Lines; returns the output lines.
export function nativeBatch(lines) {
  const r = spawnSync(cli, ['batch'], { input: lines.join('\n') + '\n', maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return r.stdout
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length);
}

export function nativeEvaluate(bytes) {
  const r = spawnSync(cli, ['evaluate', '--compact', '-'], { input: bytes, maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  return r.stdout.toString('utf8').replace(/\n$/, '');
}

// `expected` is a subset of `actual`: object keys recursively, arrays of
// equal length element-wise. Returns the path of the first mismatch or null.
export function subsetMismatch(expected, actual, at = '') {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at} (expected an array)`;
    if (expected.length !== actual.length) return `${at} (length ${expected.length} vs ${actual.length})`;
    for (let i = 0; i < expected.length; i++) {
      const m = subsetMismatch(expected[i], actual[i], `${at}/${i}`);
      if (m) return m;
    }
    return null;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return `${at} (expected an object)`;
    for (const k of Object.keys(expected)) {
      if (!(k in actual)) return `${at}/${k} (missing)`;
      const m = subsetMismatch(expected[k], actual[k], `${at}/${k}`);
      if (m) return m;
    }
    return null;
  }
  return Object.is(expected, actual) || expected === actual ? null : `${at} (${JSON.stringify(expected)} vs ${JSON.stringify(actual)})`;
}
