// Writes docs/rulebook.md from the policy files (src/policies/*.json): per
// program version its period, zone, calendar and sources, and per rule its
// title, its source, what it does, the numbers in its expressions with
// their units, and the reading taken where the sources disagree.
//
//   node scripts/gen-rulebook.mjs        (npm run gen:rulebook)
//
// `renderRulebook()` returns the text without writing anything
// (tests/js/rulebook.test.mjs compares it with the committed file).
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const defaultRoot = path.resolve(here, '..');

// The claim kinds of the contract, in its order.
const ALL_KINDS = ['late_shipment', 'not_received', 'quality', 'quantity_short', 'damaged', 'late_delivery'];

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function loadPolicies(root) {
  const dir = path.join(root, 'src/policies');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: `src/policies/${f}`, policy: readJson(path.join(dir, f)) }))
    .sort(
      (a, b) =>
        (a.policy.program ?? '').localeCompare(b.policy.program ?? '') ||
        (a.policy.effective_from ?? '').localeCompare(b.policy.effective_from ?? ''),
    );
}

function loadCalendars(root) {
  const dir = path.join(root, 'src/calendars');
  const byId = new Map();
  if (!existsSync(dir)) return byId;
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    const cal = readJson(path.join(dir, f));
    if (cal && typeof cal.id === 'string') byId.set(cal.id, { ...cal, file: `src/calendars/${f}` });
  }
  return byId;
}

// ---------------------------------------------------------------------------
// Dates

function parseDay(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s ?? '');
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

function dayBefore(s) {
  const t = parseDay(s);
  return t === null ? s : new Date(t - 86400000).toISOString().slice(0, 10);
}

function zoneText(tz) {
  if (!tz) return 'not given';
  if (tz === '+00:00' || tz === 'Z') return 'UTC';
  if (/^[+-]\d{2}:\d{2}$/.test(tz)) return `UTC${tz} (fixed offset, no daylight saving)`;
  return `${tz} (IANA time zone: the offset in force at each instant, daylight saving included; \`src/zones/\`)`;
}

// ---------------------------------------------------------------------------
// Expressions as text

