/**
 * `POST /v1/batch`: writes to several records and collections applied by the server in one
 * database transaction, all or nothing. `bulkPut` and every transaction commit through it. Each
 * batch carries a fresh `Idempotency-Key`, so a batch whose answer was lost is safe to send again:
 * the server answers the repeat from its record instead of writing twice.
 */
import { newId, ValidationError, type CollectionName, type StoredRecord } from '@rapport/core';
import type { HttpClient } from './http-client.js';

/** One write of a batch; `expectedVersion` means what it means for `put` and `delete`. */
export type BatchOp =
  | { readonly op: 'put'; readonly collection: CollectionName; readonly record: Readonly<Record<string, unknown>>; readonly expectedVersion?: number }
  | { readonly op: 'delete'; readonly collection: CollectionName; readonly id: string; readonly expectedVersion?: number };

/** The outcome of each op, in order. */
export type BatchResult = { readonly record: StoredRecord } | { readonly deleted: boolean };

/** The most ops the server takes in one batch. */
export const maxBatchOps = 1000;

/** Sends `ops` as one batch and resolves the outcome of each. */
export async function sendBatch(client: HttpClient, ops: readonly BatchOp[]): Promise<BatchResult[]> {
  if (ops.length > maxBatchOps) {
    throw new ValidationError('Too many writes for one batch', [
      { path: ['ops'], message: `A batch (a bulkPut or a transaction) holds at most ${maxBatchOps} writes, not ${ops.length}`, code: 'too_big' },
    ]);
  }
  const { body } = await client.request<{ results: BatchResult[] }>({ method: 'POST', path: 'batch', json: { ops }, headers: { 'idempotency-key': newId() } });
  return body.results;
}

/** A record as it goes over the wire: the server sets `version`, so the caller's is left out. */
export function wireRecord(record: object): Record<string, unknown> {
  const { version: _ignored, ...rest } = record as Record<string, unknown>;
  return rest;
}
