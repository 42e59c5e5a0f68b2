/**
 * Many clients updating the same few deals at once through the REST adapter, each with the
 * version it read: the workload of the no-lost-update tests. Every write must either land on the
 * next version or be refused with a conflict; nothing else is allowed.
 */
import { createCrm, isRapportError, type Crm } from '@rapport/core';
import { restAdapter } from '@rapport/adapters/rest';

export interface WriterResult {
  /** Successful updates per deal id. */
  readonly successes: Map<string, number>;
  readonly conflicts: number;
  /** Writes whose stored version was not the version read + 1: must stay empty. */
  readonly skipped: string[];
}

/** Creates `count` deals in a new pipeline through `crm`; returns their ids. */
export async function seedDeals(crm: Crm, count: number): Promise<string[]> {
  const pipeline = await crm.pipelines.create({ name: 'Contended', currency: 'EUR', stages: [{ name: 'Open' }] });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await crm.deals.create({ title: `Deal ${i}`, amount: { minor: 100 * i, currency: 'EUR' }, pipelineId: pipeline.id })).id);
  return ids;
}

/**
 * Runs `clients` clients for `durationMs`; client i talks to `urls[i % urls.length]`, so writers
 * are split across server replicas. Any failure other than a conflict rejects.
 */
export async function runWriters(options: { urls: readonly string[]; apiKey: string; dealIds: readonly string[]; clients: number; durationMs: number }): Promise<WriterResult> {
  const successes = new Map(options.dealIds.map((id) => [id, 0]));
  const skipped: string[] = [];
  let conflicts = 0;
  const deadline = Date.now() + options.durationMs;
  const crms = Array.from({ length: options.clients }, (_, i) =>
    createCrm({ storage: restAdapter({ baseUrl: options.urls[i % options.urls.length] as string, apiKey: options.apiKey, retry: 0 }) }),
  );
  try {
    await Promise.all(
      crms.map(async (crm, client) => {
        for (let n = 0; Date.now() < deadline; n++) {
          const id = options.dealIds[(client * 7 + n) % options.dealIds.length] as string;
          const read = await crm.deals.get(id);
          try {
            const written = await crm.deals.update(id, { title: `Client ${client} write ${n}` }, { expectedVersion: read.version });
            if (written.version !== read.version + 1) skipped.push(`${id}: read ${read.version}, wrote ${written.version}`);
            successes.set(id, (successes.get(id) ?? 0) + 1);
          } catch (error) {
            if (!isRapportError(error, 'conflict')) throw error;
            conflicts++;
          }
        }
      }),
    );
  } finally {
    await Promise.all(crms.map((crm) => crm.storage.close?.()));
  }
  return { successes, conflicts, skipped };
}

/** Each deal's stored version, read afresh. */
export async function storedVersions(url: string, apiKey: string, ids: readonly string[]): Promise<Map<string, number>> {
  const storage = restAdapter({ baseUrl: url, apiKey });
  try {
    const deals = await storage.collection('deals').getMany(ids);
    return new Map(deals.map((deal, i) => [ids[i] as string, deal?.version ?? -1]));
  } finally {
    await storage.close?.();
  }
}
