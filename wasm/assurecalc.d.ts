// Types for the assurecalc package: the claim contract of claim-api.md.
// Hand-written (Emscripten 3.1.6 has no --emit-tsd); checked by tsc in the tests,
// and its unions against the engine's vocabulary() (tests/js/vocabulary.test.mjs).

/** A civil date in the program's time zone, `YYYY-MM-DD`. */
export type CivilDate = string;
/** An RFC 3339 instant, e.g. `2025-05-12T23:59:59+08:00`. */
export type Instant = string;
/** An integer count of the currency's minor units (USD cents, JPY yen, BHD fils). */
export type MinorUnits = number;

export type ClaimKind = 'late_shipment' | 'not_received' | 'quality' | 'quantity_short' | 'damaged' | 'late_delivery';
export type PaymentMethod =
  'tt' | 'card' | 'online_bank_payment' | 'online_transfer' | 'western_union' | 'pay_later' | 'paypal' | 'lc' | 'cash' | 'other';
export type CoverageType = 'pre_shipment' | 'post_delivery';
export type Status = 'open' | 'not_yet_open' | 'closed' | 'not_covered' | 'needs_info';
export type RefundForm = 'cash' | 'credit' | 'loan_credit';

export type ReasonCode =
  | 'ORDER_BEFORE_PROGRAM'
  | 'ORDER_OUTSIDE_PROGRAM'
  | 'SUPPLIER_REGION_NOT_COVERED'
  | 'NOT_AN_ASSURANCE_ORDER'
  | 'PAYMENT_METHOD_NOT_COVERED'
  | 'PAID_OFF_PLATFORM'
  | 'KIND_NOT_COVERED'
  | 'SHIPPED_ON_TIME'
  | 'BUYER_ACCEPTED_LATE_SHIPMENT'
  | 'TRANSPORT_RISK_ON_BUYER'
  | 'WINDOW_CLOSED'
  | 'WINDOW_NOT_OPEN'
  | 'NOTHING_COVERED_PAID'
  | 'DELIVERED'
  | 'DELIVERED_ON_TIME'
  | 'COVERAGE_TYPE_NOT_OFFERED'
  | 'CATEGORY_EXCLUDED'
  | 'CHARGEBACK_FILED'
  | 'CLAIM_LIMIT_REACHED';
export type WarningCode =
  | 'RULE_AMBIGUOUS'
  | 'CALENDAR_NOT_COVERED'
  | 'RECEIPT_CONFIRMED_BEFORE_DELIVERY'
  | 'EXTENSION_OVER_LIMIT'
  | 'UNKNOWN_FIELD'
  | 'ESTIMATED_AMOUNT'
  | 'PAYMENTS_EXCEED_TOTAL'
  | 'DECIDED_WITHOUT_DATE';
export type ErrorCode =
  | 'INVALID_JSON'
  | 'MISSING_FIELD'
  | 'INVALID_DATE'
  | 'INVALID_AMOUNT'
  | 'UNKNOWN_CURRENCY'
  | 'UNKNOWN_PROGRAM'
  | 'UNKNOWN_KIND'
  | 'UNKNOWN_PAYMENT_METHOD'
  | 'UNKNOWN_SKU'
  | 'INCONSISTENT_DATES'
  | 'INPUT_TOO_LARGE'
  | 'INVALID_TYPE'
  | 'INVALID_VALUE'
  | 'INTERNAL';

export interface Payment {
  on?: CivilDate | null;
  amount?: MinorUnits | null;
  method?: PaymentMethod | null;
  /** `platform`, or anything else (= paid off the platform). */
  to?: string | null;
}

export interface OrderLine {
  sku: string;
  quantity: number;
  unit_price: MinorUnits;
}

