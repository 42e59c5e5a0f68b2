import { PGlite } from '@electric-sql/pglite';
import { savepointScope, type Sql } from './sql.js';

/**
 * PostgreSQL in this process (PGlite): in memory, or in `dataDir` so that data outlives the
 * process. PGlite has one connection and runs one statement at a time; a transaction holds it
 * until it ends, so transactions never interleave.
 */
export async function pgliteSql(dataDir?: string): Promise<Sql> {
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const listen: Sql['listen'] = async (channel, onPayload) => {
    const stop = await db.listen(channel, onPayload);
    return () => stop();
  };
  return {
    engine: 'pglite',
    async query(text, params) {
      return (await db.query(text, params as unknown[] | undefined)).rows as never[];
    },
    transaction(fn) {
      return db.transaction((tx) => fn(savepointScope('pglite', async (text, params) => (await tx.query(text, params as unknown[] | undefined)).rows as never[], listen)));
    },
    listen,
    close: () => db.close(),
  };
}
