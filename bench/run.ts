/**
 * `npm run bench [-- <filter>…]`: finds the entries in bench/entries/*.bench.ts, runs those whose
 * name or file name contains a filter (all of them without one), one after another, prints a
 * table and writes bench/results.json.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import type { BenchEntry, BenchRow } from './entry.ts';
import { formatTable } from './table.ts';

const entriesDir = new URL('./entries/', import.meta.url);
const resultsFile = new URL('./results.json', import.meta.url);

function isEntry(value: unknown): value is BenchEntry {
  const entry = value as Partial<BenchEntry> | undefined;
  return typeof entry?.name === 'string' && typeof entry.run === 'function';
}

async function loadEntries(): Promise<{ file: string; entry: BenchEntry }[]> {
  const files = (await readdir(entriesDir)).filter((f) => f.endsWith('.bench.ts')).sort();
  return Promise.all(
    files.map(async (file) => {
      const entry = ((await import(new URL(file, entriesDir).href)) as { default?: unknown }).default;
      if (!isEntry(entry)) throw new Error(`bench/entries/${file}: the default export must be a BenchEntry ({ name, description, run })`);
      return { file, entry };
    }),
  );
}

const filters = process.argv.slice(2).map((f) => f.toLowerCase());
const all = await loadEntries();
const selected = all.filter(({ file, entry }) => !filters.length || filters.some((f) => entry.name.toLowerCase().includes(f) || file.toLowerCase().includes(f)));
if (!selected.length) {
  console.error(`No benchmark matches ${filters.join(', ')}. Entries:\n${all.map(({ entry }) => `  ${entry.name}`).join('\n')}`);
  process.exit(1);
}

const startedAt = new Date();
const runStart = performance.now();
const environment = `node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown cpu'})`;
console.log(`Rapport benchmarks: ${environment}\n`);

const rows: BenchRow[] = [];
const entries: { name: string; file: string; description: string; ms: number; error?: string }[] = [];
for (const { file, entry } of selected) {
  console.log(`▶ ${entry.name}\n  ${entry.description}`);
  const start = performance.now();
  try {
    rows.push(...(await entry.run()));
    entries.push({ name: entry.name, file, description: entry.description, ms: performance.now() - start });
    console.log(`  done in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    // One broken entry should not cost the others' results; the exit code still says it failed.
    process.exitCode = 1;
    entries.push({ name: entry.name, file, description: entry.description, ms: performance.now() - start, error: String((error as Error)?.stack ?? error) });
    console.error(`  FAILED: ${(error as Error)?.stack ?? String(error)}\n`);
  }
}
const totalMs = performance.now() - runStart;

console.log(formatTable(rows));
for (const failed of entries.filter((e) => e.error)) console.log(`FAILED: ${failed.name} (bench/entries/${failed.file}): no rows`);
console.log('\nratio = value ÷ baseline value, both measured in this run (lower is better); see bench/README.md.');

await writeFile(resultsFile, `${JSON.stringify({ startedAt: startedAt.toISOString(), environment, filters, totalMs, entries, rows }, null, 2)}\n`);
console.log(`Total ${(totalMs / 1000).toFixed(1)} s. Wrote bench/results.json.`);
