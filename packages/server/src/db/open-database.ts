import { migrate } from './migrate.js';
import { pgSql } from './pg-sql.js';
import { pgliteSql } from './pglite-sql.js';
import type { Sql } from './sql.js';

/** Where the server keeps its data. */
export interface DatabaseOptions {
  /** A PostgreSQL server's connection string. Without it the server runs PGlite in-process. */
  databaseUrl?: string;
  /** PGlite's data directory; omitted, PGlite keeps everything in memory. */
  dataDir?: string;
  /** The pool size for a PostgreSQL server (default 10). */
  poolSize?: number;
}

/** Opens the database and applies any pending migration. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Sql> {
  const sql = options.databaseUrl
    ? await pgSql({ connectionString: options.databaseUrl, ...(options.poolSize ? { max: options.poolSize } : {}) })
    : await pgliteSql(options.dataDir);
  try {
    await migrate(sql);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return sql;
}
