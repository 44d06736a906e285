// The committed zone data (src/zones/*.json, from Debian's tzdata by
// scripts/gen-zones.mjs) against a second, independent source: the time zone
// rules inside Node's ICU (Intl). Each transition is checked one second
// before and at the instant, and the offset at noon UTC of every day of the
// years covered. And the US calendar (src/calendars/us.json) against dates
// published by OPM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const zonesDir = join(root, 'src', 'zones');

// Minutes east of UTC at an instant, by Intl ("GMT-07:00" -> -420).
const formats = new Map();
function intlOffset(zone, ms) {
  if (!formats.has(zone)) {
    formats.set(zone, new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }));
  }
  const parts = formats.get(zone).formatToParts(ms);
  const name = parts.find((p) => p.type === 'timeZoneName').value;
  if (name === 'GMT') return 0;
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  assert.ok(m, `unexpected offset name ${name}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}
const minutes = (text) => {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(text);
  assert.ok(m, `bad offset ${text}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
};

const files = readdirSync(zonesDir).filter((f) => f.endsWith('.json'));

test('every zone file states its tz database version, years and source', () => {
  assert.deepEqual(files.sort(), ['America-Los_Angeles.json', 'Asia-Shanghai.json', 'UTC.json']);
  for (const f of files) {
    const z = JSON.parse(readFileSync(join(zonesDir, f), 'utf8'));
    assert.match(z.tzdata, /^\d{4}[a-z]$/);
    assert.deepEqual(z.years, [1970, 2037]);
    assert.equal(z.generated_by, 'scripts/gen-zones.mjs');
    assert.equal(f, `${z.id.replaceAll('/', '-')}.json`);
  }
});

for (const f of files) {
  const z = JSON.parse(readFileSync(join(zonesDir, f), 'utf8'));
  test(`${z.id}: the transitions and daily offsets agree with Intl`, () => {
    // The offset the data gives at an instant.
    const at = z.transitions.map((t) => Date.parse(t.at));
    const dataOffset = (ms) => {
      let k = 0;
      while (k < at.length && at[k] <= ms) k++;
      return minutes(k === 0 ? z.initial.offset : z.transitions[k - 1].offset);
    };
    for (const t of z.transitions) {
      const ms = Date.parse(t.at);
      assert.equal(intlOffset(z.id, ms), minutes(t.offset), `${z.id} at ${t.at}`);
      assert.equal(intlOffset(z.id, ms - 1000), dataOffset(ms - 1000), `${z.id} just before ${t.at}`);
    }
    for (let ms = Date.UTC(z.years[0], 0, 1, 12); ms < Date.UTC(z.years[1] + 1, 0, 1); ms += 86400000) {
      assert.equal(intlOffset(z.id, ms), dataOffset(ms), `${z.id} on ${new Date(ms).toISOString()}`);
    }
  });
}

test('the US calendar holds the federal holidays OPM lists as observed', () => {
  const us = JSON.parse(readFileSync(join(root, 'src', 'calendars', 'us.json'), 'utf8'));
  const days = new Set(us.holidays);
  assert.deepEqual(us.years, [2010, 2035]);
  // OPM's 2024 and 2026 lists (opm.gov, federal holidays).
  const opm2024 = ['2024-01-01', '2024-01-15', '2024-02-19', '2024-05-27', '2024-06-19', '2024-07-04'];
  opm2024.push('2024-09-02', '2024-10-14', '2024-11-11', '2024-11-28', '2024-12-25');
  const opm2026 = ['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03'];
  opm2026.push('2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25');
  for (const [year, list] of [
    ['2024', opm2024],
    ['2026', opm2026],
  ]) {
    assert.deepEqual(
      us.holidays.filter((d) => d.startsWith(year)),
      list,
    );
  }
  assert.ok(days.has('2021-12-31') && days.has('2022-06-20') && days.has('2021-06-18'));
  assert.ok(!days.has('2020-06-19') && !days.has('2022-01-01') && !days.has('2026-07-04'));
});
