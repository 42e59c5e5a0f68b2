/**
 * The reference REST server: the app over a database, listening on HTTP, with the admin calls an
 * operator needs (workspaces and keys) and a graceful shutdown that lets in-flight requests
 * finish before the database is released.
 */
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open-database.js';
import type { Sql } from './db/sql.js';
import { createApiKey, revokeApiKey } from './http/api-keys.js';
import type { AppEnv } from './http/app-env.js';
import { buildApp } from './http/app.js';
import { defaultBodyLimit } from './http/body.js';
import { createFormKey } from './http/leads/form-keys.js';
import { leadsRoutes } from './http/leads/index.js';
import { stderrLog } from './http/request-log.js';
import { StreamRegistry } from './http/stream-registry.js';
import { changeFeed, createWorkspace } from './store/index.js';

/** How the server is set up. */
export interface ServerOptions {
  /** A PostgreSQL server's connection string; omitted, PGlite runs in-process. */
  databaseUrl?: string;
  /** PGlite's data directory; omitted (and without `databaseUrl`), data lives in memory. */
  dataDir?: string;
  /** An already open database, which the server migrates but never closes. */
  sql?: Sql;
  /** Origins allowed to call the private API from browsers. */
  corsOrigins?: string[];
  /** Take the client IP from `X-Forwarded-For` (only behind a load balancer that sets it). */
  trustProxy?: boolean;
  /** Rate limits of the public lead endpoint, per minute. */
  leads?: { perIpPerMinute?: number; perKeyPerMinute?: number };
  /** The largest request body of the private API, in bytes (default 1 MB). */
  bodyLimit?: number;
  /** Where the request log goes (default: JSON lines on stderr); `false` silences it. */
  log?: ((line: Record<string, unknown>) => void) | false;
  /** How long `close()` waits for in-flight requests before cutting them off (default 10 s). */
  shutdownTimeoutMs?: number;
}

/** A running (or ready to run) server. */
export interface RapportServer {
  /** The Hono app, for `app.request()` in tests or to mount elsewhere. */
  readonly app: Hono;
  /** The database the server uses. */
  readonly sql: Sql;
  /** Starts listening (default `127.0.0.1:8787`; port 0 picks a free one). */
  listen(port?: number, hostname?: string): Promise<{ url: string; port: number }>;
  /** Stops accepting, lets in-flight requests finish, ends SSE streams and releases the database. */
  close(): Promise<void>;
  /** What an operator does: make workspaces and keys. */
  readonly admin: {
    /** Makes a workspace and returns its id. */
    createWorkspace(name?: string): Promise<string>;
    /** Makes an API key for a workspace and returns it; it is not shown again. */
    createApiKey(workspaceId: string, name?: string): Promise<string>;
    /** Revokes an API key. */
    revokeApiKey(key: string): Promise<void>;
    /** Makes a publishable form key for the lead endpoint and returns it. */
    createFormKey(workspaceId: string, options: { allowedOrigins: string[]; formId?: string; minFillMs?: number }): Promise<string>;
  };
}

/** The default port. */
export const defaultPort = 8787;
/** The default interface: loopback, so a development server is not reachable from the network. */
export const defaultHostname = '127.0.0.1';
const defaultShutdownTimeoutMs = 10_000;
const defaultLeadLimits = { perIpPerMinute: 10, perKeyPerMinute: 600 };

/**
 * Creates the server: opens (and migrates) the database, builds the app and mounts the lead
 * routes. Call `listen()` to serve HTTP.
 *
 * @example
 * const server = await createServer({ databaseUrl: process.env.DATABASE_URL });
 * const workspace = await server.admin.createWorkspace('Acme');
 * console.log(await server.admin.createApiKey(workspace));
 * await server.listen(8787);
 */
export async function createServer(options: ServerOptions = {}): Promise<RapportServer> {
  const ownsSql = options.sql === undefined;
  const sql = options.sql ?? (await openDatabase({ ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}), ...(options.dataDir ? { dataDir: options.dataDir } : {}) }));
  if (!ownsSql) await migrate(sql);
  const feed = changeFeed(sql);
  const streams = new StreamRegistry();
  const app = buildApp({
    sql,
    feed,
    corsOrigins: options.corsOrigins ?? [],
    bodyLimit: options.bodyLimit ?? defaultBodyLimit,
    log: options.log === undefined ? stderrLog : options.log,
    streams,
  });
  app.route('/v1/leads', leadsRoutes({ sql, trustProxy: options.trustProxy ?? false, limits: { ...defaultLeadLimits, ...options.leads } }) as unknown as Hono<AppEnv>);

  let httpServer: Server | undefined;
  let closing: Promise<void> | undefined;
  // The responses not yet finished, and what to call when the last one is, while closing.
  const inFlight = new Set<ServerResponse>();
  let settled: (() => void) | undefined;

  const listen = async (port = defaultPort, hostname = defaultHostname): Promise<{ url: string; port: number }> => {
    if (closing) throw new Error('The server is closed');
    if (httpServer) throw new Error('The server is already listening');
    const server = createAdaptorServer({ fetch: app.fetch, hostname }) as Server;
    server.on('request', (_request, response) => {
      // Once closing, every response tells its client to reconnect elsewhere.
      if (closing) response.shouldKeepAlive = false;
      inFlight.add(response);
      response.once('close', () => {
        inFlight.delete(response);
        if (inFlight.size === 0) settled?.();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, hostname, () => {
        server.off('error', reject);
        resolve();
      });
    });
    httpServer = server;
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return { url: `http://${host}:${address.port}`, port: address.port };
  };

  const shutdown = async (): Promise<void> => {
    const server = httpServer;
    if (server) {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      streams.endAll();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        settled = resolve;
        timer = setTimeout(resolve, options.shutdownTimeoutMs ?? defaultShutdownTimeoutMs);
        if (inFlight.size === 0) resolve();
      });
      clearTimeout(timer);
      // Every request has been answered (or the time is up): what is left are idle keep-alive
      // connections and ones that never sent a request, which would otherwise hold the server open.
      server.closeAllConnections();
      await stopped;
    } else {
      streams.endAll();
    }
    await feed.close();
    if (ownsSql) await sql.close();
  };

  return {
    app: app as unknown as Hono,
    sql,
    listen,
    close: () => (closing ??= shutdown()),
    admin: {
      createWorkspace: (name) => createWorkspace(sql, name),
      createApiKey: (workspaceId, name) => createApiKey(sql, workspaceId, name),
      revokeApiKey: (key) => revokeApiKey(sql, key),
      createFormKey: (workspaceId, formKeyOptions) => createFormKey(sql, workspaceId, formKeyOptions),
    },
  };
}
