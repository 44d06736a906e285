// Invariants of the contract (claim-api.md) held on 100,000 generated claims
// (fixed seed; every field varied, some malformed) through the native batch
// CLI: what a refund can never exceed, windows that never run backwards,
// time that only moves windows forward, and answers that depend on nothing
// but the input (not on the run, the machine's time zone or its locale).
// INVARIANT_CLAIMS=N runs another count (the test command keeps 100,000);
// ASSURECALC_CLI=path tries another build of the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { claims } from '../tools/gen-claims.mjs';
import { cli as builtCli } from './lib.mjs';

const COUNT = Number(process.env.INVARIANT_CLAIMS ?? 100000);
const SEED = 20261129;
const CHUNK = 5000;
const DAY = 86400000;
const SHIFTS = [1, 30, 400];

const cli = process.env.ASSURECALC_CLI ?? builtCli;

// The command line's batch over JSON Lines: the output lines.
function batch(lines) {
  const r = spawnSync(cli, ['batch'], { input: lines.join('\n') + '\n', maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return r.stdout
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length);
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const given = (v) => v !== undefined && v !== null;

// Every broken invariant, with the claim that broke it; the test lists the
// first few (a failure is a finding to shrink and report, never to relax).
const failures = [];
function fail(what, line, extra = '') {
  failures.push({ what, line, extra });
}
function report(name) {
  if (!failures.length) return;
  const shown = failures
    .slice(0, 5)
    .map((f) => `${f.what}${f.extra ? ` (${f.extra})` : ''}\n  claim: ${f.line}`)
    .join('\n');
  const n = failures.length;
  failures.length = 0;
  assert.fail(`${name}: ${n} failure(s)\n${shown}`);
}

// The claim's own caps: a refund is never above any of them.
function checkRefunds(claim, result, line) {
  const payments = Array.isArray(claim.payments) ? claim.payments : [];
  const paid = sum(payments.map((p) => (Number.isInteger(p?.amount) ? p.amount : 0)));
  const order = claim.order ?? {};
  const assurance = given(order.assurance_amount) ? order.assurance_amount : order.total;
  const limit = claim.supplier?.ta_limit_remaining;
  const claimed = claim.issue?.claimed;
  for (const c of result.claims) {
    const max = c.refund?.max;
    if (!given(max)) continue;
    if (!Number.isInteger(max) || max < 0) fail(`${c.kind}: refund.max ${max} is not an amount`, line);
    if (max > paid) fail(`${c.kind}: refund.max ${max} above the payments' sum ${paid}`, line);
    if (max > assurance) fail(`${c.kind}: refund.max ${max} above the assurance amount ${assurance}`, line);
    if (given(limit) && max > limit) fail(`${c.kind}: refund.max ${max} above ta_limit_remaining ${limit}`, line);
    if (given(claimed) && max > claimed) fail(`${c.kind}: refund.max ${max} above issue.claimed ${claimed}`, line);
  }
}

function checkWindows(result, line) {
  for (const c of result.claims) {
    if (c.status !== 'open' && c.status !== 'not_yet_open') continue;
    if (!given(c.opens_at) || !given(c.closes_at)) continue;
    const opens = Date.parse(c.opens_at);
    const closes = Date.parse(c.closes_at);
    if (!(opens <= closes)) fail(`${c.kind}: ${c.status} with opens_at ${c.opens_at} after closes_at ${c.closes_at}`, line);
  }
}

// as_of moved `days` later, the rest of the claim byte for byte as it was.
function later(claim, days) {
  const at = Date.parse(claim.as_of);
  const moved = new Date(at + days * DAY).toISOString().replace('.000Z', 'Z');
  return JSON.stringify({ ...claim, as_of: moved });
}

function checkLater(claim, result, laterText, laterResult, days, line) {
  if (laterResult.ok !== true) {
    fail(`as_of +${days} days: the claim is no longer read`, line, laterText.slice(0, 300));
    return;
  }
  if (laterResult.claims.length !== result.claims.length) {
    fail(`as_of +${days} days: ${laterResult.claims.length} claims instead of ${result.claims.length}`, line);
    return;
  }
  for (let k = 0; k < result.claims.length; k++) {
    const before = result.claims[k];
    const after = laterResult.claims[k];
    if (before.kind !== after.kind) fail(`as_of +${days} days: kind ${after.kind} in place of ${before.kind}`, line);
    else if (before.status === 'closed' && after.status !== 'closed')
      fail(`${before.kind}: closed at as_of, ${after.status} ${days} days later`, line, `closes_at ${before.closes_at}`);
    else if (before.status === 'open' && after.status === 'not_yet_open')
      fail(`${before.kind}: open at as_of, not_yet_open ${days} days later`, line, `opens_at ${before.opens_at}`);
  }
}

test(`contract invariants hold on ${COUNT} generated claims (and as_of moved +${SHIFTS.join(', +')} days)`, () => {
  let valid = 0;
  let judged = 0;
  const statuses = {};
  const it = claims(COUNT, SEED);
  for (let done = 0; done < COUNT; done += CHUNK) {
    const lines = [];
    for (let i = 0; i < CHUNK && done + i < COUNT; i++) lines.push(it.next().value);
    const out = batch(lines);
    assert.equal(out.length, lines.length, 'one result per claim');

    const shifted = []; // [index, days, text]
    const parsed = [];
    for (let i = 0; i < lines.length; i++) {
      const result = JSON.parse(out[i]);
      if (result.ok !== true) continue;
      const claim = JSON.parse(lines[i]);
      parsed[i] = { claim, result };
      valid++;
      for (const c of result.claims) {
        judged++;
        statuses[c.status] = (statuses[c.status] ?? 0) + 1;
      }
      checkRefunds(claim, result, lines[i]);
      checkWindows(result, lines[i]);
      for (const days of SHIFTS) shifted.push([i, days, later(claim, days)]);
    }
    const laterOut = batch(shifted.map((s) => s[2]));
    assert.equal(laterOut.length, shifted.length, 'one result per moved claim');
    for (let j = 0; j < shifted.length; j++) {
      const [i, days, text] = shifted[j];
      checkLater(parsed[i].claim, parsed[i].result, text, JSON.parse(laterOut[j]), days, lines[i]);
    }
  }
  // The generator's claims reach every status, so the checks above bite.
  for (const s of ['open', 'not_yet_open', 'closed', 'not_covered', 'needs_info'])
    assert.ok((statuses[s] ?? 0) > 100, `too few ${s} claims: ${JSON.stringify(statuses)}`);
  assert.ok(valid > COUNT * 0.8, `${valid} of ${COUNT} claims were read`);
  assert.ok(judged > valid, `${judged} claim kinds judged`);
  report('invariants');
});

// The whole batch output's SHA-256, streamed (the output is ~3 KB a claim).
function batchHash(file, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cli, ['batch', file], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const hash = createHash('sha256');
    let bytes = 0;
    child.stdout.on('data', (d) => {
      hash.update(d);
      bytes += d.length;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      // Exit 1 means "some claims had errors", which the generator makes on purpose.
      if (signal || code > 1) reject(new Error(`batch ended with ${signal ?? code}`));
      else resolve(`${hash.digest('hex')} (${bytes} bytes)`);
    });
  });
}

