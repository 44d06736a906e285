#!/usr/bin/env node
// Generates src/calendars/us.json: the US federal holidays as observed, a
// business-day calendar "US" (Monday to Friday minus these days).
//
// Usage: npm run gen:us-calendar    (or: node scripts/gen-us-calendar.mjs)
//
// The holidays are the eleven of 5 U.S.C. 6103(a), computed from the
// statute's own rules (a fixed date, or the n-th / last weekday of a month):
//   New Year's Day                      January 1
//   Birthday of Martin Luther King, Jr. third Monday in January
//   Washington's Birthday               third Monday in February
//   Memorial Day                        last Monday in May
//   Juneteenth National Independence Day June 19 (from 2021, Pub. L. 117-17)
//   Independence Day                    July 4
//   Labor Day                           first Monday in September
//   Columbus Day                        second Monday in October
//   Veterans Day                        November 11
//   Thanksgiving Day                    fourth Thursday in November
//   Christmas Day                       December 25
// A holiday on a Saturday is observed the Friday before, one on a Sunday the
// Monday after (5 U.S.C. 6103(b); Executive Order 11582). So New Year's Day
// of year Y+1 may be observed on December 31 of year Y: it belongs to Y's
// list. Not holidays here: Inauguration Day (6103(c), only in and around the
// District of Columbia, every fourth year) and one-off executive closures.

import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIRST_YEAR = 2010;
const LAST_YEAR = 2035;
const JUNETEENTH_FROM = 2021;

const here = dirname(fileURLToPath(import.meta.url));
const outPath = join(resolve(here, '..'), 'src', 'calendars', 'us.json');

// Dates as [year, month, day]; weekdays 0 = Sunday .. 6 = Saturday.
const weekday = (y, m, d) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();
const daysInMonth = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const text = ([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const shift = ([y, m, d], n) => {
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
};

// The n-th `wd` of a month (n = -1: the last).
function nthWeekday(y, m, wd, n) {
  if (n === -1) {
    const last = daysInMonth(y, m);
    return [y, m, last - ((weekday(y, m, last) - wd + 7) % 7)];
  }
  return [y, m, 1 + ((wd - weekday(y, m, 1) + 7) % 7) + 7 * (n - 1)];
}

const MON = 1;
const THU = 4;
const HOLIDAYS = [
  { name: "New Year's Day", date: (y) => [y, 1, 1] },
  { name: 'Birthday of Martin Luther King, Jr.', date: (y) => nthWeekday(y, 1, MON, 3) },
  { name: "Washington's Birthday", date: (y) => nthWeekday(y, 2, MON, 3) },
  { name: 'Memorial Day', date: (y) => nthWeekday(y, 5, MON, -1) },
  { name: 'Juneteenth National Independence Day', date: (y) => [y, 6, 19], from: JUNETEENTH_FROM },
  { name: 'Independence Day', date: (y) => [y, 7, 4] },
  { name: 'Labor Day', date: (y) => nthWeekday(y, 9, MON, 1) },
  { name: 'Columbus Day', date: (y) => nthWeekday(y, 10, MON, 2) },
  { name: 'Veterans Day', date: (y) => [y, 11, 11] },
  { name: 'Thanksgiving Day', date: (y) => nthWeekday(y, 11, THU, 4) },
  { name: 'Christmas Day', date: (y) => [y, 12, 25] },
];

// Every observed holiday whose observed date falls in [FIRST_YEAR, LAST_YEAR]
// (the holidays of LAST_YEAR + 1 are computed for a New Year's Day observed
// on December 31).
const observed = [];
for (let y = FIRST_YEAR; y <= LAST_YEAR + 1; y++) {
  for (const h of HOLIDAYS) {
    if (h.from && y < h.from) continue;
    const day = h.date(y);
    const wd = weekday(...day);
    const obs = wd === 6 ? shift(day, -1) : wd === 0 ? shift(day, 1) : day;
    if (obs[0] < FIRST_YEAR || obs[0] > LAST_YEAR) continue;
    const moved = obs !== day;
    observed.push({
      year: y,
      holiday: h.name,
      date: text(obs),
      name: moved ? `${h.name} ${y} (observed; ${text(day)} is a ${wd === 6 ? 'Saturday' : 'Sunday'})` : `${h.name} ${y}`,
    });
  }
}
observed.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

// Checks: eleven a year from 2021, ten before (give or take a New Year's Day
// observed in the year before), none on a weekend, none twice.
for (let k = 1; k < observed.length; k++) {
  if (observed[k].date === observed[k - 1].date) throw new Error(`two holidays on ${observed[k].date}`);
}
for (const o of observed) {
  const [y, m, d] = o.date.split('-').map(Number);
  const wd = weekday(y, m, d);
  if (wd === 0 || wd === 6) throw new Error(`${o.name} observed on a weekend`);
}
for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
  const n = observed.filter((o) => o.year === y && o.holiday !== "New Year's Day").length;
  if (n !== (y >= JUNETEENTH_FROM ? 10 : 9)) throw new Error(`${y}: ${n} holidays besides New Year's Day`);
}

const q = JSON.stringify;
const lines = [
  '{',
  '  "id": "US",',
  '  "name": "United States federal holidays as observed (5 U.S.C. 6103), Monday to Friday otherwise",',
  '  "source": {',
  `    "title": ${q('5 U.S.C. 6103 (holidays; Juneteenth from 2021 by Pub. L. 117-17), observed per 6103(b) and Executive Order 11582: a Saturday holiday on the Friday before, a Sunday one on the Monday after')},`,
  '    "url": "https://www.law.cornell.edu/uscode/text/5/6103"',
  '  },',
  '  "generated_by": "scripts/gen-us-calendar.mjs",',
  `  "years": [${FIRST_YEAR}, ${LAST_YEAR}],`,
  '  "holidays": [',
  ...observed.map((o, k) => `    ${q(o.date)}${k + 1 < observed.length ? ',' : ''}`),
  '  ],',
  '  "workdays": [],',
  '  "names": {',
  ...observed.map((o, k) => `    ${q(o.date)}: ${q(o.name)}${k + 1 < observed.length ? ',' : ''}`),
  '  }',
  '}',
  '',
];
writeFileSync(outPath, lines.join('\n'));
console.log(`gen-us-calendar: ${observed.length} observed holidays ${FIRST_YEAR}-${LAST_YEAR} -> src/calendars/us.json`);