export interface Claim {
  /** `alibaba-ta` (default) or a version such as `alibaba-ta-2015`. */
  program?: string | null;
  as_of: Instant;
  buyer?: { tier?: string | null } | null;
  supplier?: { country?: string | null; ta_limit_remaining?: MinorUnits | null } | null;
  order: {
    id?: string | number | null;
    created_on: CivilDate;
    /** ISO 4217 code, upper case. */
    currency: string;
    total: MinorUnits;
    assurance_amount?: MinorUnits | null;
    incoterm?: string | null;
    placed_via_assurance?: boolean | null;
    coverage_type?: CoverageType | null;
    ship_by?: CivilDate | null;
    ship_by_extended_to?: CivilDate | null;
    guaranteed_delivery_by?: CivilDate | null;
    lines?: OrderLine[] | null;
  };
  payments?: Payment[] | null;
  shipment?: {
    shipped_on?: CivilDate | null;
    customs_cleared_on?: CivilDate | null;
    expected_delivery_by?: CivilDate | null;
    delivered_on?: CivilDate | null;
    receipt_confirmed_on?: CivilDate | null;
  } | null;
  issue?: {
    kind?: ClaimKind | null;
    claimed?: MinorUnits | null;
    /** SKU -> units missing, for `quantity_short`. */
    missing_units?: Record<string, number> | null;
  } | null;
  history?: {
    dispute_opened_on?: CivilDate | null;
    escalated_on?: CivilDate | null;
    agreement_on?: CivilDate | null;
    accepted_late_shipment?: boolean | null;
  } | null;
  /** US dollars per one major unit of the order's currency. */
  fx?: { usd_per_unit?: number | null } | null;
}

export type Params = Record<string, unknown>;

export interface Reason {
  code: ReasonCode;
  /** The policy's rule id; its title and source are in `programs()`. */
  rule: string | null;
  params: Params;
}

export interface Warning {
  code: WarningCode;
  rule: string | null;
  params: Params;
}

export interface BasisEntry {
  rule: string;
  /** What capped the amount: covered_payments, assurance_amount, supplier_limit, claimed, missing_units, percent_of_total, usd_limit, ... */
  cap: string;
  amount: MinorUnits;
  /** True for the cap(s) that decided `max`. */
  applied: boolean;
  params?: Params;
}

export interface Refund {
  /** The most the buyer can get for this claim; null when not covered or not yet known. */
  max: MinorUnits | null;
  currency: string;
  form: RefundForm | null;
  /** The rule that gave the form. */
  form_rule: string | null;
  basis: BasisEntry[];
}

export interface ClaimResult {
  kind: ClaimKind;
  status: Status;
  opens_at: Instant | null;
  closes_at: Instant | null;
  days_left: number | null;
  refund: Refund;
  reasons: Reason[];
  /** JSON Pointers of the fields the answer needs. */
  missing: string[];
  /** Missing dates this answer was decided without: every day from `from` to `to` gives it. */
  assumed: Assumed[];
}

/** A missing date an answer holds for whatever its value in the range. */
export interface Assumed {
  path: string;
  from: string;
  to: string;
}

export interface ProgramRef {
  id: string | null;
  program: string;
  name: string | null;
  timezone: string | null;
  effective_from: CivilDate | null;
  effective_to: CivilDate | null;
  /** The rule that gives the version's period (why it applies). */
  rule: string | null;
}

export interface Dispute {
  supplier_response_due: Instant | null;
  escalation_opens: Instant | null;
  auto_escalation_on: Instant | null;
  refund_starts_by: Instant | null;
  /** The last instant to ask the platform to step in (programs that have one). */
  escalation_closes: Instant | null;
}

export interface TimelineEntry {
  at: Instant;
  /** created_on, ship_by, shipped_on, payment, as_of, `<kind>.opens`, `<kind>.closes`, supplier_response_due, ... */
  event: string;
  /** `contract`, `event`, `input`, or the rule id that derived it. */
  source: string;
}

export interface Result {
  ok: true;
  program: ProgramRef;
  /** `order.id` of the claim, echoed (null when not given). */
  order_id: string | null;
  /** The claim's `as_of`, in the program's time zone. */
  as_of: Instant;
  claims: ClaimResult[];
  dispute: Dispute;
  timeline: TimelineEntry[];
  warnings: Warning[];
  trace: string[];
}

export interface InputError {
  code: ErrorCode;
  /** JSON Pointer into the claim; `""` for the whole text. */
  path: string;
  message: string;
}

export interface ErrorResult {
  ok: false;
  errors: InputError[];
}

export type Evaluation = Result | ErrorResult;

/** How much of a result to write: `summary` leaves out refund.basis, timeline and trace. */
export interface EvaluateOptions {
  detail?: 'full' | 'summary';
}
/** A claim's result without its basis. */
export type SummaryClaimResult = Omit<ClaimResult, 'refund'> & { refund: Omit<Refund, 'basis'> };
/** A result without refund.basis, timeline and trace (`{ detail: 'summary' }`). */
export type SummaryResult = Omit<Result, 'claims' | 'timeline' | 'trace'> & { claims: SummaryClaimResult[] };
export type SummaryEvaluation = SummaryResult | ErrorResult;

