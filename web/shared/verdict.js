// The answer for one kind of claim, as every app shows it: the verdict card
// (kind, verdict, amount, deadline, reasons, what is missing, how the amount
// was set), its parts for the agents' full view, the errors list and the
// dispute steps. No rule here: everything shown comes from the engine's
// result; this only lays it out, in the formatter's language.
import { el } from './dom.js';

// Presentation of the engine's statuses (vocabulary.statuses): an icon, so no
// verdict is told by colour alone, and the order in which they matter to a
// buyer (what can be claimed first). A status missing here still shows,
// with a neutral icon, last.
export const ICON = { open: '✓', not_yet_open: '…', closed: '✕', not_covered: '⊘', needs_info: '?', error: '⚠' };
export const RANK = { open: 0, needs_info: 1, not_yet_open: 2, closed: 3, not_covered: 4, error: 5 };
export const iconOf = (s) => (Object.hasOwn(ICON, s) ? ICON[s] : '•');
export const rankOf = (s) => (Object.hasOwn(RANK, s) ? RANK[s] : 9);
// A list drawn from a result (missing fields, reasons, excluded payments,
// errors) shows this many items, then "and N more": a claim with 20,000
// payments may have as many entries, and the answer must stay readable
// and quick to draw. The engine's result keeps them all.
export const LIST_MAX = 10;

// The first `max` items of a list as <li> (by `item`), then one "and N more".
export function listItems(fmt, items, item, max = LIST_MAX) {
  const lis = items.slice(0, max).map((x, i) => el('li', {}, item(x, i)));
  const rest = items.length - lis.length;
  if (rest > 0) lis.push(el('li', { class: 'more' }, fmt.t('res:more', { n: rest, count: fmt.num(rest) }, `+${rest}`)));
  return lis;
}
// The result's dispute dates, in the order a dispute runs; any other date the
// engine adds follows.
export const DISPUTE_ORDER = ['supplier_response_due', 'escalation_opens', 'auto_escalation_on', 'refund_starts_by'];
export const disputeKeys = (d = {}) => [
  ...DISPUTE_ORDER.filter((k) => typeof d[k] === 'string' && d[k]),
  ...Object.keys(d).filter((k) => !DISPUTE_ORDER.includes(k) && typeof d[k] === 'string' && d[k]),
];

const closeMs = (c) => (c.closes_at ? Date.parse(c.closes_at) : Infinity);
// The claim a buyer should look at first: the best status, then the nearest deadline.
export const primaryOf = (claims = []) => claims.slice().sort((a, b) => rankOf(a.status) - rankOf(b.status) || closeMs(a) - closeMs(b))[0];

// What an answer was decided without, in words: each date in the claim's
// `assumed` (the engine's: the date is unknown and every day from `from` to
// `to` gives this answer), "whatever the shipping date (between 1 Mar and
// 12 Apr 2016)"; '' when the answer rests on every date it reads.
export function whateverText(fmt, c, cur = '') {
  return (c?.assumed || [])
    .map((a) => {
      const { from, to } = fmt.dayRange(a.from, a.to);
      const what = fmt.raw('res:date.' + fmt.lexicon.nameOf(a.path));
      return what
        ? fmt.t('res:whatever', { what, from, to })
        : fmt.t('res:whatever_field', { field: fmt.fieldLabel(a.path, cur), from, to });
    })
    .join('; ');
}
// The dates a claim still waits for that are events (when the goods
// shipped...): the buyer has to find them out, not decide them.
const eventsMissing = (fmt, c) =>
  (c.missing || []).filter((p) => {
    const f = fmt.lexicon.field(p);
    return f?.type === 'date' && f.null_means === 'not_happened';
  });
// The dates a needs_info claim turns on that the buyer must find out, in
// words ("shipping date"), or '' (the agents' quote says them too).
export const datesToFind = (fmt, c, cur = '') =>
  eventsMissing(fmt, c)
    .map((p) => dateWords(fmt, p, cur))
    .join(', ');
// "the shipping date" for a missing event date, else its label in quotes.
const dateWords = (fmt, ptr, cur) =>
  fmt.raw('res:date.' + fmt.lexicon.nameOf(ptr)) ?? fmt.t('res:the_field', { field: fmt.fieldLabel(ptr, cur) });

