// Test data for the agent view: claims from tests/tools/gen-claims.mjs
// written as the CSV of `assurecalc --csv-template` (one row per order,
// payments and order lines as numbered columns), and a CSV with broken rows.
import { claims } from '../../tools/gen-claims.mjs';

// CSV column -> JSON Pointer into the claim (the columns of src/csv.cpp).
const COLUMNS = [
  ['order_id', '/order/id'],
  ['as_of', '/as_of'],
  ['program', '/program'],
  ['created_on', '/order/created_on'],
  ['currency', '/order/currency'],
  ['total', '/order/total'],
  ['assurance_amount', '/order/assurance_amount'],
  ['supplier_country', '/supplier/country'],
  ['ta_limit_remaining', '/supplier/ta_limit_remaining'],
  ['buyer_tier', '/buyer/tier'],
  ['placed_via_assurance', '/order/placed_via_assurance'],
  ['coverage_type', '/order/coverage_type'],
  ['incoterm', '/order/incoterm'],
  ['ship_by', '/order/ship_by'],
  ['ship_by_extended_to', '/order/ship_by_extended_to'],
  ['guaranteed_delivery_by', '/order/guaranteed_delivery_by'],
  ['payment1_on', '/payments/0/on'],
  ['payment1_amount', '/payments/0/amount'],
  ['payment1_method', '/payments/0/method'],
  ['payment1_to', '/payments/0/to'],
  ['payment2_on', '/payments/1/on'],
  ['payment2_amount', '/payments/1/amount'],
  ['payment2_method', '/payments/1/method'],
  ['payment2_to', '/payments/1/to'],
  ['shipped_on', '/shipment/shipped_on'],
  ['customs_cleared_on', '/shipment/customs_cleared_on'],
  ['expected_delivery_by', '/shipment/expected_delivery_by'],
  ['delivered_on', '/shipment/delivered_on'],
  ['receipt_confirmed_on', '/shipment/receipt_confirmed_on'],
  ['kind', '/issue/kind'],
  ['claimed', '/issue/claimed'],
  ['line1_sku', '/order/lines/0/sku'],
  ['line1_quantity', '/order/lines/0/quantity'],
  ['line1_unit_price', '/order/lines/0/unit_price'],
  ['line1_missing', null], // issue.missing_units[line1_sku]
  ['dispute_opened_on', '/history/dispute_opened_on'],
  ['escalated_on', '/history/escalated_on'],
  ['agreement_on', '/history/agreement_on'],
  ['accepted_late_shipment', '/history/accepted_late_shipment'],
  ['usd_per_unit', '/fx/usd_per_unit'],
];
export const HEADER = COLUMNS.map(([c]) => c).join(',');

const at = (obj, ptr) =>
  ptr
    .split('/')
    .slice(1)
    .reduce((o, k) => (o == null ? undefined : o[k]), obj);
export function cell(v) {
  if (v == null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function claimToRow(c) {
  return COLUMNS.map(([, ptr]) => {
    if (ptr) return cell(at(c, ptr));
    const sku = c.order?.lines?.[0]?.sku;
    return cell(sku != null ? c.issue?.missing_units?.[sku] : null);
  }).join(',');
}

// n valid orders from the claim generator, as CSV text (deterministic).
export function ordersCsv(n, seed = 7) {
  const out = [HEADER];
  for (const text of claims(n, seed, { valid: true })) out.push(claimToRow(JSON.parse(text)));
  return out.join('\n') + '\n';
}

// n valid orders as JSON texts (for JSON and JSON Lines inputs).
export function orderTexts(n, seed = 7) {
  return [...claims(n, seed, { valid: true })];
}

// A CSV with good and broken rows. Each broken row says what is wrong with
// it; a quoted note with a comma and a line break shifts the line numbers.
export function brokenCsv(seed = 11) {
  const good = orderTexts(12, seed).map((t) => JSON.parse(t));
  const rows = [];
  const row = (c, edit) => {
    const cells = Object.fromEntries(HEADER.split(',').map((h, k) => [h, claimToRow(c).split(',')[k]]));
    edit?.(cells);
    return HEADER.split(',')
      .map((h) => cells[h] ?? '')
      .join(',');
  };
  rows.push(row(good[0]));
  rows.push(row(good[1], (x) => (x.created_on = '2025-02-30'))); // INVALID_DATE
  rows.push(row(good[2]));
  rows.push(row(good[3], (x) => (x.total = '-5'))); // INVALID_AMOUNT
  rows.push(row(good[4], (x) => (x.currency = 'usd'))); // UNKNOWN_CURRENCY
  rows.push(''); // a blank line: not an order
  rows.push(row(good[5]));
  rows.push(row(good[6], (x) => (x.as_of = ''))); // MISSING_FIELD
  rows.push(row(good[7], (x) => (x.order_id = '"PO-QUOTED, with a comma\nand a line break"')));
  rows.push(row(good[8], (x) => (x.payment1_method = 'bitcoin'))); // UNKNOWN_PAYMENT_METHOD
  rows.push(row(good[9], (x) => (x.total = '12.50 USD'))); // INVALID_AMOUNT (text in a number column)
  rows.push('PO-SHORT,2025-04-20T09:30:00Z'); // too few cells: created_on, currency, total missing
  rows.push(row(good[10], (x) => (x.kind = 'lost'))); // UNKNOWN_KIND
  rows.push(row(good[11]));
  return [HEADER, ...rows].join('\n') + '\n';
}

// RFC 4180 records of a CSV text (quoted fields, doubled quotes, newlines in quotes).
export function parseCsv(text) {
  const rows = [];
  let row = [],
    f = '',
    q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') ((f += '"'), i++);
      else if (c === '"') q = false;
      else f += c;
    } else if (c === '"' && f === '') q = true;
    else if (c === ',') (row.push(f), (f = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      (row.push(f), rows.push(row), (row = []), (f = ''));
    } else f += c;
  }
  if (f !== '' || row.length) (row.push(f), rows.push(row));
  return rows;
}

// The result CSV as objects keyed by its header.
export function resultRecords(csv) {
  const [head, ...rows] = parseCsv(csv);
  return rows.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k] ?? ''])));
}