export interface RuleInfo {
  id: string;
  title: string;
  source: { title: string; url: string | null } | null;
}

export interface ProgramVersion {
  id: string;
  program: string;
  name: string;
  timezone: string;
  effective_from: CivilDate;
  effective_to: CivilDate | null;
  calendar: { id: string; years: [number, number]; source: { title: string; url: string } } | null;
  kinds: ClaimKind[];
  rules: RuleInfo[];
}

export interface CsvRow {
  /** The CSV line the row starts on. */
  line: number;
  order_id: string;
  /** The row as claim JSON text, for evaluateJSON. */
  claim: string;
}

/** A row too large to read (over 1 MiB). */
export interface CsvRowError {
  line: number;
  order_id: '';
  error: string;
}

export interface CsvApi {
  /** The input columns: a header and one example row. */
  template(): string;
  toClaims(text: string): { ok: true; rows: CsvRow[] } | { ok: false; error: string };
  /** A CSV read a piece at a time in bounded memory; each call gives the rows complete so far. */
  reader(): {
    push(text: string): { ok: true; rows: (CsvRow | CsvRowError)[] } | { ok: false; error: string };
    end(): { ok: true; rows: (CsvRow | CsvRowError)[] } | { ok: false; error: string };
  };
  /** line,order_id,program,as_of,kind,status,refund_max,currency,form,decided_by,opens_at,closes_at,days_left,reasons,missing,warnings,errors,assumed */
  resultHeader(): string;
  /** An order's error row, exactly as `assurecalc batch --csv` writes it; a code that is not an error code is written INTERNAL. */
  errorRow(line: number, orderId: string, code: ErrorCode, message: string): string;
  /** Evaluates one order's claim JSON and gives its result rows (one per claim kind, or one error row). */
  rows(line: number, orderId: string, claimJSON: string): string;
  /**
   * A CSV a piece at a time with each order judged once (the agent view). Rows
   * without as_of are judged at `asOf`, as `assurecalc batch --csv --as-of` does
   * ('' for none). `table`: the orders' CsvTableOrder[] as UTF-8 JSON bytes.
   */
  judged(asOf?: string): {
    push(text: string): CsvJudged | { ok: false; error: string };
    end(): CsvJudged | { ok: false; error: string };
  };
  /** One order's claim judged once: what the agent view's table shows of it (`i` is 0). */
  judge(line: number, orderId: string, claimJSON: string): CsvTableOrder;
}

/** What judged() answers for the orders complete so far. */
export interface CsvJudged {
  ok: true;
  /** `claim`: the claim JSON judged (absent for a row over 1 MiB, which has `error`); `asOf`: its as_of was filled in. */
  orders: { line: number; id: string; claim?: string; asOf?: true; error?: string }[];
  table: Uint8Array;
}

/**
 * What the agent view's table shows of one order: the values of its result
 * (those null or empty are left out), or its errors. `i` counts the orders
 * of one answer of judged().
 */
export type CsvTableOrder = { i: number; line: number; id: string; asOfDefault?: true } & (
  | {
      /** The version in force and its zone (absent when none is). */
      program?: string;
      tz?: string;
      family: string;
      cur: string;
      warnings?: WarningCode[];
      claims: {
        kind: ClaimKind;
        status: Status;
        max?: number;
        form?: RefundForm;
        opens?: string;
        closes?: string;
        days?: number;
        /** The caps that decide the amount. */
        caps?: string[];
        reasons?: ReasonCode[];
        missing?: string[];
        assumed?: { path: string; from: string; to: string }[];
      }[];
    }
  | { errors: { code: ErrorCode; path: string; message: string }[] }
);