// Locales installed beside C and POSIX, to try the engine under (locale -a).
function otherLocales() {
  const r = spawnSync('locale', ['-a'], { encoding: 'utf8' });
  if (r.status !== 0) return [];
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(C|POSIX)(\.|$)/i.test(l))
    .slice(0, 3);
}

test(`the same ${COUNT} claims give the same bytes: twice, and under other time zones and locales`, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'assurecalc-inv-'));
  try {
    const file = path.join(dir, 'claims.jsonl');
    const w = createWriteStream(file);
    for (const line of claims(COUNT, SEED)) if (!w.write(line + '\n')) await new Promise((r) => w.once('drain', r));
    await new Promise((r, j) => w.end((e) => (e ? j(e) : r())));

    const base = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const runs = [
      ['TZ=Pacific/Kiritimati LC_ALL=C.UTF-8', { ...base, TZ: 'Pacific/Kiritimati', LC_ALL: 'C.UTF-8' }],
      ['the same, again', { ...base, TZ: 'Pacific/Kiritimati', LC_ALL: 'C.UTF-8' }],
      ['TZ=America/Los_Angeles', { ...base, TZ: 'America/Los_Angeles' }],
      ['TZ=Asia/Shanghai LC_ALL=POSIX', { ...base, TZ: 'Asia/Shanghai', LC_ALL: 'POSIX' }],
      ['TZ=UTC-14 (POSIX rule) LANG=C.UTF-8', { ...base, TZ: 'UTC-14', LANG: 'C.UTF-8' }],
    ];
    for (const loc of otherLocales()) runs.push([`TZ=Pacific/Chatham LC_ALL=${loc}`, { ...base, TZ: 'Pacific/Chatham', LC_ALL: loc }]);
    const hashes = [];
    for (const [name, env] of runs) hashes.push([name, await batchHash(file, env)]);
    const [first] = hashes;
    for (const [name, h] of hashes.slice(1)) assert.equal(h, first[1], `${name} differs from ${first[0]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
