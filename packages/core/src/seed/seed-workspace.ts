import type { CollectionName, RecordMap } from '../storage/collections.js';
import type { StorageAdapter } from '../storage/port.js';
import { generateWorkspace, type Workspace, type WorkspaceOptions } from './generate-workspace.js';

/** How many records of each collection were written. */
export type SeedSummary = Record<CollectionName, number>;

const order: CollectionName[] = ['pipelines', 'companies', 'contacts', 'deals', 'interactions'];

/**
 * Generates a workspace (see {@link generateWorkspace}) and writes it into `storage` in chunks of
 * `chunkSize` records. Returns the records written, by collection, and how many.
 *
 * @example
 * const crm = createCrm({ storage: memoryAdapter() });
 * await seedWorkspace(crm.storage, { contacts: 300, seed: 42, now: new Date() });
 */
export async function seedWorkspace(
  storage: StorageAdapter,
  options: WorkspaceOptions & { chunkSize?: number } = {},
): Promise<{ workspace: Workspace; counts: SeedSummary }> {
  const workspace = generateWorkspace(options);
  const chunkSize = options.chunkSize ?? 1000;
  const counts = {} as SeedSummary;
  for (const name of order) {
    const records = workspace[name] as RecordMap[typeof name][];
    for (let i = 0; i < records.length; i += chunkSize) {
      await storage.collection(name).bulkPut(records.slice(i, i + chunkSize) as never[]);
    }
    counts[name] = records.length;
  }
  return { workspace, counts };
}
