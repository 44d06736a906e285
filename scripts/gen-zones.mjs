#!/usr/bin/env node
// Generates src/zones/*.json (the UTC-offset transitions of the time zones
// the engine knows) from Debian's `tzdata` package: the compiled IANA tz
// database under /usr/share/zoneinfo (TZif files, RFC 8536).
//
// Usage: npm run gen:zones    (or: node scripts/gen-zones.mjs [zoneinfo-dir])
//
// Run once when a zone is added or tzdata changes the rules; the output is
// committed and compiled into the engine (nothing is read at run time).
//
// For each zone it writes the offset in force before FIRST_YEAR and every
// transition from FIRST_YEAR-01-01T00:00:00Z up to LAST_YEAR-12-31T23:59:59Z.
// TZif files list transitions explicitly (Debian ships "fat" files, to
// 2037); past the last one listed, the footer's POSIX TZ rule (e.g.
// "PST8PDT,M3.2.0,M11.1.0") gives them, and where both give a year they
// must agree (checked).

import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ZONES = ['America/Los_Angeles', 'Asia/Shanghai', 'UTC'];
const FIRST_YEAR = 1970;
const LAST_YEAR = 2037;

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..');
const outDir = join(repoRoot, 'src', 'zones');
const zoneinfo = process.argv[2] ?? '/usr/share/zoneinfo';

function fail(msg) {
  console.error(`gen-zones: ${msg}`);
  process.exit(1);
}

// --- The tz database's version, and the Debian package it came from.

function tzdataVersion() {
  const zi = join(zoneinfo, 'tzdata.zi');
  if (!existsSync(zi)) fail(`${zi} not found: install Debian's tzdata package`);
  const m = /^# version (\S+)$/m.exec(readFileSync(zi, 'utf8'));
  if (!m) fail(`${zi} has no "# version" line`);
  return m[1];
}

