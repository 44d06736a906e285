#!/usr/bin/env node
// Generates src/calendars/cn.json (mainland China official public holidays and
// make-up working days) from the data shipped in the npm package
// `chinese-days` (a devDependency pinned in package.json).
//
// Usage: npm run gen:calendar    (or: node scripts/gen-cn-calendar.mjs)
//
// The package ships its compiled data as dist/chinese-days.json with three maps
// keyed by "YYYY-MM-DD":
//   holidays   - official days off (the holiday period, incl. 调休 days off)
//   workdays   - weekend days declared working days (调休上班 make-up days)
//   inLieuDays - the subset of `holidays` that are swapped days off (调休);
//                not needed here, only used for a consistency check.
// Each value is "English name,中文名,statutory days".

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIRST_YEAR = 2015;
const MIN_LAST_YEAR = 2026;

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..');
const outPath = join(repoRoot, 'src', 'calendars', 'cn.json');

const require = createRequire(join(repoRoot, 'package.json'));
const pkgJsonPath = require.resolve('chinese-days/package.json');
const pkgDir = dirname(pkgJsonPath);
const pkg = JSON.parse(readFileSync(pkgJsonPath, 'utf8'));
const data = JSON.parse(readFileSync(join(pkgDir, 'dist', 'chinese-days.json'), 'utf8'));

function fail(msg) {
  console.error(`gen-cn-calendar: ${msg}`);
  process.exit(1);
}

for (const key of ['holidays', 'workdays', 'inLieuDays']) {
  if (!data[key] || typeof data[key] !== 'object') {
    fail(`chinese-days@${pkg.version}: dist/chinese-days.json has no "${key}" map`);
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Day of week for a YYYY-MM-DD string, 0 = Sunday .. 6 = Saturday (UTC, so no
// time-zone drift).
function weekday(date) {
  const m = DATE_RE.exec(date);
  if (!m) fail(`malformed date key "${date}"`);
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (d.toISOString().slice(0, 10) !== date) fail(`invalid calendar date "${date}"`);
  return d.getUTCDay();
}
const isWeekend = (date) => {
  const w = weekday(date);
  return w === 0 || w === 6;
};
const yearOf = (date) => Number(date.slice(0, 4));

const allHolidays = Object.keys(data.holidays);
const allWorkdays = Object.keys(data.workdays);
const allInLieu = Object.keys(data.inLieuDays);

// --- Data-set consistency checks (whole data set, not only our range) -------
{
  const holidaySet = new Set(allHolidays);
  const both = allWorkdays.filter((d) => holidaySet.has(d));
  if (both.length) fail(`dates both holiday and workday: ${both.join(', ')}`);
  const inLieuNotHoliday = allInLieu.filter((d) => !holidaySet.has(d));
  if (inLieuNotHoliday.length) {
    fail(`inLieuDays not listed as holidays: ${inLieuNotHoliday.join(', ')}`);
  }
  const weekdayWork = allWorkdays.filter((d) => !isWeekend(d));
  if (weekdayWork.length) fail(`make-up workdays not on a weekend: ${weekdayWork.join(', ')}`);
  allHolidays.forEach(weekday); // validates every key
}

// --- Year range --------------------------------------------------------------
// A year counts as fully covered when the data set has both its New Year's Day
// and its National Day holiday (i.e. the State Council notice for that year was
// transcribed). The range is the contiguous run of such years from FIRST_YEAR.
const covered = (y) => Boolean(data.holidays[`${y}-01-01`]) && Boolean(data.holidays[`${y}-10-01`]);
if (!covered(FIRST_YEAR)) fail(`data set does not cover ${FIRST_YEAR}`);
let lastYear = FIRST_YEAR;
while (covered(lastYear + 1)) lastYear += 1;
if (lastYear < MIN_LAST_YEAR) {
  fail(`data set only covers up to ${lastYear}; need at least ${MIN_LAST_YEAR}`);
}

const inRange = (d) => yearOf(d) >= FIRST_YEAR && yearOf(d) <= lastYear;
const uniqSorted = (arr) => [...new Set(arr)].sort();

const holidays = uniqSorted(allHolidays.filter(inRange));
const workdays = uniqSorted(allWorkdays.filter(inRange));

// --- Spot checks against the published State Council notices -----------------
// Ranges are inclusive; every day in them must be a listed holiday.
function dateRange(from, to) {
  const out = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 864e5) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}
const KNOWN = [
  // 2020 Spring Festival, extended to 2 Feb (Covid-19 notice), so the 1 Feb
  // make-up day was cancelled.
  { what: 'Spring Festival 2020', off: ['2020-01-24', '2020-02-02'], work: ['2020-01-19'], notWork: ['2020-02-01'] },
  { what: 'National Day 2024', off: ['2024-10-01', '2024-10-07'], work: ['2024-09-29', '2024-10-12'] },
  { what: 'Spring Festival 2025', off: ['2025-01-28', '2025-02-04'], work: ['2025-01-26', '2025-02-08'] },
  { what: 'Spring Festival 2026', off: ['2026-02-15', '2026-02-23'], work: ['2026-02-14', '2026-02-28'] },
  { what: 'National Day 2026', off: ['2026-10-01', '2026-10-07'], work: ['2026-09-20', '2026-10-10'] },
];
{
  const hs = new Set(holidays);
  const ws = new Set(workdays);
  for (const k of KNOWN) {
    if (yearOf(k.off[1]) > lastYear) continue;
    const missing = dateRange(k.off[0], k.off[1]).filter((d) => !hs.has(d));
    const missingWork = k.work.filter((d) => !ws.has(d));
    const wrongWork = (k.notWork ?? []).filter((d) => ws.has(d));
    if (missing.length || missingWork.length || wrongWork.length) {
      fail(`${k.what}: missing holidays [${missing}], missing workdays [${missingWork}], ` + `unexpected workdays [${wrongWork}]`);
    }
  }
  console.log(`spot checks passed: ${KNOWN.map((k) => k.what).join('; ')}`);
}

const calendar = {
  id: 'CN',
  name: 'Mainland China official public holidays and make-up working days',
  source: {
    title: `npm package chinese-days@${pkg.version} (data from the State Council General Office holiday notices)`,
    url: 'https://www.npmjs.com/package/chinese-days',
  },
  generated_by: 'scripts/gen-cn-calendar.mjs',
  years: [FIRST_YEAR, lastYear],
  holidays,
  workdays,
};

// JSON.stringify with 2-space indentation, one date per line, but the short
// `years` pair kept on one line.
const text = JSON.stringify(calendar, null, 2).replace(/"years": \[\s*(\d+),\s*(\d+)\s*\]/, '"years": [$1, $2]') + '\n';

mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, text);

// --- Summary -------------------------------------------------------------------
const rel = 'src/calendars/cn.json';
console.log(
  `wrote ${rel} from chinese-days@${pkg.version}: years ${FIRST_YEAR}-${lastYear}, ` +
    `${holidays.length} holidays, ${workdays.length} make-up workdays`,
);
console.log('year  holidays  (Mon-Fri)  workdays');
for (let y = FIRST_YEAR; y <= lastYear; y++) {
  const h = holidays.filter((d) => yearOf(d) === y);
  const hWeekdays = h.filter((d) => !isWeekend(d)).length;
  const w = workdays.filter((d) => yearOf(d) === y).length;
  console.log(`${y}  ${String(h.length).padStart(8)}  ${String(hWeekdays).padStart(9)}  ${String(w).padStart(8)}`);
}