export function verdictBadge(fmt, status, { part = false, cls = 'verdict' } = {}) {
  return el(
    'span',
    { class: cls, part: part ? 'verdict' : null },
    el('span', { class: 'icon', 'aria-hidden': 'true' }, iconOf(status)),
    ' ',
    fmt.status(status),
  );
}
// The badge, and what the answer was decided without after it ("✕ Too
// late, whatever the shipping date (between ...)").
export function verdictLine(fmt, c, { part = false, cur = '' } = {}) {
  const badge = verdictBadge(fmt, c.status, { part });
  const whatever = whateverText(fmt, c, cur);
  return whatever
    ? fmt.tx('res:with_whatever', { verdict: badge, whatever: el('span', { class: 'whatever', part: part ? 'whatever' : null }, whatever) })
    : badge;
}

// The reasons of a claim, each in words; `cite(rule id)` adds its source,
// `codes` the engine's code first (agents).
export function reasonItems(fmt, reasons, tz, { cur = '', cite = null, codes = false, max = LIST_MAX } = {}) {
  const item = (x) => [
    codes ? el('code', {}, x.code) : '',
    codes ? ' ' : '',
    fmt.coded('reason', x, tz, { cur }),
    cite ? ' ' : '',
    cite ? cite(x.rule) : '',
  ];
  return listItems(fmt, reasons, (x) => frag(item(x)), max);
}
const frag = (nodes) => {
  const f = document.createDocumentFragment();
  for (const n of nodes) if (n != null && n !== '') f.append(n);
  return f;
};
// Reasons a card shows: "you can claim from ..." is said once, by the card.
const shownReasons = (c) => (c.reasons || []).filter((x) => !(c.status === 'not_yet_open' && x.code === 'WINDOW_NOT_OPEN' && c.opens_at));

// A rule's title in the formatter's language: the catalogue's (`rule:<id>`),
// else the engine's own (English), else its id. `english` tells the caller
// the words fell back, to mark them lang="en".
export function ruleTitle(fmt, id, rules) {
  const own = fmt.raw('rule:' + id);
  if (own != null) return { text: own, english: false };
  const t = rules?.get(id)?.title;
  return { text: t || id, english: !!t && fmt.lang !== 'en' };
}
// A cap's name: the catalogue's, else the rule's title, else its id.
export const capName = (fmt, b, rules) =>
  fmt.t('cap:' + b.cap, {}, (b.rule && (fmt.raw('rule:' + b.rule) ?? rules?.get(b.rule)?.title)) || b.cap || b.rule);

// Warnings a reader must see before the answer: the figures typed do not
// fit together (payments above the order total), so the answer may rest on
// a typo. Shown first, and on the fields they name.
export const FIRST_WARNINGS = new Set(['PAYMENTS_EXCEED_TOTAL']);
// The fields each of them is about, to point at in a form.
export const WARNING_FIELDS = new Map([['PAYMENTS_EXCEED_TOTAL', ['/order/total', '/payments']]]);

// What to do next for the claim a buyer looks at first, whatever its
// status: list items (text or nodes). A claim that is too late or not
// covered still leaves the supplier, support and evidence; an open one the
// dispute and its last day. The dispute's own dates are the caller's.
//   claim   the claim judged (its history: a dispute already open)
export function nextSteps(fmt, primary, claim, tz) {
  const items = [];
  if (!primary) return items;
  const disputed = !!claim?.history?.dispute_opened_on;
  switch (primary.status) {
    case 'open':
      if (disputed) break;
      items.push(fmt.t('step:contact'));
      items.push(primary.closes_at ? fmt.tx('step:open_by', { date: fmt.when(primary.closes_at, tz) }) : fmt.t('step:open_now'));
      break;
    case 'not_yet_open':
      items.push(primary.opens_at ? fmt.tx('step:wait', { date: fmt.when(primary.opens_at, tz) }) : fmt.t('step:wait.bare'));
      items.push(fmt.t('step:evidence'));
      break;
    case 'needs_info': {
      // A date the answer turns on that the buyer has to find out: what to
      // look for, and the last moment to act whatever it turns out to be.
      const dates = eventsMissing(fmt, primary);
      if (dates.length && primary.closes_at) {
        const what = dates.map((p) => dateWords(fmt, p, claim?.order?.currency)).join(', ');
        items.push(fmt.t('step:find_date', { what }), fmt.tx('step:act_by_latest', { date: fmt.when(primary.closes_at, tz) }));
      } else items.push(fmt.t('step:needs_info'));
      break;
    }
    case 'closed':
      items.push(fmt.t('step:closed_supplier'), fmt.t('step:closed_support'), fmt.t('step:evidence'));
      break;
    case 'not_covered':
      items.push(fmt.t('step:not_covered_supplier'), fmt.t('step:not_covered_check'), fmt.t('step:evidence'));
      break;
  }
  return items;
}

