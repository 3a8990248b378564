// Validates 1,000,000 pharmacy records (as a CSV upload gives them: every value a string) in DataStore-sized
// batches, and prints records/s. Run: npx tsx bench/descriptor.ts [records] [batch]
// The DataStore's end-to-end target is >= 20,000 records/s; validation should be a small share of it.
import { compileDescriptor } from '../src/descriptor/compile.ts';
import { pharmacies } from '../test/descriptor/fixtures.ts';

const total = Number(process.argv[2] ?? 1_000_000);
const batchSize = Number(process.argv[3] ?? 10_000);

const makeBatch = (start: number, n: number) =>
  Array.from({ length: n }, (_, j) => {
    const i = start + j;
    return {
      id: String(i),
      name: `Аптека №${i}`,
      region: 'Астана',
      geoposition: `${(51 + (i % 1000) / 10000).toFixed(6)},${(71.4 + (i % 997) / 10000).toFixed(6)}`,
      address: `Астана қаласы, Сауран көшесі ${i % 300}-үй`,
      schedule: '09:00-21:00',
      expireDate:
        i % 2
          ? `${String((i % 28) + 1).padStart(2, '0')}.${String((i % 12) + 1).padStart(2, '0')}.2027`
          : `15-06-2027 ${String(i % 24).padStart(2, '0')}:30`,
    };
  });

const t0 = performance.now();
const compiled = compileDescriptor(pharmacies);
const compileMs = performance.now() - t0;

// Warm-up, then time validation only (building the input rows is the parser's cost, not the validator's).
await compiled.validateBatch(makeBatch(0, batchSize));
let validateMs = 0;
let cpuUs = 0;
let valid = 0;
for (let start = 0; start < total; start += batchSize) {
  const batch = makeBatch(start, Math.min(batchSize, total - start));
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const r = await compiled.validateBatch(batch);
  const c2 = process.cpuUsage(c1);
  validateMs += performance.now() - t1;
  cpuUs += c2.user + c2.system;
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
  valid += r.records.length;
}
const rate = valid / (validateMs / 1000);
console.log(`compile: ${compileMs.toFixed(1)} ms`);
console.log(
  `validated ${valid.toLocaleString('en')} records in batches of ${batchSize.toLocaleString('en')}: ${(validateMs / 1000).toFixed(2)} s`,
);
console.log(
  `${Math.round(rate).toLocaleString('en')} records/s wall clock (${(rate / 20_000).toFixed(1)}x the DataStore's 20,000 records/s end-to-end target)`,
);
// On a shared machine wall time includes waiting for a CPU; process CPU time (GC threads included) does not.
console.log(`${Math.round(valid / (cpuUs / 1e6)).toLocaleString('en')} records per CPU-second`);
