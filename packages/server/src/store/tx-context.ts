/**
 * The state of a store transaction: its SQL transaction, the writes it made (to report them as
 * changes at commit), and a queue that runs its operations one at a time.
 */
import type { CollectionName } from '@rapport/core';
import type { Sql } from '../db/sql.js';
import { currentTxIdSql, lockAndNotifySql } from './change-log.js';
import { Params } from './query-sql.js';

/** One write, as the change log needs it. */
interface Write {
  readonly collection: CollectionName;
  readonly id: string;
  /** The version written; absent for a delete. */
  readonly version?: number;
}

/** A transaction of a store, or a savepoint inside one (with a parent). */
export class TxContext {
  private readonly writes: Write[] = [];
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    /** The SQL transaction (or savepoint scope) every operation runs on. */
    readonly sql: Sql,
    readonly workspaceId: string,
    private readonly parent?: TxContext,
  ) {}

  /**
   * Runs `op` after the operations queued before it. A transaction is one connection, and a
   * savepoint opened by one operation must not enclose another's statements.
   */
  run<T>(op: () => Promise<T>): Promise<T> {
    const result = this.tail.then(op, op);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Notes a put that wrote `version`. */
  notePut(collection: CollectionName, id: string, version: number): void {
    this.writes.push({ collection, id, version });
  }

  /** Notes a delete that removed a record. */
  noteDelete(collection: CollectionName, id: string): void {
    this.writes.push({ collection, id });
  }

  /** A context for a savepoint inside this one; {@link mergeIntoParent} keeps its writes. */
  child(sql: Sql): TxContext {
    return new TxContext(sql, this.workspaceId, this);
  }

  /** Hands the writes of a savepoint that was released to the enclosing context. */
  mergeIntoParent(): void {
    this.parent?.writes.push(...this.writes);
  }

  /**
   * Appends this transaction's changes and queues the notification, right before commit: one
   * change per record touched, with its final state, as the memory adapter reports it (a record
   * created and deleted in the same transaction is not reported). The data of a put is copied
   * from `records` inside PostgreSQL, so it does not travel again. The workspace's append lock is
   * taken first, inside the statement, and held to the commit.
   */
  async flush(): Promise<void> {
    const final = new Map<string, { collection: CollectionName; id: string; existedBefore: boolean; deleted: boolean }>();
    for (const write of this.writes) {
      const key = `${write.collection}/${write.id}`;
      const entry = final.get(key);
      // A put at version 1 created the record; a higher one, or a delete, found it there.
      if (!entry) final.set(key, { collection: write.collection, id: write.id, existedBefore: write.version === undefined || write.version > 1, deleted: write.version === undefined });
      else entry.deleted = write.version === undefined;
    }
    const changes = [...final.values()].filter((c) => !c.deleted || c.existedBefore);
    this.writes.length = 0;
    if (!changes.length) return;
    const p = new Params();
    const ws = p.add(this.workspaceId, 'uuid');
    const collections = p.add(changes.map((c) => c.collection), 'text[]');
    const ids = p.add(changes.map((c) => c.id), 'text[]');
    const types = p.add(changes.map((c) => (c.deleted ? 'delete' : 'put')), 'text[]');
    await this.sql.query(
      `WITH lock AS MATERIALIZED (${lockAndNotifySql(ws)}),
        touched AS (SELECT * FROM unnest(${collections}, ${ids}, ${types}) WITH ORDINALITY AS t(collection, id, type, ord))
      INSERT INTO changes (workspace_id, tx_id, collection, id, type, version, record)
      SELECT ${ws}, ${currentTxIdSql}, t.collection, t.id, t.type, r.version, r.data
      FROM touched t CROSS JOIN lock
      LEFT JOIN records r ON t.type = 'put' AND r.workspace_id = ${ws} AND r.collection = t.collection AND r.id = t.id
      ORDER BY t.ord`,
      p.values,
    );
  }
}
