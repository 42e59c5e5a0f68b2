/**
 * CSV import at scale: 100,000 contact rows through `crm.contacts.importCsv` into the memory
 * adapter, against papaparse parsing the same CSV with no domain work. Time is measured here;
 * peak memory in a child process each (see peak-memory.ts), with the CSV made on the fly.
 */
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { createCrm, memoryAdapter, type Crm } from '@rapport/core';
import { row, type BenchEntry } from '../entry.ts';
import { contactsCsvPieces } from '../fixtures/contacts-csv.ts';
import { compare, type Trial } from '../measure.ts';
import { measurePeakMemory, type MemoryTask, type Probe } from '../peak-memory.ts';

const name = 'csv import 100k rows';
const rows = 100_000;
const noProbe: Probe = () => {};

/** Imports the CSV into a new in-memory CRM and returns it; `probe` runs after each batch. */
async function importCsv(source: AsyncIterable<string>, expectedRows: number, probe = noProbe): Promise<Crm> {
  const crm = createCrm({ storage: memoryAdapter() });
  const result = await crm.contacts.importCsv(source, { onProgress: probe });
  if (result.rowsRead !== expectedRows || result.failed > 0) {
    throw new Error(`csv import: read ${result.rowsRead} of ${expectedRows} rows, ${result.failed} failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
  }
  return crm;
}

/**
 * Parses the CSV with papaparse as the importer calls it (rows as arrays, no header mode), fed
 * piece by piece through a Node stream, with a chunk callback that only counts non-blank rows;
 * `probe` runs at each chunk.
 */
function parseCsv(source: AsyncIterable<string>, expectedRows: number, probe = noProbe): Promise<number> {
  let count = 0;
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(Readable.from(source), {
      header: false,
      chunk(results) {
        for (const cells of results.data) if (cells.length > 1 || cells[0] !== '') count++;
        probe();
      },
      complete() {
        // The header is a row to papaparse.
        if (count - 1 === expectedRows) resolve(count - 1);
        else reject(new Error(`csv parse: ${count - 1} rows, expected ${expectedRows}`));
      },
      error: reject,
    });
  });
}

/** The pieces of `source`, calling `probe` as each is read. */
async function* probed(source: AsyncIterable<string>, probe: Probe): AsyncGenerator<string> {
  for await (const piece of source) {
    probe();
    yield piece;
  }
}

/** Pieces already made, as a stream. */
async function* replay(pieces: readonly string[]): AsyncGenerator<string> {
  yield* pieces;
}

async function collect(source: AsyncIterable<string>): Promise<string[]> {
  const pieces: string[] = [];
  for await (const piece of source) pieces.push(piece);
  return pieces;
}

/** For peak-memory-child.ts: the import, fed pieces made as they are read (the CSV is never whole). */
export const importTask: MemoryTask = (probe) => importCsv(probed(contactsCsvPieces(rows), probe), rows, probe);

/** For peak-memory-child.ts: the baseline parse, fed the same way. */
export const parseTask: MemoryTask = (probe) => parseCsv(probed(contactsCsvPieces(rows), probe), rows, probe);

const entry: BenchEntry = {
  name,
  description: `Imports ${rows.toLocaleString('en-US')} generated contact rows (64 KB pieces) with crm.contacts.importCsv into memoryAdapter, against Papa.parse of the same pieces with a chunk callback; time in this process, peak memory in a child process each.`,
  async run() {
    // Timed runs replay pieces made beforehand, so that making the CSV costs neither side.
    const pieces = await collect(contactsCsvPieces(rows));
    const csvMB = pieces.reduce((sum, piece) => sum + piece.length, 0) / 1024 / 1024;
    const pieceCount = pieces.length;
    const warmPieces = await collect(contactsCsvPieces(10_000));
    const importTrial = (from: string[], count: number): Trial => () => () => importCsv(replay(from), count);
    const parseTrial = (from: string[], count: number): Trial => () => () => parseCsv(replay(from), count);

    const time = await compare(importTrial(pieces, rows), parseTrial(pieces, rows), {
      warmup: { subject: importTrial(warmPieces, 10_000), baseline: parseTrial(warmPieces, 10_000) },
      runs: 5,
      minRuns: 3,
      budgetMs: 45_000,
    });

    const memory = await measurePeakMemory(import.meta.url, 'importTask');
    const baselineMemory = await measurePeakMemory(import.meta.url, 'parseTask');

    const rate = (ms: number) => (rows / ms) * 1000;
    const mb = (value: number) => `${value.toFixed(1)} MB`;
    return [
      row({
        entry: name,
        metric: 'median time',
        unit: 'ms',
        value: time.subject.median,
        baseline: 'Papa.parse',
        baselineValue: time.baseline.median,
        throughput: { unit: 'rows/s', value: rate(time.subject.median), baselineValue: rate(time.baseline.median) },
        note: `${rows.toLocaleString('en-US')} rows, ${mb(csvMB)} of CSV in ${pieceCount} pieces; median of ${time.subject.samples.length} runs each`,
        extra: { rows, csvMB, runs: time.subject.samples.length, samples: time.subject.samples, baselineSamples: time.baseline.samples },
      }),
      row({
        entry: name,
        metric: 'peak heap above idle',
        unit: 'MB',
        value: memory.heapPeakMB,
        baseline: 'Papa.parse',
        baselineValue: baselineMemory.heapPeakMB,
        note:
          `${mb(memory.heapRetainedMB)} is still held after the import and a gc (the store: ${rows.toLocaleString('en-US')} contacts in memoryAdapter); ` +
          `the rest is working memory and garbage not yet collected. Papa.parse holds ${mb(baselineMemory.heapRetainedMB)} after.`,
        extra: {
          heapRetainedMB: memory.heapRetainedMB,
          baselineHeapRetainedMB: baselineMemory.heapRetainedMB,
          memorySamples: memory.samples,
          baselineMemorySamples: baselineMemory.samples,
          childMs: memory.ms,
          baselineChildMs: baselineMemory.ms,
        },
      }),
      row({
        entry: name,
        metric: 'peak rss above idle',
        unit: 'MB',
        value: memory.rssPeakMB,
        baseline: 'Papa.parse',
        baselineValue: baselineMemory.rssPeakMB,
        extra: { rssIdleMB: memory.rssIdleMB, baselineRssIdleMB: baselineMemory.rssIdleMB },
      }),
    ];
  },
};

export default entry;
