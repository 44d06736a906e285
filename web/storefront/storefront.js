// The demo supplier's own page script (not part of the widget): it sets the
// second order from the store's records through the `order` property, and
// writes its own one-line badge from the widget's `result` event, as a
// storefront that renders its own UI around the same engine would.
// It runs before the widget's script on purpose: a property set on an
// element that is not yet defined is taken over when it is.

const order1002 = {
  program: 'alibaba-ta',
  as_of: '2025-04-20T09:30:00Z',
  supplier: { country: 'CN', ta_limit_remaining: 500000 },
  order: {
    id: 'PO-1002',
    created_on: '2025-03-10',
    currency: 'USD',
    total: 520000,
    assurance_amount: 520000,
    incoterm: 'FOB',
    placed_via_assurance: true,
    ship_by: '2025-04-10',
    lines: [{ sku: 'MUG-01', quantity: 2000, unit_price: 260 }],
  },
  payments: [{ on: '2025-03-11', amount: 156000, method: 'tt', to: 'platform' }],
  shipment: { expected_delivery_by: '2025-05-20' },
  issue: { kind: 'late_shipment' },
};

document.getElementById('cover-1002').order = order1002;

// The store's own words for its badge (Vietnamese: this order's buyer).
const BADGE = {
  open: (amt) => `Trade Assurance: bạn có thể khiếu nại ngay, tối đa ${amt}.`,
  other: () => 'Trade Assurance: xem chi tiết bên dưới.',
};
document.addEventListener('result', (e) => {
  const w = e.target;
  if (w.id !== 'cover-1002') return;
  const badge = document.getElementById('badge-1002');
  const res = e.detail;
  const open = res.ok && res.claims.find((c) => c.status === 'open' && c.refund?.max != null);
  // The widget writes the amount (its language, the currency's ISO 4217 decimals).
  badge.textContent = open ? BADGE.open(w.formatMoney(open.refund.max, open.refund.currency)) : BADGE.other();
  badge.dataset.status = open ? 'open' : 'other';
});
