/**
 * The little the server needs from PostgreSQL, whichever engine runs it: PGlite in-process, or a
 * PostgreSQL server through a `pg` pool. Everything above this file speaks plain SQL with `$n`
 * parameters, so both engines run the same statements.
 */

/** A connection to the database, or a transaction on it. */
export interface Sql {
  /** Which engine this is; for logs and for the few places where the two differ. */
  readonly engine: 'pglite' | 'postgres';
  /** Runs one statement and returns its rows. */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. Called
   * on a transaction, it runs `fn` in a savepoint, so an inner failure undoes only the inner writes.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Calls `onPayload` with each notification on `channel` until the returned function is called. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Releases the connections. The object is unusable afterwards. */
  close(): Promise<void>;
}

/** The transaction a {@link Sql} hands to `transaction`: nesting runs in savepoints. */
export function savepointScope(engine: Sql['engine'], run: Sql['query'], listen: Sql['listen']): Sql {
  let depth = 0;
  const scope: Sql = {
    engine,
    query: run,
    async transaction(fn) {
      const name = `rapport_sp_${++depth}`;
      await run(`SAVEPOINT ${name}`);
      try {
        const result = await fn(scope);
        await run(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await run(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      } finally {
        depth--;
      }
    },
    listen,
    async close() {
      throw new Error('A transaction cannot be closed; let its function return');
    },
  };
  return scope;
}