// The verdict card.
//   tz, cur         the program's zone, the order's currency
//   level           heading element ('h3')
//   primary         the main card (larger)
//   part            ::part() names (the widget)
//   open            the "how we got this amount" details start open
//   rules           Map of rule id -> rule (programs()), for cap titles
//   cite(rule id)   a node citing the rule's source, or ''
//   missing(ptr)    a node for a missing field (a link to it), else its label
//   extra           nodes added at the end
export function claimCard(fmt, c, o = {}) {
  const { tz = '+08:00', cur = '', level = 'h3', primary = false, part = false, open = false, rules = null, cite = null, extra = [] } = o;
  const p = (name) => (part ? name : null);
  const id = o.id ?? `c-${c.kind}`;
  const a = el('article', {
    class: `claim s-${c.status}${primary ? ' primary' : ''}`,
    part: p('card'),
    'aria-labelledby': id,
    'data-kind': c.kind,
    'data-status': c.status,
  });
  a.append(el(level, { id }, fmt.kind(c.kind)), el('p', {}, verdictLine(fmt, c, { part, cur })));
  const r = c.refund;
  const money = (m) => fmt.money(m, r?.currency || cur);
  if (r?.max != null)
    a.append(
      el(
        'p',
        { class: 'amount', part: p('amount') },
        fmt.tx(c.status === 'closed' ? 'res:could_have' : 'res:up_to', { amount: el('strong', {}, money(r.max)) }),
        ' ',
        el('span', { class: 'form' }, fmt.t('refund_forms:' + r.form, {}, '')),
      ),
    );
  const line = (node) => el('p', { class: 'deadline', part: p('deadline') }, node);
  if (c.status === 'open') {
    if (c.closes_at) {
      a.append(line(fmt.tx('res:claim_by', { date: fmt.when(c.closes_at, tz) })));
      if (c.days_left != null) a.append(el('p', { class: 'left' }, daysLeft(fmt, c.days_left)));
    } else a.append(line(fmt.t('res:no_deadline')));
  } else if (c.status === 'not_yet_open' && c.opens_at) a.append(line(fmt.tx('res:opens', { date: fmt.when(c.opens_at, tz) })));
  else if (c.status === 'needs_info' && c.closes_at) {
    // Undecided for want of a date (when the goods shipped): the earliest
    // closing any such date could give is the last moment to act.
    const dates = eventsMissing(fmt, c);
    a.append(
      line(
        dates.length
          ? fmt.tx('res:act_by', { what: dates.map((p) => dateWords(fmt, p, cur)).join(', '), date: fmt.when(c.closes_at, tz) })
          : fmt.tx('res:claim_by_if', { date: fmt.when(c.closes_at, tz) }),
      ),
    );
  }
  const reasons = shownReasons(c);
  if (reasons.length) a.append(el('ul', { class: 'reasons' }, ...reasonItems(fmt, reasons, tz, { cur, cite })));
  if (c.missing?.length) {
    const item = o.missing || ((ptr) => fmt.fieldLabel(ptr, cur));
    a.append(el('p', { class: 'need' }, fmt.t('res:need')), el('ul', { class: 'missing' }, ...listItems(fmt, c.missing, item)));
  }
  if (r?.basis?.length) {
    a.append(
      el(
        'details',
        { class: 'basis', open, 'data-kind': c.kind },
        el('summary', {}, fmt.t('res:basis')),
        el(
          'ul',
          {},
          ...r.basis.map((b) => {
            const li = el(
              'li',
              { class: b.applied ? 'applied' : null },
              `${capName(fmt, b, rules)}: `,
              el('strong', {}, money(b.amount)),
              b.applied ? ` (${fmt.t('res:applied')})` : '',
              cite ? ' ' : '',
              cite ? cite(b.rule) : '',
            );
            const ex = b.params?.excluded || [];
            if (ex.length)
              li.append(el('ul', {}, ...listItems(fmt, ex, ({ code, ...params }) => fmt.coded('reason', { code, params }, tz, { cur }))));
            return li;
          }),
        ),
      ),
    );
  }
  a.append(...extra.filter(Boolean));
  return a;
}

