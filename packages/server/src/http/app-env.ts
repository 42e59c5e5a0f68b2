/**
 * What the app's handlers share: the context variables middleware sets, and the dependencies
 * the app is built from.
 */
import type { Sql } from '../db/sql.js';
import type { ChangeFeed } from '../store/index.js';
import type { StreamRegistry } from './stream-registry.js';

/** One line of the request log (or of an error report). */
export type LogLine = Record<string, unknown>;

/** Where log lines go; `false` silences them. */
export type LogSink = ((line: LogLine) => void) | false;

/** The Hono environment of every route: what middleware puts on the context. */
export interface AppEnv {
  Variables: {
    /** The workspace of the API key (private API only). */
    workspaceId: string;
    /** The request's id, echoed as `X-Request-Id`. */
    requestId: string;
  };
}

/** Everything the app needs, built once by the server. */
export interface AppDeps {
  /** The database. */
  sql: Sql;
  /** The change feed the SSE stream subscribes to. */
  feed: ChangeFeed;
  /** Origins allowed to call the private API from browsers. */
  corsOrigins: readonly string[];
  /** The largest request body of the private API, in bytes. */
  bodyLimit: number;
  /** Where the request log goes. */
  log: LogSink;
  /** The open SSE streams, ended on shutdown. */
  streams: StreamRegistry;
  /** Milliseconds between SSE keep-alive comments (15 s). */
  ssePingMs?: number;
}
