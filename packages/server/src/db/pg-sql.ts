import pg from 'pg';
import { savepointScope, type Sql } from './sql.js';

/** Options of a connection pool to a PostgreSQL server. */
export interface PgSqlOptions {
  /** A `postgres://` connection string. */
  connectionString: string;
  /** Connections in the pool (default 10). Behind a pooler such as PgBouncer, keep it small. */
  max?: number;
}

/** A PostgreSQL server through a `pg` pool; LISTEN runs on a connection of its own. */
export async function pgSql(options: PgSqlOptions): Promise<Sql> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  // An idle client that loses its connection emits 'error'; the pool replaces it. Without a
  // listener Node would crash the process.
  pool.on('error', () => undefined);
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let listenClient: pg.PoolClient | undefined;

  const listen: Sql['listen'] = async (channel, onPayload) => {
    if (!listenClient) {
      listenClient = await pool.connect();
      listenClient.on('notification', (message) => {
        for (const fn of listeners.get(message.channel) ?? []) fn(message.payload ?? '');
      });
    }
    let set = listeners.get(channel);
    if (!set) {
      set = new Set();
      listeners.set(channel, set);
      await listenClient.query(`LISTEN ${quoteIdentifier(channel)}`);
    }
    set.add(onPayload);
    return async () => {
      set.delete(onPayload);
    };
  };

  return {
    engine: 'postgres',
    async query(text, params) {
      return (await pool.query(text, params as unknown[] | undefined)).rows;
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(savepointScope('postgres', async (text, params) => (await client.query(text, params as unknown[] | undefined)).rows, listen));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    listen,
    async close() {
      listenClient?.release();
      listenClient = undefined;
      await pool.end();
    },
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
