// A hand-written JavaScript version of the Alibaba.com Trade Assurance 2017
// rules (src/policies/alibaba-ta-2017.json, docs/rulebook.md): objects in,
// a summary per claim kind out (status, closes_at, refund max). It exists to
// be measured against the engine (tests/tools/bench-objects.mjs), which
// checks that the two agree; the engine remains the only source of answers.
const KINDS = ['late_shipment', 'not_received', 'quality', 'quantity_short', 'damaged', 'late_delivery'];
const METHODS = new Set(['card', 'tt', 'online_bank_payment', 'online_transfer', 'western_union', 'pay_later']);
const BUYER_RISK = new Set(['EXW', 'FCA', 'FAS', 'FOB']);
const ZONE = 8 * 3600; // +08:00
const DAY = 86400;

// 'YYYY-MM-DD' <-> days since 1970-01-01.
const day = (s) => (s == null ? null : Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 864e5);
const text = (d, secs) => {
  const t = new Date((d * DAY + secs) * 1000).toISOString().slice(0, 19);
  return `${t}+08:00`;
};
const known = (v) => v !== undefined && v !== null;

export function judge2017(c, exponents) {
  const o = c.order || {},
    s = c.shipment || {},
    h = c.history || {},
    i = c.issue || {};
  const asOf = Math.floor(Date.parse(c.as_of) / 1000) + ZONE; // seconds in the zone's wall clock
  const shipBy = day(o.ship_by_extended_to ?? o.ship_by);
  const delivered = day(s.delivered_on),
    confirmed = day(s.receipt_confirmed_on);
  const received = delivered == null ? confirmed : confirmed == null ? delivered : Math.min(delivered, confirmed);
  const arrived = delivered ?? confirmed;
  const coverageEnd = received == null ? null : received + (c.buyer?.tier === 'enterprise' ? 60 : 30);
  const gdb = day(o.guaranteed_delivery_by);

  // Payments through covered methods to the platform.
  let paid = 0,
    anyCovered = false;
  const payMissing = [];
  if (!known(c.payments)) payMissing.push('/payments');
  else
    c.payments.forEach((p, k) => {
      if (!known(p.method)) payMissing.push(`/payments/${k}/method`);
      if (!known(p.to)) payMissing.push(`/payments/${k}/to`);
      if (!known(p.method) || !known(p.to)) return;
      if (!METHODS.has(p.method) || p.to !== 'platform') return;
      if (!known(p.amount)) return void payMissing.push(`/payments/${k}/amount`);
      anyCovered = true;
      paid += p.amount;
    });

  const out = [];
  for (const kind of i.kind ? [i.kind] : KINDS) {
    let notCovered = false;
    const missing = [];
    if (kind === 'late_delivery' && gdb == null) notCovered = true;
    if (o.placed_via_assurance === false) notCovered = true;
    else if (!known(o.placed_via_assurance)) missing.push('/order/placed_via_assurance');
    if (!notCovered) {
      missing.push(...payMissing);
      if (!payMissing.length && !anyCovered) notCovered = true;
    }
    let opens = null,
      closes = null,
      waits = false;
    if (!notCovered) {
      if (kind === 'late_shipment') {
        if (known(s.shipped_on) && shipBy != null && day(s.shipped_on) <= shipBy) notCovered = true;
        if (h.accepted_late_shipment === true) notCovered = true;
        if (shipBy == null) missing.push('/order/ship_by');
        else opens = shipBy + 1;
        closes = coverageEnd;
      } else if (kind === 'not_received') {
        if (delivered != null) notCovered = true;
        const e = day(s.expected_delivery_by);
        if (e == null) missing.push('/shipment/expected_delivery_by');
        else opens = e + 1;
      } else if (kind === 'late_delivery') {
        if (delivered != null && delivered <= gdb) notCovered = true;
        opens = gdb + 1;
        closes = gdb + 30;
      } else {
        if (kind === 'damaged') {
          if (!known(o.incoterm)) missing.push('/order/incoterm');
          else if (BUYER_RISK.has(String(o.incoterm).toUpperCase())) notCovered = true;
        }
        if (arrived == null) waits = true;
        else opens = arrived;
        closes = coverageEnd;
      }
    }
    // The caps: the least of them, when every one is known.
    let max = null;
    if (!notCovered) {
      const caps = [paid, o.assurance_amount ?? o.total];
      if (known(c.supplier?.ta_limit_remaining)) caps.push(c.supplier.ta_limit_remaining);
      if (known(i.claimed)) caps.push(i.claimed);
      let unknownCap = payMissing.length > 0;
      if (kind === 'quantity_short') {
        const units = i.missing_units;
        if (!known(units)) ((unknownCap = true), missing.push('/issue/missing_units'));
        else {
          let v = 0;
          for (const [sku, n] of Object.entries(units)) {
            const line = (o.lines || []).find((l) => l.sku === sku);
            if (!known(line?.unit_price)) ((unknownCap = true), missing.push('/order/lines'));
            else v += n * line.unit_price;
          }
          caps.push(v);
        }
      }
      if (kind === 'late_delivery') {
        caps.push(Math.floor((o.total * 10) / 100));
        const exp = exponents.get(o.currency) ?? 2;
        if (o.currency === 'USD') caps.push(10000);
        else if (known(c.fx?.usd_per_unit) && c.fx.usd_per_unit > 0) caps.push(Math.floor((100 / c.fx.usd_per_unit) * 10 ** exp));
        else ((unknownCap = true), missing.push('/fx/usd_per_unit'));
      }
      max = unknownCap ? null : Math.min(...caps);
    }
    let status;
    if (notCovered) status = 'not_covered';
    else if (missing.length) status = 'needs_info';
    else if (!waits && opens != null && closes != null && closes < opens) status = 'closed';
    else if (waits || opens == null || asOf < opens * DAY) status = 'not_yet_open';
    else if (closes != null && asOf > closes * DAY + DAY - 1) status = 'closed';
    else status = 'open';
    out.push({
      kind,
      status,
      closes_at: notCovered || closes == null ? null : text(closes, DAY - 1),
      max: status === 'not_covered' ? null : max,
    });
  }
  return out;
}
