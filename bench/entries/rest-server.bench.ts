/**
 * The server path end to end: records created and queried through `restAdapter` → HTTP on
 * 127.0.0.1 → `@rapport/server` → PGlite, and → a PostgreSQL server, against raw inserts and
 * selects of the same rows on the same engine in the same run (PGlite in-process for the PGlite
 * rows, `pg` for the PostgreSQL rows). Goal: creates ≤ 2× raw on the server path. Also the lead
 * endpoint's sustained accepted submissions per second.
 */
import { PGlite } from '@electric-sql/pglite';
import { restAdapter } from '@rapport/adapters/rest';
import type { Contact, StorageAdapter, WriteRecord } from '@rapport/core';
import { generateWorkspace } from '@rapport/core/seed';
import pg from 'pg';
// @ts-expect-error: a plain-JS script shared with the test run.
import { startPostgresCluster } from '../../scripts/postgres-cluster.mjs';
import { createServer, type RapportServer } from '../../packages/server/src/server.js';
import { row, type BenchEntry, type BenchRow } from '../entry.ts';
import { compare, median } from '../measure.ts';

const name = 'REST server (restAdapter → server → PGlite / PostgreSQL)';
const creates = 2_000;
const concurrency = 16;
const queries = 300;
const leadSeconds = 5;

/** What the raw side runs: one statement at a time, as `pg` or PGlite gives it. */
type Run = (text: string, params: unknown[]) => Promise<unknown>;

async function inParallel(count: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await work(next++);
  }));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function measureStore(store: 'PGlite' | 'PostgreSQL', server: RapportServer, url: string, raw: Run, records: WriteRecord<Contact>[]): Promise<BenchRow[]> {
  const entry = `${name}: ${store}`;
  await raw('CREATE TABLE IF NOT EXISTS bench_rows (id text PRIMARY KEY, data jsonb NOT NULL)', []);
  let adapter: StorageAdapter | undefined;
  const fresh = async () => {
    await adapter?.close?.();
    adapter = restAdapter({ baseUrl: url, apiKey: await server.admin.createApiKey(await server.admin.createWorkspace()) });
    return adapter;
  };
  const viaServer = async () => {
    const storage = await fresh();
    return () => inParallel(records.length, (i) => storage.collection('contacts').put(records[i] as WriteRecord<Contact>, { expectedVersion: 0 }));
  };
  const viaRaw = async () => {
    await raw('TRUNCATE bench_rows', []);
    return () => inParallel(records.length, (i) => raw('INSERT INTO bench_rows (id, data) VALUES ($1, $2)', [records[i]?.id, JSON.stringify(records[i])]));
  };
  const { subject, baseline } = await compare(viaServer, viaRaw, { warmupRuns: 1, runs: 3 });

  // Queries over the rows the last runs left behind: one page of leads, newest first.
  const storage = adapter as StorageAdapter;
  const time = async (fn: () => Promise<unknown>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  const serverTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let i = 0; i < queries; i++) {
    rawTimes.push(await time(() => raw(`SELECT data FROM bench_rows WHERE data->>'lifecycleStage' = $1 ORDER BY data->>'updatedAt' DESC, id DESC LIMIT 50`, ['lead'])));
    serverTimes.push(await time(() => storage.collection('contacts').query({ where: { lifecycleStage: 'lead' }, orderBy: { field: 'updatedAt', direction: 'desc' }, limit: 50 })));
  }
  await storage.close?.();
  const p95 = percentile(serverTimes, 95);
  const rawP95 = percentile(rawTimes, 95);
  return [
    row({
      entry,
      metric: `${creates.toLocaleString('en-US')} creates, ${concurrency} in flight`,
      unit: 'ms',
      value: subject.median,
      baseline: `raw INSERT (${store === 'PGlite' ? 'PGlite' : 'pg'})`,
      baselineValue: baseline.median,
      throughput: { unit: 'ops/s', value: (creates / subject.median) * 1000, baselineValue: (creates / baseline.median) * 1000 },
      note: 'creates: put with expectedVersion 0 (POST with an Idempotency-Key): HTTP, auth, record validation, the version check, the change-feed row and NOTIFY, in one transaction',
      extra: { samples: subject.samples, baselineSamples: baseline.samples },
    }),
    row({
      entry,
      metric: `query p95 (${queries} pages of 50)`,
      unit: 'ms',
      value: p95,
      baseline: 'raw SELECT',
      baselineValue: rawP95,
      extra: { median: median(serverTimes), rawMedian: median(rawTimes) },
    }),
  ];
}