const code = (s) => '`' + String(s).replace(/`/g, "'") + '`';

function ref(s) {
  return s.startsWith('$') ? code(s.slice(1)) : code(s);
}

function money(n, currency) {
  if (currency === 'USD') return `US$${n}`;
  return `${n} ${currency ?? ''}`.trim();
}

function plural(n, one, many) {
  return n === 1 ? one : many;
}

function countText(count, ctx) {
  if (typeof count === 'number') return String(count);
  return expr(count, ctx);
}

// One expression, in words. `ctx.calendar` names the policy's calendar.
function expr(e, ctx) {
  if (e === null) return 'null';
  if (typeof e === 'string') return ref(e);
  if (typeof e === 'number' || typeof e === 'boolean') return String(e);
  if (Array.isArray(e)) return e.map((x) => expr(x, ctx)).join(', ');
  if ('add_days' in e) {
    const n = e.add_days;
    return `${expr(e.to, ctx)} + ${countText(n, ctx)} ${typeof n === 'number' ? plural(n, 'day', 'days') : 'days'}`;
  }
  if ('add_business_days' in e) {
    return `${expr(e.to, ctx)} + ${countText(e.add_business_days, ctx)} business days (${ctx.calendar} calendar)`;
  }
  if ('earliest' in e) return `the earliest known of (${e.earliest.map((x) => expr(x, ctx)).join('; ')})`;
  if ('latest' in e) return `the latest known of (${e.latest.map((x) => expr(x, ctx)).join('; ')})`;
  if ('coalesce' in e) return `the first known of (${e.coalesce.map((x) => expr(x, ctx)).join('; ')})`;
  if ('switch' in e) {
    const parts = Object.entries(e.cases ?? {}).map(([k, v]) => `${k}: ${expr(v, ctx)}`);
    if ('default' in e) parts.push(`otherwise: ${expr(e.default, ctx)}`);
    return `by ${expr(e.switch, ctx)} (${parts.join('; ')})`;
  }
  if ('need' in e) {
    const when = e.when ? ` when ${expr(e.when, ctx)}` : '';
    return `${expr(e.need, ctx)} (needs ${code(e.path)}${when})`;
  }
  if ('text' in e) return `"${e.text}"`;
  if ('date' in e) return e.date;
  if ('percent' in e) return `${e.percent} % of ${expr(e.of, ctx)}`;
  if ('money' in e) return money(e.money, e.currency);
  if ('covered_payment_on' in e) return 'the day of the first covered payment';
  if ('if' in e) {
    const otherwise = 'else' in e ? `otherwise ${expr(e.else, ctx)}` : 'otherwise none: it waits';
    return `${expr(e.then, ctx)}, when ${expr(e.if, ctx)} (${otherwise})`;
  }
  if ('covered_payments' in e) {
    return e.covered_payments === 'earliest_day'
      ? 'the covered payments made on the earliest day a covered payment was made'
      : 'all covered payments';
  }
  if ('missing_units_value' in e) return 'unit price × missing units, summed over the short lines';
  if ('one_of' in e) return `${expr(e.value, ctx)} is one of ${e.one_of.join(', ')}`;
  if ('known' in e) return `${expr(e.known, ctx)} is known`;
  if ('not' in e) return `not (${expr(e.not, ctx)})`;
  if ('all' in e) return e.all.map((x) => expr(x, ctx)).join(' and ');
  if ('any' in e) return e.any.map((x) => expr(x, ctx)).join(' or ');
  const binary = {
    eq: '=',
    at_least: 'is at least',
    before: 'is before',
    after: 'is after',
    on_or_before: 'is on or before',
    on_or_after: 'is on or after',
  };
  for (const [op, word] of Object.entries(binary)) {
    if (op in e && Array.isArray(e[op]) && e[op].length === 2) return `${expr(e[op][0], ctx)} ${word} ${expr(e[op][1], ctx)}`;
  }
  return code(JSON.stringify(e));
}

// ---------------------------------------------------------------------------
// The numbers of an expression, each with its unit and its condition

// Numeric literals of a count (a number or a switch of numbers) with the
// condition under which each applies.
function counts(count, ctx, cond = []) {
  if (typeof count === 'number') return [{ n: count, cond }];
  if (count && typeof count === 'object' && 'switch' in count) {
    const out = [];
    const on = typeof count.switch === 'string' ? count.switch.replace(/^\$/, '') : JSON.stringify(count.switch);
    for (const [k, v] of Object.entries(count.cases ?? {})) out.push(...counts(v, ctx, [...cond, `${on} = ${k}`]));
    if ('default' in count) out.push(...counts(count.default, ctx, [...cond, 'otherwise']));
    return out;
  }
  return [];
}

function withCond(text, cond) {
  return cond.length ? `${text} (${cond.join(', ')})` : text;
}

// Pushes every numeric literal of `e` onto `out` as text.
function numbers(e, ctx, out) {
  if (e === null || typeof e !== 'object') return;
  if (Array.isArray(e)) {
    for (const x of e) numbers(x, ctx, out);
    return;
  }
  if ('add_days' in e || 'add_business_days' in e) {
    const business = 'add_business_days' in e;
    const count = business ? e.add_business_days : e.add_days;
    const anchor = expr(e.to, ctx);
    for (const { n, cond } of counts(count, ctx)) {
      const unit = business ? `${plural(n, 'business day', 'business days')} (${ctx.calendar} calendar)` : plural(n, 'day', 'days');
      out.push(`${withCond(`${n} ${unit}`, cond)} after ${anchor}`);
    }
    if (typeof count === 'object') numbers(stripSwitchNumbers(count), ctx, out);
    numbers(e.to, ctx, out);
    return;
  }
  if ('percent' in e) {
    out.push(`${e.percent} % of ${expr(e.of, ctx)}`);
    numbers(e.of, ctx, out);
    return;
  }
  if ('money' in e) {
    out.push(money(e.money, e.currency));
    return;
  }
  if ('at_least' in e && Array.isArray(e.at_least) && typeof e.at_least[1] === 'number') {
    out.push(`${e.at_least[1]} (at least, of ${expr(e.at_least[0], ctx)})`);
    numbers(e.at_least[0], ctx, out);
    return;
  }
  if ('date' in e && Object.keys(e).length === 1) {
    out.push(`${e.date} (date)`);
    return;
  }
  for (const v of Object.values(e)) numbers(v, ctx, out);
}

// A count switch whose numbers were already listed: keep only what may
// still hold other expressions (its selector).
function stripSwitchNumbers(count) {
  return count && typeof count === 'object' && 'switch' in count ? count.switch : count;
}

// ---------------------------------------------------------------------------
// Collecting, per rule, what it does, its numbers and its readings

function collect(policy, firstOfProgram, ctx) {
  const byRule = new Map();
  for (const r of policy.rules ?? []) byRule.set(r.id, { does: [], numbers: [], readings: [] });
  const at = (id) => {
    if (!byRule.has(id)) byRule.set(id, { does: [], numbers: [], readings: [], unlisted: true });
    return byRule.get(id);
  };
  const addNumbers = (id, e) => {
    const out = [];
    numbers(e, ctx, out);
    const entry = at(id);
    for (const n of out) if (!entry.numbers.includes(n)) entry.numbers.push(n);
  };
  const derivedRule = new Map((policy.derived ?? []).map((d) => [d.name, d.rule]));
  // " (see `rule`)" for the derived values `e` reads that another rule owns.
  const see = (e, self) => {
    const names = [];
    const walk = (x) => {
      if (typeof x === 'string' && x.startsWith('$')) names.push(x.slice(1));
      else if (x && typeof x === 'object') for (const v of Object.values(x)) walk(v);
    };
    walk(e);
    const rules = [...new Set(names.map((n) => derivedRule.get(n)).filter((r) => r && r !== self))];
    return rules.length ? ` (see ${rules.map(code).join(', ')})` : '';
  };

  if (policy.period_rule) {
    const r = at(policy.period_rule);
    const to = policy.effective_to ? ` to ${dayBefore(policy.effective_to)}` : ', open-ended';
    r.does.push(`Chooses this version for orders whose ${code('order.created_on')} is from ${policy.effective_from}${to}.`);
    if (firstOfProgram) {
      r.does.push(
        `An order created before ${policy.effective_from} is before the program: every claim ${code('not_covered')}, reason ${code('ORDER_BEFORE_PROGRAM')}.`,
      );
    }
    r.numbers.push(`${policy.effective_from} (first day, date)`);
    if (policy.effective_to)
      r.numbers.push(`${dayBefore(policy.effective_to)} (last day, date; ${code('effective_to')} ${policy.effective_to} is exclusive)`);
  }

  if (policy.kinds_rule) {
    const kinds = Object.keys(policy.kinds ?? {});
    const others = ALL_KINDS.filter((k) => !kinds.includes(k));
    const conditional = Object.entries(policy.kinds ?? {})
      .filter(([, k]) => k.covered_if)
      .map(([name, k]) => `${code(name)} only when ${expr(k.covered_if, ctx)}`);
    let text = `Covered kinds: ${kinds.map(code).join(', ')}`;
    if (conditional.length) text += ` (${conditional.join('; ')})`;
    text += others.length ? `; ${others.map(code).join(', ')}: ${code('KIND_NOT_COVERED')}.` : '.';
    at(policy.kinds_rule).does.push(text);
  }

  for (const d of policy.derived ?? []) {
    const r = at(d.rule);
    r.does.push(`Computes ${code(d.name)} = ${expr(d.value, ctx)}${see(d.value, d.rule)}.`);
    addNumbers(d.rule, d.value);
    if (d.ambiguous) r.readings.push(`${code(d.name)}: ${d.ambiguous} (warns ${code('RULE_AMBIGUOUS')} when the value is used)`);
  }

  if (policy.payments) {
    const p = policy.payments;
    const r = at(p.rule);
    r.does.push(
      `Counts payments made by ${(p.methods ?? []).map(code).join(', ')} to ${code(p.paid_to)}; ` +
        `a payment by another method: ${code('PAYMENT_METHOD_NOT_COVERED')}; paid to anyone else: ${code('PAID_OFF_PLATFORM')} ` +
        `(these reasons show when nothing is covered); no payments or only zero amounts: ${code('NOTHING_COVERED_PAID')}; ` +
        `${code('payments')} absent: ${code('needs_info')}.`,
    );
    for (const [method, note] of Object.entries(p.ambiguous ?? {})) {
      r.readings.push(`${code(method)} payments: ${note} (warns ${code('RULE_AMBIGUOUS')} when such a payment is part of the cover)`);
    }
  }

  if (policy.refund_form) {
    const f = policy.refund_form;
    const r = at(f.rule);
    let text = `Refund form ${code(f.default)}`;
    const when = Object.entries(f.when_all_paid_by ?? {}).map(([m, form]) => `${code(form)} when every covered payment is ${code(m)}`);
    if (when.length) text += `; ${when.join('; ')}`;
    r.does.push(text + '.');
  }

  for (const g of policy.gates ?? []) {
    const r = at(g.rule);
    if (g.needs) r.does.push(`Needs ${g.needs.map(code).join(', ')}: without it a claim is ${code('needs_info')}.`);
    if (g.reason) {
      const cond = g.unless ? `unless ${expr(g.unless, ctx)}` : g.when ? `when ${expr(g.when, ctx)}` : 'always';
      r.does.push(`Every claim ${code('not_covered')} with ${code(g.reason)} ${cond}${see(g.unless ?? g.when, g.rule)}.`);
    }
    addNumbers(g.rule, [g.unless, g.when]);
  }

  const capLine = (c, scope) => {
    const r = at(c.rule);
    r.does.push(`Cap ${code(c.name)} (${scope}): ${expr(c.value, ctx)}${see(c.value, c.rule)}.`);
    addNumbers(c.rule, c.value);
    if (c.ambiguous) r.readings.push(`cap ${code(c.name)}: ${c.ambiguous} (warns ${code('RULE_AMBIGUOUS')} when the cap is computed)`);
  };
  for (const c of policy.caps ?? []) capLine(c, 'every covered kind');

  for (const [name, k] of Object.entries(policy.kinds ?? {})) {
    const r = at(k.rule);
    const opens = k.opens !== undefined ? `opens at the start of ${expr(k.opens, ctx)}${see(k.opens, k.rule)}` : 'has no opening rule';
    const closes = k.closes !== undefined ? `closes at the end of ${expr(k.closes, ctx)}${see(k.closes, k.rule)}` : 'has no closing date';
    r.does.push(`Claim kind ${code(name)}: ${opens}; ${closes}.`);
    if (k.covered_if) r.does.push(`${code(name)} is covered only when ${expr(k.covered_if, ctx)}.`);
    if (k.form) r.does.push(`${code(name)} is paid as ${code(k.form)}.`);
    addNumbers(k.rule, [k.opens, k.closes, k.covered_if]);
    for (const x of k.exclusions ?? []) {
      at(x.rule).does.push(`${code(name)} ${code('not_covered')} with ${code(x.reason)} when ${expr(x.when, ctx)}${see(x.when, x.rule)}.`);
      addNumbers(x.rule, x.when);
    }
    for (const c of k.caps ?? []) capLine(c, code(name));
  }

  for (const w of policy.warnings ?? []) {
    const r = at(w.rule);
    r.does.push(`Warns ${code(w.code)} when ${expr(w.when, ctx)}${see(w.when, w.rule)}.`);
    addNumbers(w.rule, w.when);
    if (w.note) r.readings.push(`${code(w.code)}: ${w.note}`);
  }

  for (const b of policy.bounds ?? []) {
    const list = (fields) => fields.map(code).join(', ');
    at(b.rule).does.push(
      `A missing ${code(b.date)} happened on or after the latest known of ${list(b.on_or_after)} and on or before the earliest ` +
        `known of ${list(b.on_or_before)} and the ${code('as_of')} day, once one of those is known: each claim is judged at both ends ` +
        `of that range and decided where they agree (${code('assumed')}, ${code('DECIDED_WITHOUT_DATE')}).`,
    );
  }

  for (const [field, d] of Object.entries(policy.dispute ?? {})) {
    const r = at(d.rule);
    const e = d.end_of !== undefined ? d.end_of : d.start_of;
    const edge = d.end_of !== undefined ? 'the end of' : 'the start of';
    r.does.push(`${code('dispute.' + field)} = ${edge} ${expr(e, ctx)}${see(e, d.rule)}.`);
    addNumbers(d.rule, e);
    if (d.ambiguous)
      r.readings.push(`${code('dispute.' + field)}: ${d.ambiguous} (warns ${code('RULE_AMBIGUOUS')} when the date is shown)`);
  }
  return byRule;
}

// ---------------------------------------------------------------------------
// The document

function sourceText(src) {
  if (!src) return 'none given';
  const title = src.title.replace(/\|/g, '\\|');
  return src.url ? `[${title}](${src.url})` : `${title} (no public URL)`;
}

function calendarText(id, calendars) {
  if (!id) return 'none (calendar days only)';
  const cal = calendars.get(id);
  if (!cal) return `${code(id)} (no calendar file in src/calendars)`;
  const years = Array.isArray(cal.years) ? `, years ${cal.years[0]}–${cal.years[cal.years.length - 1]}` : '';
  return `${code(id)}: ${cal.name ?? id}${years} (${code(cal.file)}; outside those years Monday–Friday, with ${code('CALENDAR_NOT_COVERED')})`;
}

export function renderRulebook(root = defaultRoot) {
  const policies = loadPolicies(root);
  const calendars = loadCalendars(root);
  const firstFrom = new Map();
  for (const { policy } of policies) {
    const prev = firstFrom.get(policy.program);
    if (prev === undefined || policy.effective_from < prev) firstFrom.set(policy.program, policy.effective_from);
  }

  const L = [];
  L.push('# Rule book');
  L.push('');
  L.push(
    '<!-- Generated by scripts/gen-rulebook.mjs (npm run gen:rulebook) from src/policies/*.json. Do not edit: change the policy files and regenerate; tests/js/rulebook.test.mjs fails when this file is stale. -->',
  );
  L.push('');
  L.push('Every rule the engine applies, read out of the policy files it compiles. For each program version: the');
  L.push('orders it applies to, the time zone dates are counted in, the business-day calendar and the sources. For each');
  L.push('rule: its source, what it does (the expressions of the policy file in words), the numbers in those expressions');
  L.push('with their units, and, where the sources disagree or leave a gap, the reading the engine takes. Results cite');
  L.push(
    `rules by id (reasons, refund basis, warnings, timeline, trace); ${code('assurecalc programs')} lists each with its title and source.`,
  );
  L.push('');
  L.push('Conventions of every version: "opens at the start of D" is 00:00:00 of day D and "closes at the end of D" is');
  L.push('23:59:59 of day D, both in the version\'s time zone; "D + N days" counts calendar days from D (day 0);');
  L.push('"D + N business days" skips weekends and the calendar\'s holidays and counts the calendar\'s make-up working');
  L.push("days, D itself not counted. Amounts are minor units of the order's currency; a US-dollar amount meets another");
  L.push(`currency through ${code('fx.usd_per_unit')}. The claim and result format: [claim-api.md](claim-api.md).`);
  L.push('');
  L.push('## Versions');
  L.push('');
  for (const { policy } of policies) {
    const to = policy.effective_to ? `to ${dayBefore(policy.effective_to)}` : 'onwards';
    L.push(`- [${policy.name}](#${policy.id}) (${code(policy.id)}): orders created from ${policy.effective_from} ${to}`);
  }

  for (const { file, policy } of policies) {
    const ctx = { calendar: policy.calendar ?? 'no' };
    L.push('');
    L.push(`<a id="${policy.id}"></a>`);
    L.push('');
    L.push(`## ${policy.name}`);
    L.push('');
    if (policy.description) {
      L.push(policy.description);
      L.push('');
    }
    const to = policy.effective_to
      ? `orders created from ${policy.effective_from} to ${dayBefore(policy.effective_to)} (${code('effective_to')} ${policy.effective_to}, exclusive)`
      : `orders created from ${policy.effective_from}, open-ended`;
    L.push('| | |');
    L.push('|---|---|');
    L.push(`| Version | ${code(policy.id)} of program ${code(policy.program)} (${code(file)}) |`);
    L.push(`| Period | ${to} |`);
    L.push(`| Time zone | ${zoneText(policy.timezone)} |`);
    L.push(`| Calendar | ${calendarText(policy.calendar, calendars)} |`);
    L.push(
      `| Claim kinds | ${Object.keys(policy.kinds ?? {})
        .map(code)
        .join(', ')} |`,
    );
    L.push(`| Rules | ${(policy.rules ?? []).length} |`);
    L.push('');
    L.push('### Sources');
    L.push('');
    for (const [key, src] of Object.entries(policy.sources ?? {})) {
      const users = (policy.rules ?? []).filter((r) => r.source === key).map((r) => code(r.id));
      L.push(`- ${code(key)}: ${sourceText(src)}${users.length ? `; cited by ${users.join(', ')}` : '; cited by no rule'}`);
    }
    L.push('');
    L.push('### Rules');
    const info = collect(policy, firstFrom.get(policy.program) === policy.effective_from, ctx);
    for (const rule of policy.rules ?? []) {
      const r = info.get(rule.id);
      L.push('');
      L.push(`#### ${code(rule.id)}: ${rule.title}`);
      L.push('');
      L.push(`- Source: ${sourceText(policy.sources?.[rule.source])}`);
      if (r.does.length) {
        L.push('- What it does:');
        for (const d of r.does) L.push(`  - ${d}`);
      } else {
        L.push('- What it does: nothing in the expressions of the policy file (a rule cited by the engine only).');
      }
      if (r.numbers.length) {
        L.push('- Numbers:');
        for (const n of r.numbers) L.push(`  - ${n}`);
      }
      if (r.readings.length) {
        L.push('- Reading where the sources disagree or are silent:');
        for (const x of r.readings) L.push(`  - ${x}`);
      }
    }
    const unlisted = [...info.entries()].filter(([, v]) => v.unlisted).map(([id]) => code(id));
    if (unlisted.length) {
      L.push('');
      L.push(`Rule ids used in the expressions but missing from ${code('rules')}: ${unlisted.join(', ')}.`);
    }
  }
  L.push('');
  return L.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.join(defaultRoot, 'docs/rulebook.md');
  writeFileSync(out, renderRulebook());
  console.log(`wrote ${path.relative(process.cwd(), out) || out}`);
}
