// Deterministic generator of realistic claims for benchmarks and the
// native/wasm differential test: every field varied, some claims malformed.
// usage: node tests/tools/gen-claims.mjs COUNT [SEED] [--valid] > claims.jsonl
import { writeSync } from 'node:fs';

function rng(seed) {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86400000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const KINDS = ['late_shipment', 'not_received', 'quality', 'quantity_short', 'damaged', 'late_delivery'];
const METHODS = ['tt', 'card', 'online_bank_payment', 'online_transfer', 'western_union', 'pay_later', 'paypal', 'lc', 'cash', 'other'];
const INCOTERMS = ['EXW', 'FCA', 'FAS', 'FOB', 'CFR', 'CIF', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP', 'fob'];
const CURRENCIES = [
  ['USD', 1],
  ['USD', 1],
  ['USD', 1],
  ['EUR', 1.08],
  ['JPY', 0.0067],
  ['VND', 0.00004],
  ['BHD', 2.65],
  ['CNY', 0.14],
];

export function makeClaim(r, { valid = false } = {}) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const maybe = (p, v) => (r() < p ? v : null);
  const created = Date.UTC(2014, 6, 1) + Math.floor(r() * 4200) * DAY;
  const [currency, rate] = pick(CURRENCIES);
  const unit = 100 + Math.floor(r() * 5000);
  const qty = 10 + Math.floor(r() * 2000);
  const total = unit * qty;
  const shipBy = created + (5 + Math.floor(r() * 40)) * DAY;
  const shipped = maybe(0.8, shipBy + (Math.floor(r() * 20) - 12) * DAY);
  const delivered = shipped && r() < 0.7 ? shipped + (3 + Math.floor(r() * 40)) * DAY : null;
  const firstPay = Math.floor(total * (0.2 + r() * 0.5));
  const payments = [
    {
      on: iso(created + Math.floor(r() * 3) * DAY),
      amount: firstPay,
      method: pick(METHODS.slice(0, 7)),
      to: r() < 0.9 ? 'platform' : 'supplier',
    },
  ];
  if (r() < 0.7) payments.push({ on: iso((shipped ?? shipBy) + DAY), amount: total - firstPay, method: pick(METHODS), to: 'platform' });
  const asOf = (delivered ?? shipped ?? shipBy) + Math.floor(r() * 60 - 10) * DAY + Math.floor(r() * DAY);
  const sku = `SKU-${Math.floor(r() * 1000)}`;
  const claim = {
    program: pick(['alibaba-ta', 'alibaba-ta', 'alibaba-ta', 'alibaba-ta-2015', 'alibaba-ta-2017']),
    as_of: new Date(asOf).toISOString().replace('.000Z', 'Z'),
    buyer: { tier: pick(['standard', 'standard', 'enterprise']) },
    supplier: { country: pick(['CN', 'CN', 'CN', 'VN', 'US']), ta_limit_remaining: maybe(0.6, Math.floor(total * (0.5 + r()))) },
    order: {
      id: `PO-${Math.floor(r() * 1e6)}`,
      created_on: iso(created),
      currency,
      total,
      assurance_amount: maybe(0.7, Math.floor(total * (0.5 + r() * 0.5))),
      incoterm: maybe(0.9, pick(INCOTERMS)),
      placed_via_assurance: r() < 0.95,
      coverage_type: maybe(0.7, pick(['pre_shipment', 'post_delivery'])),
      ship_by: maybe(0.95, iso(shipBy)),
      ship_by_extended_to: maybe(0.15, iso(shipBy + Math.floor(r() * 80) * DAY)),
      guaranteed_delivery_by: maybe(0.2, iso(shipBy + Math.floor(r() * 30) * DAY)),
      lines: [{ sku, quantity: qty, unit_price: unit }],
    },
    payments,
    shipment: {
      shipped_on: shipped ? iso(shipped) : null,
      customs_cleared_on: shipped && r() < 0.3 ? iso(shipped + Math.floor(r() * 20) * DAY) : null,
      expected_delivery_by: maybe(0.9, iso(shipBy + 30 * DAY)),
      delivered_on: delivered ? iso(delivered) : null,
      receipt_confirmed_on: delivered && r() < 0.5 ? iso(delivered + Math.floor(r() * 10 - 3) * DAY) : null,
    },
    issue: {
      kind: maybe(0.6, pick(KINDS)),
      claimed: maybe(0.2, Math.floor(total * r())),
      missing_units: r() < 0.3 ? { [sku]: Math.floor(r() * qty) } : null,
    },
    history: {
      dispute_opened_on: maybe(0.3, iso(asOf - Math.floor(r() * 20) * DAY)),
      escalated_on: null,
      agreement_on: maybe(0.1, iso(asOf - Math.floor(r() * 10) * DAY)),
      accepted_late_shipment: r() < 0.05,
    },
    fx: { usd_per_unit: currency === 'USD' ? null : maybe(0.8, rate) },
  };
  if (claim.shipment.receipt_confirmed_on && claim.shipment.shipped_on && claim.shipment.receipt_confirmed_on < claim.shipment.shipped_on)
    claim.shipment.receipt_confirmed_on = claim.shipment.shipped_on;
  if (claim.shipment.customs_cleared_on && delivered && r() < 0.5) claim.shipment.customs_cleared_on = null;
  if (!valid && r() < 0.08) breakClaim(claim, r);
  return claim;
}

function breakClaim(c, r) {
  const how = Math.floor(r() * 10);
  switch (how) {
    case 0:
      c.order.created_on = '2025-02-30';
      break;
    case 1:
      c.order.total = -5;
      break;
    case 2:
      c.order.currency = 'usd';
      break;
    case 3:
      c.payments[0].method = 'bitcoin';
      break;
    case 4:
      c.issue.kind = 'lost';
      break;
    case 5:
      delete c.as_of;
      break;
    case 6:
      c.order.total = 12.5;
      break;
    case 7:
      c.shipment.delivered_on = '2000-01-01';
      break;
    case 8:
      c.extra_field = { nested: [1, 2, 3] };
      break;
    default:
      c.issue.missing_units = { 'NOT-A-SKU': 3 };
      break;
  }
}

export function* claims(count, seed = 1, opts = {}) {
  const r = rng(seed);
  for (let i = 0; i < count; i++) {
    const c = makeClaim(r, opts);
    // A few lines that are not even JSON.
    if (!opts.valid && r() < 0.01) yield JSON.stringify(c).slice(0, 40 + Math.floor(r() * 100));
    else yield JSON.stringify(c);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 1000);
  const seed = Number(process.argv[3] ?? 1);
  const valid = process.argv.includes('--valid');
  let buf = '';
  for (const line of claims(count, seed, { valid })) {
    buf += line + '\n';
    if (buf.length > 1 << 20) {
      writeSync(1, buf);
      buf = '';
    }
  }
  writeSync(1, buf);
}
