// Sample orders a buyer can load in one click, written as claims
// (claim-api.md: amounts in minor units). Dates are days relative to
// "today" (the Beijing date of the page's now), so each sample tells the same
// story whenever it is opened. With now = 2025-04-20T09:30:00Z, "quality"
// is exactly the claim-api.md example.
const S = {
  on_time: (d) => ({
    supplier: { country: 'CN' },
    buyer: { tier: 'standard' },
    order: {
      created_on: d(-30),
      currency: 'USD',
      total: 400000,
      assurance_amount: 400000,
      placed_via_assurance: true,
      ship_by: d(-10),
      incoterm: 'DDP',
    },
    payments: [
      { on: d(-30), amount: 120000, method: 'card', to: 'platform' },
      { on: d(-13), amount: 280000, method: 'tt', to: 'platform' },
    ],
    shipment: { shipped_on: d(-12), expected_delivery_by: d(10) },
  }),
  late_shipment: (d) => ({
    supplier: { country: 'CN' },
    buyer: { tier: 'standard' },
    order: {
      created_on: d(-40),
      currency: 'USD',
      total: 500000,
      assurance_amount: 500000,
      placed_via_assurance: true,
      ship_by: d(-10),
      incoterm: 'FOB',
    },
    payments: [{ on: d(-40), amount: 150000, method: 'tt', to: 'platform' }],
    shipment: { expected_delivery_by: d(20) },
    issue: { kind: 'late_shipment' },
  }),
  quality: (d) => ({
    supplier: { country: 'CN', ta_limit_remaining: 500000 },
    buyer: { tier: 'standard' },
    order: {
      created_on: d(-49),
      currency: 'USD',
      total: 300000,
      assurance_amount: 300000,
      placed_via_assurance: true,
      ship_by: d(-31),
      incoterm: 'CIF',
    },
    payments: [
      { on: d(-49), amount: 90000, method: 'tt', to: 'platform' },
      { on: d(-23), amount: 210000, method: 'tt', to: 'platform' },
    ],
    shipment: { shipped_on: d(-24), expected_delivery_by: d(-5), delivered_on: d(-8) },
    issue: { kind: 'quality' },
  }),
  too_late: (d) => ({
    supplier: { country: 'CN' },
    buyer: { tier: 'standard' },
    order: {
      created_on: d(-100),
      currency: 'USD',
      total: 240000,
      assurance_amount: 240000,
      placed_via_assurance: true,
      ship_by: d(-75),
      incoterm: 'CIF',
    },
    payments: [{ on: d(-100), amount: 240000, method: 'tt', to: 'platform' }],
    shipment: { shipped_on: d(-72), expected_delivery_by: d(-50), delivered_on: d(-45), receipt_confirmed_on: d(-44) },
    issue: { kind: 'quality' },
  }),
  // Nothing dated: a date filled in for the buyer (today) would stay when
  // their order is older, and be judged as theirs without a word.
  blank: () => ({
    buyer: { tier: 'standard' },
    order: { currency: 'USD', placed_via_assurance: true },
    payments: [{ method: 'tt', to: 'platform' }],
  }),
};
export const SAMPLES = Object.keys(S);

export function beijingDay(nowIso) {
  return new Date(Date.parse(nowIso) + 8 * 3600e3).toISOString().slice(0, 10);
}
const add = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 864e5).toISOString().slice(0, 10);

// The sample as a claim, dated from `nowIso` (without as_of: the page adds
// its clock). The name comes from the link: only a sample of this list
// counts ("constructor" is not one), else the quality sample.
export const isSample = (name) => typeof name === 'string' && Object.hasOwn(S, name);
export function sample(name, nowIso) {
  const day = beijingDay(nowIso);
  return (isSample(name) ? S[name] : S.quality)((n) => add(day, n));
}
