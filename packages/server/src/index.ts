/**
 * @rapport/server: the reference REST server for Rapport (Hono on Node), storing everything in
 * PostgreSQL: PGlite in-process by default, a PostgreSQL server when given a connection string.
 * Stateless, so several replicas can run on one database.
 *
 * @example
 * import { createServer } from '@rapport/server';
 * const server = await createServer({ databaseUrl: process.env.DATABASE_URL });
 * const { url } = await server.listen(8787);
 *
 * @packageDocumentation
 */
export { createServer, defaultHostname, defaultPort, type RapportServer, type ServerOptions } from './server.js';
export { problemResponse, type ProblemBody, type ProblemOverrides } from './http/problem.js';
export { openDatabase, type DatabaseOptions } from './db/open-database.js';
export type { Sql } from './db/sql.js';
export { postgresStore, withStoreTransaction, changeFeed, readChanges, headCursor, createWorkspace, type PostgresStoreOptions, type ChangeBatch, type ChangeFeed, type ChangeFeedOptions, type SeqChange } from './store/index.js';