/** One claim field as the engine declares it (see `vocabulary()`). */
export interface VocabularyField {
  /** JSON Pointer; list items use `*` for the index (`/payments/*` then `/amount`). */
  pointer: string;
  /** Dotted name (`order.total`). */
  name: string;
  type:
    | 'text'
    | 'id'
    | 'instant'
    | 'date'
    | 'amount'
    | 'boolean'
    | 'country'
    | 'currency'
    | 'incoterm'
    | 'coverage_type'
    | 'kind'
    | 'method'
    | 'recipient'
    | 'rate'
    | 'quantity'
    | 'sku'
    | 'time_zone'
    | 'category'
    | 'count'
    | 'list'
    | 'map';
  /** The list of this object holding the allowed values, or null. */
  values: 'programs' | 'buyer_tiers' | 'currencies' | 'incoterms' | 'coverage_types' | 'kinds' | 'payment_methods' | 'recipients' | null;
  unit: 'minor_units' | 'usd_per_major_unit' | 'units' | null;
  /** Absent: MISSING_FIELD. */
  required: boolean;
  /** `not_known`: a term a rule needs (needs_info); `not_happened`: an event; `not_given`: optional. */
  null_means: 'not_known' | 'not_happened' | 'not_given';
  /** Its CSV column (`payment<N>_amount` for list items), or null. */
  column: string | null;
  /** The storefront widget's attribute, or null. */
  attribute: string | null;
  /** The program versions whose rules read it. */
  read_by: string[];
  /** The versions for which leaving it empty makes a claim `needs_info`. */
  needed_by: string[];
}

export interface CodeInfo<C extends string> {
  code: C;
  /** The params the engine writes with this code (claim fields quoted by a policy as dotted names). */
  params: string[];
}

export interface VocabularyVersion {
  id: string;
  program: string;
  name: string;
  timezone: string;
  effective_from: CivilDate;
  effective_to: CivilDate | null;
  kinds: ClaimKind[];
  payment_methods: PaymentMethod[];
  /** The `to` of a payment through the platform. */
  paid_to: string;
  /** JSON Pointers this version reads and needs. */
  reads: string[];
  needs: string[];
}

/** The claim's vocabulary, declared by the engine: every surface builds its forms and lists from it. */
export interface Vocabulary {
  version: string;
  fields: VocabularyField[];
  kinds: ClaimKind[];
  payment_methods: PaymentMethod[];
  recipients: string[];
  incoterms: string[];
  coverage_types: CoverageType[];
  buyer_tiers: string[];
  programs: string[];
  /** Every ISO 4217 code the engine accepts, with its minor-unit exponent (IDR 2, JPY 0, BHD 3). */
  currencies: { code: string; exponent: number }[];
  statuses: Status[];
  refund_forms: RefundForm[];
  reasons: CodeInfo<ReasonCode>[];
  warnings: CodeInfo<WarningCode>[];
  errors: { code: ErrorCode }[];
  versions: VocabularyVersion[];
  /** The agents' CSV: input columns (numbered ones as `payment<N>_on`) and output columns. */
  csv: { input: string[]; output: string[] };
}

/** The engine of the default entry (the page's: the built-in programs, read from compiled tables). */
export interface Assurecalc {
  /** A claim object in, a result object out. Never throws. */
  evaluate(claim: Claim | Record<string, unknown>, options: { detail: 'summary' }): SummaryEvaluation;
  evaluate(claim: Claim | Record<string, unknown>, options?: EvaluateOptions): Evaluation;
  /** JSON text in, JSON text out (the fast path). Never throws. */
  evaluateJSON(text: string, options?: EvaluateOptions): string;
  /** Raw bytes (e.g. a file) in, JSON text out. Never throws. */
  evaluateBytes(bytes: Uint8Array, options?: EvaluateOptions): string;
  programs(): ProgramVersion[];
  /** The claim's vocabulary (memoized). */
  vocabulary(): Vocabulary;
  version(): string;
}

/** What a policy or calendar file added: nothing, and why, when it does not compile. */
export type AddResult = { ok: true } | { ok: false; errors: { path: string; message: string }[] };

/** The engine of the `assurecalc/full` entry: the default's, a caller's own policies and the agents' CSV. */
export interface AssurecalcFull extends Assurecalc {
  /** CSV of orders, as `assurecalc batch --csv` reads and writes it. */
  csv: CsvApi;
  /** A policy file (JSON text, the format of the built-in ones); its program is judged from then on, with the built-in ones. */
  addPolicy(json: string): AddResult;
  /** A business-day calendar file its policies name (add it before them). */
  addCalendar(json: string): AddResult;
}

export interface InitOptions {
  /** Where to fetch `assurecalc.wasm` from (default: next to the module). */
  locateFile?: (file: string, prefix: string) => string;
  /** The .wasm bytes, when the caller has them already. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

/** Loads the module once; later calls return the same promise. Rejects with an Error if it cannot load. */
export function init(options?: InitOptions): Promise<Assurecalc>;
