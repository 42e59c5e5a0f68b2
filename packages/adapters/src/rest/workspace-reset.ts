/**
 * Empties a workspace through the REST API: what the conformance CLI does before each test, since
 * the suite needs an empty store and a server offers no "drop everything" call. Deletes every
 * record the client's credentials reach, so it is for disposable workspaces only.
 */
import { collectionNames, type StoredRecord } from '@rapport/core';
import { maxBatchOps, sendBatch } from './batch.js';
import type { HttpClient } from './http-client.js';

/**
 * Deletes every record of every collection, a page of ids and one batch at a time, until each
 * collection counts none. Resolves how many records it deleted.
 */
export async function emptyWorkspace(client: HttpClient): Promise<number> {
  let deleted = 0;
  for (const collection of collectionNames) {
    for (;;) {
      const { body } = await client.request<{ items: StoredRecord[] }>({ method: 'POST', path: `${collection}/query`, json: { limit: maxBatchOps }, collection });
      if (body.items.length === 0) break;
      await sendBatch(
        client,
        body.items.map((record) => ({ op: 'delete', collection, id: record.id })),
      );
      deleted += body.items.length;
    }
  }
  return deleted;
}