/** Accepted lead submissions per second for `leadSeconds`, 8 submitters, every email new. */
async function measureLeads(server: RapportServer, url: string, store: string, baselineMsPerCreate: number): Promise<BenchRow> {
  const workspaceId = await server.admin.createWorkspace();
  const origin = 'http://127.0.0.1:9';
  const formKey = await server.admin.createFormKey(workspaceId, { allowedOrigins: [origin], minFillMs: 0 });
  const startedAt = new Date(Date.now() - 10_000).toISOString();
  let accepted = 0;
  let refused = 0;
  const deadline = performance.now() + leadSeconds * 1000;
  const start = performance.now();
  await Promise.all(Array.from({ length: 8 }, async (_, worker) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const response = await fetch(`${url}/v1/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, 'rapport-form-key': formKey },
        body: JSON.stringify({ email: `lead-${worker}-${n}@example.com`, firstName: 'Lead', consent: [{ purpose: 'marketing-email', granted: true, text: 'Send me news' }], honeypot: '', startedAt }),
      });
      await response.arrayBuffer();
      if (response.status === 201) accepted++;
      else refused++;
    }
  }));
  if (refused) throw new Error(`${refused} lead submissions were refused`);
  const msPerLead = (performance.now() - start) / accepted;
  return row({
    entry: `${name}: ${store}`,
    metric: `lead submission (${leadSeconds} s sustained, 8 submitters)`,
    unit: 'ms',
    value: msPerLead,
    baseline: 'one REST create',
    baselineValue: baselineMsPerCreate,
    throughput: { unit: 'ops/s', value: 1000 / msPerLead, baselineValue: 1000 / baselineMsPerCreate },
    note: 'a lead: form key, origin, two rate-limit counters, spam checks, an email lock, a contact lookup, the contact and a formSubmission interaction',
    extra: { accepted },
  });
}

const entry: BenchEntry = {
  name,
  description: `Creates ${creates.toLocaleString('en-US')} contacts (${concurrency} in flight) and runs ${queries} queries through restAdapter → server on PGlite and on a PostgreSQL server, against raw INSERT/SELECT of the same rows; then ${leadSeconds} s of lead submissions.`,
  async run() {
    const records = generateWorkspace({ seed: 5, contacts: creates, deals: 0, interactionsPerContact: 0 }).contacts.map(({ version: _v, ...record }) => record);
    const rows: BenchRow[] = [];
    const leads = { perIpPerMinute: 1_000_000, perKeyPerMinute: 1_000_000 };

    const pglite = await createServer({ log: false, leads });
    const rawLite = await PGlite.create();
    try {
      const { url } = await pglite.listen(0);
      rows.push(...(await measureStore('PGlite', pglite, url, (text, params) => rawLite.query(text, params), records)));
      rows.push(await measureLeads(pglite, url, 'PGlite', (rows[0]?.value ?? 1) / creates));
    } finally {
      await pglite.close();
      await rawLite.close();
    }

    const cluster = (await startPostgresCluster()) as { url: string; stop(): void };
    try {
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query('CREATE DATABASE rapport_bench');
      await admin.query('CREATE DATABASE raw_bench');
      await admin.end();
      const database = (db: string) => cluster.url.replace(/\/postgres$/, `/${db}`);
      const server = await createServer({ log: false, leads, databaseUrl: database('rapport_bench') });
      const pool = new pg.Pool({ connectionString: database('raw_bench'), max: 10 });
      try {
        const { url } = await server.listen(0);
        const first = rows.length;
        rows.push(...(await measureStore('PostgreSQL', server, url, (text, params) => pool.query(text, params), records)));
        rows.push(await measureLeads(server, url, 'PostgreSQL', (rows[first]?.value ?? 1) / creates));
      } finally {
        await server.close();
        await pool.end();
      }
    } finally {
      cluster.stop();
    }
    return rows;
  },
};

export default entry;