function debianPackageVersion() {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'tzdata'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

// --- TZif (RFC 8536): a v1 block with 32-bit times, then for version 2 and
// later a second header and block with 64-bit times and a footer holding a
// POSIX TZ string for instants after the last transition.

function readTzif(path) {
  const buf = readFileSync(path);
  const header = (pos) => {
    if (buf.toString('latin1', pos, pos + 4) !== 'TZif') fail(`${path}: not a TZif file`);
    const version = buf[pos + 4] === 0 ? 1 : Number(String.fromCharCode(buf[pos + 4]));
    const counts = [];
    for (let i = 0; i < 6; i++) counts.push(buf.readUInt32BE(pos + 20 + 4 * i));
    const [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = counts;
    return { version, isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt, end: pos + 44 };
  };
  const blockSize = (h, timeSize) =>
    h.timecnt * timeSize + h.timecnt + h.typecnt * 6 + h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt;

  const h1 = header(0);
  let h = h1;
  let timeSize = 4;
  let pos = h1.end;
  if (h1.version >= 2) {
    pos = h1.end + blockSize(h1, 4);
    h = header(pos);
    pos = h.end;
    timeSize = 8;
  }
  if (h.typecnt === 0) fail(`${path}: no local time types`);
  const times = [];
  for (let i = 0; i < h.timecnt; i++) {
    times.push(timeSize === 8 ? Number(buf.readBigInt64BE(pos + 8 * i)) : buf.readInt32BE(pos + 4 * i));
  }
  pos += h.timecnt * timeSize;
  const typeIdx = [];
  for (let i = 0; i < h.timecnt; i++) typeIdx.push(buf[pos + i]);
  pos += h.timecnt;
  const rawTypes = [];
  for (let i = 0; i < h.typecnt; i++) {
    rawTypes.push({ utoff: buf.readInt32BE(pos + 6 * i), isdst: buf[pos + 6 * i + 4] === 1, idx: buf[pos + 6 * i + 5] });
  }
  pos += h.typecnt * 6;
  const chars = buf.toString('latin1', pos, pos + h.charcnt);
  pos += h.charcnt;
  if (h.leapcnt) fail(`${path}: has leap-second records (a "right/" file?); use the POSIX files`);
  pos += h.isstdcnt + h.isutcnt;
  const types = rawTypes.map((t) => ({ utoff: t.utoff, isdst: t.isdst, abbr: chars.slice(t.idx, chars.indexOf('\0', t.idx)) }));
  for (const i of typeIdx) if (i >= types.length) fail(`${path}: a transition names a type that does not exist`);
  let footer = null;
  if (h.version >= 2) {
    if (buf[pos] !== 0x0a) fail(`${path}: the footer does not start with a newline`);
    const end = buf.indexOf(0x0a, pos + 1);
    if (end < 0) fail(`${path}: the footer does not end with a newline`);
    footer = buf.toString('latin1', pos + 1, end);
  }
  return { version: h.version, times, typeIdx, types, footer };
}

// --- POSIX TZ strings: std offset [dst [offset] [,start[/time],end[/time]]],
// with the Mm.w.d rule form (the only one the tz database's footers use for
// the zones here). POSIX offsets are west of Greenwich: "PST8" is UTC-8.

function parsePosixTz(s) {
  let i = 0;
  const name = () => {
    if (s[i] === '<') {
      const j = s.indexOf('>', i);
      if (j < 0) fail(`TZ string "${s}": unclosed <`);
      const n = s.slice(i + 1, j);
      i = j + 1;
      return n;
    }
    const m = /^[A-Za-z]{3,}/.exec(s.slice(i));
    if (!m) fail(`TZ string "${s}": expected a zone abbreviation at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const hms = () => {
    const m = /^([+-]?)(\d{1,3})(?::(\d{2}))?(?::(\d{2}))?/.exec(s.slice(i));
    if (!m) fail(`TZ string "${s}": expected a time at ${i}`);
    i += m[0].length;
    const v = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return m[1] === '-' ? -v : v;
  };
  const stdAbbr = name();
  const stdOff = -hms();
  if (i === s.length) return { std: { abbr: stdAbbr, utoff: stdOff } };
  const dstAbbr = name();
  let dstOff = stdOff + 3600;
  if (s[i] !== ',' && i < s.length) dstOff = -hms();
  const rule = () => {
    if (s[i] !== ',') fail(`TZ string "${s}": expected a rule at ${i}`);
    i++;
    const m = /^M(\d{1,2})\.(\d)\.(\d)/.exec(s.slice(i));
    if (!m) fail(`TZ string "${s}": only Mm.w.d rules are supported`);
    i += m[0].length;
    let time = 7200;
    if (s[i] === '/') {
      i++;
      time = hms();
    }
    return { month: Number(m[1]), week: Number(m[2]), weekday: Number(m[3]), time };
  };
  const start = rule();
  const end = rule();
  if (i !== s.length) fail(`TZ string "${s}": unexpected text at ${i}`);
  return { std: { abbr: stdAbbr, utoff: stdOff }, dst: { abbr: dstAbbr, utoff: dstOff }, start, end };
}

const DAY = 86400;
const daysFromCivil = (y, m, d) => Date.UTC(y, m - 1, d) / 1000 / DAY;

// The day of "the w-th weekday d of month m" (w = 5: the last).
function ruleDay(year, r) {
  const first = daysFromCivil(year, r.month, 1);
  const firstWd = (((first + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  let day = first + ((r.weekday - firstWd + 7) % 7) + 7 * (r.week - 1);
  const nextMonth = r.month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, r.month + 1, 1);
  while (day >= nextMonth) day -= 7;
  return day;
}

// The transitions a POSIX rule gives in one year, in UTC order. A rule's
// time is local time as it is before the change.
function ruleTransitions(tz, year) {
  if (!tz.dst) return [];
  const toDst = ruleDay(year, tz.start) * DAY + tz.start.time - tz.std.utoff;
  const toStd = ruleDay(year, tz.end) * DAY + tz.end.time - tz.dst.utoff;
  return [
    { at: toDst, ...tz.dst, isdst: true },
    { at: toStd, ...tz.std, isdst: false },
  ].sort((a, b) => a.at - b.at);
}

// --- One zone.

const yearStart = (y) => daysFromCivil(y, 1, 1) * DAY;

function offsetText(sec) {
  if (sec % 60 !== 0) fail(`offset ${sec} s is not a whole number of minutes`);
  const a = Math.abs(sec) / 60;
  if (a > 23 * 60 + 59) fail(`offset ${sec} s is beyond ±23:59`);
  const p2 = (n) => String(n).padStart(2, '0');
  return `${sec < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}
const instantText = (sec) => new Date(sec * 1000).toISOString().replace('.000Z', 'Z');

function zoneData(name) {
  const path = join(zoneinfo, name);
  if (!existsSync(path)) fail(`${path} not found`);
  const tzif = readTzif(path);
  const lo = yearStart(FIRST_YEAR);
  const hi = yearStart(LAST_YEAR + 1);

  // Every change listed, as {at, utoff, isdst, abbr}; type 0 before the first.
  const listed = tzif.times.map((at, k) => ({ at, ...tzif.types[tzif.typeIdx[k]] }));
  let initial = tzif.types[0];
  for (const t of listed) if (t.at < lo) initial = t;

  const posix = tzif.footer ? parsePosixTz(tzif.footer) : null;
  const lastListed = listed.length ? listed[listed.length - 1].at : -Infinity;
  const extended = [];
  if (posix) {
    // The rule's changes after the last listed one, and a check that the
    // rule agrees with the listed changes of the years both cover.
    // (The rule is in force from the last listed year on, at the latest.)
    const lastYear = listed.length ? new Date(lastListed * 1000).getUTCFullYear() : FIRST_YEAR;
    for (let y = lastYear; y <= LAST_YEAR; y++) {
      for (const t of ruleTransitions(posix, y)) {
        if (t.at > lastListed) extended.push(t);
        else {
          const same = listed.find((x) => x.at === t.at);
          if (!same || same.utoff !== t.utoff) {
            fail(`${name}: the footer rule "${tzif.footer}" and the listed changes disagree in ${y}`);
          }
        }
      }
    }
  }

  // Keep actual changes of offset or abbreviation only, in range.
  const out = [];
  let cur = { utoff: initial.utoff, isdst: initial.isdst, abbr: initial.abbr };
  for (const t of [...listed, ...extended]) {
    if (t.at < lo || t.at >= hi) continue;
    if (t.utoff === cur.utoff && t.isdst === cur.isdst && t.abbr === cur.abbr) continue;
    out.push(t);
    cur = t;
  }
  for (let k = 1; k < out.length; k++) if (out[k].at <= out[k - 1].at) fail(`${name}: transitions out of order`);
  return { initial, transitions: out, footer: tzif.footer, tzifVersion: tzif.version };
}

// --- Writing: one transition a line, so a diff shows what changed.

function zoneJson(name, data, version, debVersion) {
  const q = JSON.stringify;
  const change = (t) => `{"at": ${q(instantText(t.at))}, "offset": ${q(offsetText(t.utoff))}, "abbr": ${q(t.abbr)}, "dst": ${t.isdst}}`;
  const lines = [
    '{',
    `  "id": ${q(name)},`,
    `  "source": {`,
    `    "title": ${q(`IANA time zone database ${version}, compiled: Debian package tzdata ${debVersion ?? version}, /usr/share/zoneinfo/${name}`)},`,
    `    "url": "https://www.iana.org/time-zones"`,
    `  },`,
    `  "tzdata": ${q(version)},`,
    `  "generated_by": "scripts/gen-zones.mjs",`,
    `  "years": [${FIRST_YEAR}, ${LAST_YEAR}],`,
    `  "posix_rule": ${q(data.footer)},`,
    `  "initial": {"offset": ${q(offsetText(data.initial.utoff))}, "abbr": ${q(data.initial.abbr)}, "dst": ${data.initial.isdst}},`,
  ];
  if (data.transitions.length === 0) lines.push(`  "transitions": []`);
  else {
    lines.push(`  "transitions": [`);
    data.transitions.forEach((t, k) => lines.push(`    ${change(t)}${k + 1 < data.transitions.length ? ',' : ''}`));
    lines.push('  ]');
  }
  lines.push('}', '');
  return lines.join('\n');
}

const version = tzdataVersion();
const debVersion = debianPackageVersion();
mkdirSync(outDir, { recursive: true });
for (const name of ZONES) {
  const data = zoneData(name);
  const file = join(outDir, `${name.replaceAll('/', '-')}.json`);
  writeFileSync(file, zoneJson(name, data, version, debVersion));
  console.log(
    `gen-zones: ${name}: ${data.transitions.length} transitions ${FIRST_YEAR}-${LAST_YEAR}, ` +
      `initial ${offsetText(data.initial.utoff)} ${data.initial.abbr}, TZif v${data.tzifVersion}, ` +
      `footer "${data.footer ?? ''}" -> ${file.slice(repoRoot.length + 1)}`,
  );
}
console.log(`gen-zones: tzdata ${version}${debVersion ? ` (Debian ${debVersion})` : ''}`);