export const daysLeft = (fmt, n) => (n === 0 ? fmt.t('res:last_day') : fmt.t('res:days_left', { n }));

// The claim as one sentence for a live region ("Quality problem: You can
// claim now, Up to US$3,000.00, Claim by ..., 22 days left.").
export function liveText(fmt, c, tz, cur) {
  const whatever = whateverText(fmt, c, cur);
  const verdict = whatever ? fmt.t('res:with_whatever', { verdict: fmt.status(c.status), whatever }) : fmt.status(c.status);
  const parts = [`${fmt.kind(c.kind)}: ${verdict}`];
  if (c.refund?.max != null)
    parts.push(
      fmt.t(c.status === 'closed' ? 'res:could_have' : 'res:up_to', { amount: fmt.money(c.refund.max, c.refund.currency || cur) }),
    );
  if (c.status === 'open' && c.closes_at)
    parts.push(
      `${fmt.t('res:claim_by', { date: fmt.whenText(c.closes_at, tz) })}${c.days_left == null ? '' : ', ' + daysLeft(fmt, c.days_left)}`,
    );
  if (c.status === 'needs_info' && c.closes_at && eventsMissing(fmt, c).length)
    parts.push(
      fmt.t('res:act_by', {
        what: eventsMissing(fmt, c)
          .map((p) => dateWords(fmt, p, cur))
          .join(', '),
        date: fmt.whenText(c.closes_at, tz),
      }),
    );
  return parts.join(', ') + '.';
}

// "You can claim: Late shipment, Quality problem" over several kinds.
export function overallText(fmt, claims) {
  const open = claims.filter((c) => c.status === 'open').map((c) => fmt.kind(c.kind));
  return open.length ? fmt.t('res:all_open', { kinds: open.join(', ') }) : fmt.t('res:all_none');
}

// Errors (the engine's, or what the app could not read) as a list; `label(e)`
// names the field (a link to it), `onEach(e, text)` lets the app mark it.
// Every error is handed to `onEach`; the first LIST_MAX are listed.
export function errorsBox(fmt, errs, { cur = '', level = 'h3', label = null, onEach = null, role = null, max = LIST_MAX } = {}) {
  const texts = errs.map((e) => {
    const msg = fmt.errorText(e, cur);
    onEach?.(e, msg);
    return msg;
  });
  return el(
    'section',
    { class: 'errors', role, 'aria-labelledby': 'err-h' },
    el(level, { id: 'err-h' }, fmt.t('res:fix')),
    el(
      'ul',
      {},
      ...listItems(
        fmt,
        errs,
        (e, i) => {
          const lab = e.path ? (label ? label(e) : fmt.fieldLabel(e.path, cur)) : '';
          return frag([lab, e.path ? ': ' : '', texts[i]]);
        },
        max,
      ),
    ),
  );
}

// The program and the moment judged ("Alibaba.com Trade Assurance, current rules ...").
export function programLine(fmt, res, asOf, tz, { cls = 'program' } = {}) {
  const p = res.program || {};
  if (!p.id) return null;
  return el(
    'p',
    { class: cls },
    fmt.t('res:program', { name: fmt.t('programs:' + p.id, {}, p.name), from: fmt.date(p.effective_from) }),
    ' ',
    fmt.tx('res:as_of', { date: fmt.when(asOf, tz) }),
  );
}
