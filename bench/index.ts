/**
 * `npm run bench`: runs every registered bench entry, prints each one's table, then one final
 * JSON line (`{"bench":"gridflow",...}`) for machines. `BENCH_ONLY=name[,name]` runs a subset.
 * Add an entry by writing a module that exports a BenchEntry and listing it in ENTRIES.
 */
import { inbox } from './inbox';
import { processD } from './process-d';
import { replay } from './replay';
import { startup } from './startup';
import { temporalOneActivity } from './temporal';
import type { BenchEntry, BenchResult } from './types';

const ENTRIES: BenchEntry[] = [temporalOneActivity, inbox, replay, startup, processD];

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  const selected = only ? ENTRIES.filter((e) => only.includes(e.name)) : ENTRIES;
  if (only && selected.length !== only.length) {
    const known = ENTRIES.map((e) => e.name).join(', ');
    throw new Error(`BENCH_ONLY names an unknown entry; known: ${known}`);
  }
  const results: Record<string, BenchResult['json'] | { error: string }> = {};
  let failed = false;
  for (const entry of selected) {
    console.log(`\n== ${entry.name}: ${entry.description}`);
    try {
      const result = await entry.run();
      printTable(result);
      results[entry.name] = result.json;
    } catch (err) {
      failed = true;
      console.log(`FAILED: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      results[entry.name] = { error: err instanceof Error ? err.message : String(err) };
    }
  }
  console.log(JSON.stringify({ bench: 'gridflow', at: new Date().toISOString(), results }));
  process.exitCode = failed ? 1 : 0;
}

function printTable({ rows, notes }: BenchResult): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value, unit] of rows) console.log(`  ${label.padEnd(width)}  ${value}${unit ? ` ${unit}` : ''}`);
  for (const note of notes ?? []) console.log(`  ${note}`);
}

void main();
