/**
 * In the page: 100,000 contacts imported through `crm.contacts.importCsv` into the IndexedDB
 * adapter, against raw Dexie `bulkAdd` of the very rows that import stored, in batches of the
 * same size, into a fresh database with the same stores. Each run gets a fresh database.
 */
import { createCrm } from '@rapport/core';
import { contactsCsvPieces } from '../../fixtures/contacts-csv.ts';
import { dropDatabase, freshName, openAdapter, rawDatabase, rawTable, type Row } from './databases.ts';
import { collectGarbage, progress } from './progress.ts';
import { timedAdapter, type CallTally } from './timed-adapter.ts';
import { fromRow, toRow } from '../../../packages/adapters/src/indexeddb/row.ts';

/** What the Node side asks for. */
export interface ImportArgs {
  readonly rows: number;
  /** Rows of the warm-up import (and its baseline). */
  readonly warmRows: number;
  /** Timed runs of each side, alternating. */
  readonly runs: number;
  /** Rows per batch: the importer's default, and the baseline's bulkAdd size. */
  readonly batchSize: number;
}

/** Times in ms, in the order they ran, and what was imported. */
export interface ImportTimings {
  readonly subject: number[];
  readonly baseline: number[];
  readonly csvMB: number;
  readonly pieces: number;
  readonly contacts: number;
  readonly companies: number;
  /** Where the warm-up import's time went, per port call (see timed-adapter.ts), and its total. */
  readonly breakdown: Record<string, CallTally>;
  readonly breakdownTotalMs: number;
}

/** What a subject run stored, read back (untimed) for the baseline to write. */
interface Stored {
  readonly contacts: Row[];
  readonly companies: Row[];
}

async function collect(source: AsyncIterable<string>): Promise<string[]> {
  const pieces: string[] = [];
  for await (const piece of source) pieces.push(piece);
  return pieces;
}

/** Pieces already made, as a stream: making the CSV costs neither side. */
async function* replay(pieces: readonly string[]): AsyncGenerator<string> {
  yield* pieces;
}

/**
 * One import into a fresh database; returns its time and the database's name. `tallies`, when
 * given, fills with the time of each port call (the warm-up run only: timed runs use the adapter bare).
 */
async function importOnce(pieces: readonly string[], rows: number, batchSize: number, tallies?: Map<string, CallTally>): Promise<{ ms: number; name: string }> {
  const name = freshName('import');
  const adapter = await openAdapter(name);
  const timed = tallies ? timedAdapter(adapter, tallies) : undefined;
  const crm = createCrm({ storage: timed ?? adapter });
  collectGarbage();
  const start = performance.now();
  const result = await crm.contacts.importCsv(replay(pieces), { batchSize });
  const ms = performance.now() - start;
  await adapter.close?.();
  if (result.rowsRead !== rows || result.failed > 0) {
    throw new Error(`importCsv read ${result.rowsRead} of ${rows} rows, ${result.failed} failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
  }
  return { ms, name };
}

/** The rows an import stored, through a raw connection; checks that they are what `toRow` makes. */
async function readBack(name: string): Promise<Stored> {
  const db = rawDatabase(name);
  const stored = { contacts: await rawTable(db, 'contacts').toArray(), companies: await rawTable(db, 'companies').toArray() };
  db.close();
  for (const row of stored.contacts.slice(0, 100)) {
    if (JSON.stringify(toRow('contacts', fromRow(row))) !== JSON.stringify(row)) throw new Error(`A stored contact is not toRow of its record: ${JSON.stringify(row)}`);
  }
  return stored;
}

/** The baseline: the same rows, bulkAdd-ed in batches of `batchSize` (one transaction each). */
async function bulkAddOnce(stored: Stored, batchSize: number): Promise<number> {
  const name = freshName('bulkadd');
  const db = rawDatabase(name);
  await db.open();
  const contacts = rawTable(db, 'contacts');
  collectGarbage();
  const start = performance.now();
  await rawTable(db, 'companies').bulkAdd(stored.companies);
  for (let i = 0; i < stored.contacts.length; i += batchSize) await contacts.bulkAdd(stored.contacts.slice(i, i + batchSize));
  const ms = performance.now() - start;
  const count = await contacts.count();
  db.close();
  await dropDatabase(name);
  if (count !== stored.contacts.length) throw new Error(`bulkAdd stored ${count} of ${stored.contacts.length} contacts`);
  return ms;
}

/**
 * Warms up on `warmRows`, then alternates timed runs: import, (read back once), bulkAdd.
 *
 * @example
 * const t = await importContacts({ rows: 100_000, warmRows: 10_000, runs: 3, batchSize: 500 });
 */
export async function importContacts(args: ImportArgs): Promise<ImportTimings> {
  const { rows, warmRows, runs, batchSize } = args;
  const pieces = await collect(contactsCsvPieces(rows));
  const warmPieces = await collect(contactsCsvPieces(warmRows));

  const breakdown = new Map<string, CallTally>();
  const warm = await importOnce(warmPieces, warmRows, batchSize, breakdown);
  const warmStored = await readBack(warm.name);
  await dropDatabase(warm.name);
  await bulkAddOnce(warmStored, batchSize);
  progress(`warm-up: ${warmRows.toLocaleString('en-US')} rows imported and bulk-added`);

  const subject: number[] = [];
  const baseline: number[] = [];
  let stored: Stored | undefined;
  for (let run = 0; run < runs; run++) {
    const { ms, name } = await importOnce(pieces, rows, batchSize);
    subject.push(ms);
    stored ??= await readBack(name);
    await dropDatabase(name);
    baseline.push(await bulkAddOnce(stored, batchSize));
    progress(`run ${run + 1}/${runs}: importCsv ${Math.round(ms)} ms, bulkAdd ${Math.round(baseline[run] as number)} ms`);
  }
  return {
    subject,
    baseline,
    csvMB: pieces.reduce((sum, piece) => sum + piece.length, 0) / 1024 / 1024,
    pieces: pieces.length,
    contacts: stored?.contacts.length ?? 0,
    companies: stored?.companies.length ?? 0,
    breakdown: Object.fromEntries(breakdown),
    breakdownTotalMs: warm.ms,
  };
}
