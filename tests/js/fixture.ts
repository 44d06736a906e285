// Compiled by tsc --noEmit in the tests: uses of the public types that must
// type-check, and misuses that must not (@ts-expect-error).
import type { Assurecalc, Claim, Evaluation, ClaimResult, ReasonCode, Status } from '../../wasm/assurecalc.js';
import { init } from '../../wasm/assurecalc.js';
import { init as initFull } from '../../wasm/full.js';

async function main(): Promise<void> {
  const ac: Assurecalc = await init({ locateFile: (f) => `/static/${f}` });
  const claim: Claim = {
    as_of: '2025-04-20T09:30:00Z',
    order: { created_on: '2025-03-02', currency: 'USD', total: 300000, coverage_type: 'post_delivery' },
    payments: [{ on: '2025-03-02', amount: 90000, method: 'tt', to: 'platform' }],
    issue: { kind: 'quality', missing_units: { 'MUG-01': 3 } },
  };
  const r: Evaluation = ac.evaluate(claim);
  if (r.ok) {
    const c: ClaimResult = r.claims[0];
    const s: Status = c.status;
    const max: number | null = c.refund.max;
    const codes: ReasonCode[] = c.reasons.map((x) => x.code);
    const due: string | null = r.dispute.supplier_response_due;
    (void s, max, codes, due);
  } else {
    const where: string = r.errors[0].path;
    void where;
  }
  const text: string = ac.evaluateJSON(JSON.stringify(claim));
  void text;
  // @ts-expect-error: not a claim kind
  const bad: Claim = { as_of: 'x', order: { created_on: 'x', currency: 'USD', total: 1 }, issue: { kind: 'lost' } };
  // @ts-expect-error: no such status
  const st: Status = 'maybe';
  (void bad, st);
  // @ts-expect-error: the CSV helpers are the full entry's
  void ac.csv;
  const full = await initFull();
  const added: boolean = full.addPolicy('{}').ok;
  const header: string = full.csv.resultHeader();
  (void added, header);
}
void main;
