// Sample orders a buyer can load in one click. Dates are days relative to
// "today" (Beijing date of the page's now), so each sample tells the same
// story whenever it is opened. With now = 2025-04-20T09:30:00Z, "quality"
// is exactly the claim-api.md example.
const S = {
  on_time: {
    created: -30, cur: 'USD', total: '4000.00', ta: '4000.00', via: 'yes', country: 'CN',
    pay: [[-30, '1200.00', 'card', 'platform'], [-13, '2800.00', 'tt', 'platform']],
    shipby: -10, shipped: -12, eta: 10, inc: 'DDP', tier: 'standard', kind: '',
  },
  late_shipment: {
    created: -40, cur: 'USD', total: '5000.00', ta: '5000.00', via: 'yes', country: 'CN',
    pay: [[-40, '1500.00', 'tt', 'platform']],
    shipby: -10, eta: 20, inc: 'FOB', tier: 'standard', kind: 'late_shipment',
  },
  quality: {
    created: -49, cur: 'USD', total: '3000.00', ta: '3000.00', via: 'yes', country: 'CN', limit: '5000.00',
    pay: [[-49, '900.00', 'tt', 'platform'], [-23, '2100.00', 'tt', 'platform']],
    shipby: -31, shipped: -24, eta: -5, delivered: -8, inc: 'CIF', tier: 'standard', kind: 'quality',
  },
  too_late: {
    created: -100, cur: 'USD', total: '2400.00', ta: '2400.00', via: 'yes', country: 'CN',
    pay: [[-100, '2400.00', 'tt', 'platform']],
    shipby: -75, shipped: -72, eta: -50, delivered: -45, receipt: -44, inc: 'CIF', tier: 'standard', kind: 'quality',
  },
  blank: { created: 0, cur: 'USD', via: 'yes', tier: 'standard', kind: '', pay: [[0, '', 'tt', 'platform']] },
};
export const SAMPLES = Object.keys(S);
const DATE_KEYS = ['created', 'shipby', 'shipped', 'eta', 'delivered', 'receipt'];

export function beijingDay(nowIso) {
  return new Date(Date.parse(nowIso) + 8 * 3600e3).toISOString().slice(0, 10);
}
const add = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 864e5).toISOString().slice(0, 10);

export function sample(name, nowIso) {
  const s = S[name] || S.quality, day = beijingDay(nowIso), out = {};
  for (const [k, v] of Object.entries(s)) out[k] = DATE_KEYS.includes(k) ? add(day, v) : v;
  out.pay = s.pay.map(([d, amt, method, to]) => ({ on: add(day, d), amt, method, to }));
  return out;
}
