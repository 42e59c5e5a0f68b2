/**
 * The statements that write records, one round trip each. Outside a transaction a write also
 * appends its change in the same statement: the write, the workspace's append lock, the change
 * row and the notification are one autocommitted statement, so a single put costs one round trip
 * (see {@link putSql}). Inside a transaction the change is buffered and appended at commit.
 */
import type { CollectionName } from '@rapport/core';
import type { Sql } from '../db/sql.js';
import { currentTxIdSql, lockAndNotifySql } from './change-log.js';
import { collectionLiteral, Params } from './query-sql.js';
import type { RecordRow } from './record-rows.js';

/** Where a write goes. */
export interface WriteTarget {
  readonly sql: Sql;
  readonly workspaceId: string;
  /** Append the change in the same statement (an autocommitted write); otherwise the caller buffers it. */
  readonly appendChange: boolean;
}

const columns = '(workspace_id, collection, id, version, data, search_tokens)';
const replace = 'ON CONFLICT (workspace_id, collection, id) DO UPDATE SET version = r.version + 1, data = EXCLUDED.data, search_tokens = EXCLUDED.search_tokens';

/**
 * Wraps a data-modifying statement (`RETURNING id, version, data`) so that it also appends a
 * change per row it returns, under the workspace's append lock, and notifies. Without rows (a
 * condition that failed) nothing is appended; the lock and notification may still happen, which
 * costs a subscriber one empty read.
 */
function withChange(write: string, type: 'put' | 'delete', ws: string, collection: string, appendChange: boolean): string {
  if (!appendChange) return write;
  const record = type === 'put' ? 'w.version, w.data' : 'NULL::integer, NULL::jsonb';
  return `WITH written AS (${write}),
    lock AS MATERIALIZED (${lockAndNotifySql(ws)}),
    appended AS (
      INSERT INTO changes (workspace_id, tx_id, collection, id, type, version, record)
      SELECT ${ws}, ${currentTxIdSql}, ${collection}, w.id, '${type}', ${record} FROM written w CROSS JOIN lock
    )
    SELECT id, version FROM written`;
}

/**
 * The statement of one put:
 * - unconditional: `INSERT … ON CONFLICT (pk) DO UPDATE SET version = version + 1, …`;
 * - `expected` 0 (create only): `INSERT … ON CONFLICT (pk) DO NOTHING`;
 * - `expected` n: `UPDATE … WHERE pk AND version = n`.
 * Each returns the new version, or no row when the condition failed.
 */
export function putSql(target: WriteTarget, collection: CollectionName, row: RecordRow, expected: number | undefined): { text: string; params: unknown[] } {
  const p = new Params();
  const ws = p.add(target.workspaceId, 'uuid');
  const id = p.add(row.id, 'text');
  const data = p.add(row.json, 'jsonb');
  const keys = p.add(row.searchKeys, 'text[]');
  const c = collectionLiteral(collection);
  let write: string;
  if (expected === undefined) {
    write = `INSERT INTO records AS r ${columns} VALUES (${ws}, ${c}, ${id}, 1, ${data}, ${keys}) ${replace} RETURNING r.id, r.version, r.data`;
  } else if (expected === 0) {
    write = `INSERT INTO records ${columns} VALUES (${ws}, ${c}, ${id}, 1, ${data}, ${keys}) ON CONFLICT (workspace_id, collection, id) DO NOTHING RETURNING id, version, data`;
  } else {
    write = `UPDATE records SET version = version + 1, data = ${data}, search_tokens = ${keys}
      WHERE workspace_id = ${ws} AND collection = ${c} AND id = ${id} AND version = ${p.add(expected, 'int')} RETURNING id, version, data`;
  }
  return { text: withChange(write, 'put', ws, c, target.appendChange), params: p.values };
}

/** Runs one put; resolves the new version, or `undefined` when `expected` did not hold. */
export async function putRecord(target: WriteTarget, collection: CollectionName, row: RecordRow, expected: number | undefined): Promise<number | undefined> {
  const { text, params } = putSql(target, collection, row, expected);
  const rows = await target.sql.query<{ version: number }>(text, params);
  return rows[0]?.version;
}

/**
 * Runs one unconditional put of many records whose ids are all different (PostgreSQL cannot
 * change a row twice in one statement); resolves each id's new version.
 */
export async function putRecords(target: WriteTarget, collection: CollectionName, rows: readonly RecordRow[]): Promise<Map<string, number>> {
  const p = new Params();
  const ws = p.add(target.workspaceId, 'uuid');
  const c = collectionLiteral(collection);
  // One jsonb parameter for the whole batch; each record's JSON text goes in as it is.
  const batch = `[${rows.map((r) => `{"id":${JSON.stringify(r.id)},"data":${r.json},"keys":${JSON.stringify(r.searchKeys)}}`).join(',')}]`;
  const input = p.add(batch, 'jsonb');
  const write = `INSERT INTO records AS r ${columns}
    SELECT ${ws}, ${c}, e.item->>'id', 1, e.item->'data',
      CASE WHEN jsonb_typeof(e.item->'keys') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(e.item->'keys')) END
    FROM jsonb_array_elements(${input}) WITH ORDINALITY AS e(item, ord) ORDER BY e.ord
    ${replace} RETURNING r.id, r.version, r.data`;
  const result = await target.sql.query<{ id: string; version: number }>(withChange(write, 'put', ws, c, target.appendChange), p.values);
  return new Map(result.map((r) => [r.id, r.version]));
}

/** Runs one delete; resolves the version the record had, or `undefined` when none was removed. */
export async function deleteRecord(target: WriteTarget, collection: CollectionName, id: string, expected: number | undefined): Promise<number | undefined> {
  const p = new Params();
  const ws = p.add(target.workspaceId, 'uuid');
  const c = collectionLiteral(collection);
  const condition = expected === undefined ? '' : ` AND version = ${p.add(expected, 'int')}`;
  const write = `DELETE FROM records WHERE workspace_id = ${ws} AND collection = ${c} AND id = ${p.add(id, 'text')}${condition} RETURNING id, version`;
  const rows = await target.sql.query<{ version: number }>(withChange(write, 'delete', ws, c, target.appendChange), p.values);
  return rows[0]?.version;
}

/** The stored version of a record, or `undefined` when there is none. */
export async function storedVersion(sql: Sql, workspaceId: string, collection: CollectionName, id: string): Promise<number | undefined> {
  const p = new Params();
  const rows = await sql.query<{ version: number }>(
    `SELECT version FROM records WHERE workspace_id = ${p.add(workspaceId, 'uuid')} AND collection = ${collectionLiteral(collection)} AND id = ${p.add(id, 'text')}`,
    p.values,
  );
  return rows[0]?.version;
}
