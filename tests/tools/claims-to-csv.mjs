// Writes N generated orders as the agents' CSV (the columns of
// `assurecalc --csv-template`), for benchmarks.
// usage: node tests/tools/claims-to-csv.mjs N [SEED] > orders.csv
import { writeSync } from 'node:fs';
import { ordersCsv } from '../browser/lib/agent-fixtures.mjs';

writeSync(1, ordersCsv(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 7)));
