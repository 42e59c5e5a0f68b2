#!/usr/bin/env node
/**
 * `rapport-server`: runs the reference REST server, or makes keys for it.
 *
 *   rapport-server [--port 8787] [--host 127.0.0.1] [--data-dir DIR] [--cors-origin URL…] [--trust-proxy]
 *   rapport-server create-key [--workspace ID] [--name NAME] [--data-dir DIR]
 *   rapport-server create-form-key --origin URL [--origin URL…] [--workspace ID] [--form-id ID] [--min-fill-ms N] [--data-dir DIR]
 *
 * `DATABASE_URL` selects a PostgreSQL server (otherwise PGlite runs in-process, in memory or in
 * `--data-dir`); `PORT` sets the port when `--port` is absent.
 */
import { parseArgs } from 'node:util';
import { isRapportError } from '@rapport/core';
import { createServer, defaultHostname, defaultPort, type RapportServer, type ServerOptions } from './server.js';

const usage = `Usage:
  rapport-server [--port 8787] [--host 127.0.0.1] [--data-dir DIR] [--cors-origin URL]... [--trust-proxy]
      Serves the Rapport REST API. On an empty database it creates a workspace and prints one
      development API key, once.
  rapport-server create-key [--workspace ID] [--name NAME] [--data-dir DIR]
      Prints a new API key for the workspace (the only one, when --workspace is omitted).
  rapport-server create-form-key --origin URL [--origin URL]... [--workspace ID] [--form-id ID] [--min-fill-ms N] [--data-dir DIR]
      Prints a new publishable form key for the lead endpoint, accepted from the given origins.

Environment:
  DATABASE_URL   a PostgreSQL connection string; without it PGlite runs in-process
                 (in memory, or in --data-dir so that data outlives the process)
  PORT           the port, when --port is not given

Options:
  -h, --help     prints this help
`;

/** A mistake in the command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

const options = {
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'cors-origin': { type: 'string', multiple: true },
  'trust-proxy': { type: 'boolean' },
  workspace: { type: 'string' },
  name: { type: 'string' },
  origin: { type: 'string', multiple: true },
  'form-id': { type: 'string' },
  'min-fill-ms': { type: 'string' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function databaseOptions(flags: Flags): Pick<ServerOptions, 'databaseUrl' | 'dataDir'> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  return { ...(databaseUrl ? { databaseUrl } : {}), ...(flags['data-dir'] ? { dataDir: flags['data-dir'] } : {}) };
}

function portOf(flags: Flags): number {
  const text = flags.port ?? process.env.PORT;
  if (text === undefined || text === '') return defaultPort;
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65_535) throw new UsageError(`Not a port: ${text}`);
  return port;
}

/** The workspace a key is for: the one named, else the only one (created when there is none). */
async function workspaceFor(server: RapportServer, named: string | undefined): Promise<string> {
  if (named) return named;
  const rows = await server.sql.query<{ id: string }>('SELECT id::text AS id FROM workspaces ORDER BY created_at LIMIT 2');
  if (rows.length === 0) return server.admin.createWorkspace('Default');
  if (rows.length > 1) throw new UsageError('There are several workspaces: name one with --workspace ID');
  return rows[0]!.id;
}

/** Opens the persistent database a key command writes to; a key in a throw-away database helps nobody. */
async function openForKeys(flags: Flags): Promise<RapportServer> {
  const database = databaseOptions(flags);
  if (!database.databaseUrl && !database.dataDir) throw new UsageError('This command needs a persistent database: set DATABASE_URL or pass --data-dir DIR');
  return createServer({ ...database, log: false });
}

async function createKeyCommand(flags: Flags): Promise<void> {
  const server = await openForKeys(flags);
  try {
    const workspaceId = await workspaceFor(server, flags.workspace);
    process.stdout.write(`${await server.admin.createApiKey(workspaceId, flags.name)}\n`);
  } finally {
    await server.close();
  }
}

async function createFormKeyCommand(flags: Flags): Promise<void> {
  const origins = flags.origin ?? [];
  if (origins.length === 0) throw new UsageError('create-form-key needs at least one --origin URL');
  let minFillMs: number | undefined;
  if (flags['min-fill-ms'] !== undefined) {
    minFillMs = Number(flags['min-fill-ms']);
    if (!/^\d+$/.test(flags['min-fill-ms'])) throw new UsageError(`Not a number of milliseconds: ${flags['min-fill-ms']}`);
  }
  const server = await openForKeys(flags);
  try {
    const workspaceId = await workspaceFor(server, flags.workspace);
    const key = await server.admin.createFormKey(workspaceId, {
      allowedOrigins: origins,
      ...(flags['form-id'] ? { formId: flags['form-id'] } : {}),
      ...(minFillMs !== undefined ? { minFillMs } : {}),
    });
    process.stdout.write(`${key}\n`);
  } finally {
    await server.close();
  }
}

async function serveCommand(flags: Flags): Promise<void> {
  const port = portOf(flags);
  const database = databaseOptions(flags);
  const server = await createServer({
    ...database,
    ...(flags['cors-origin'] ? { corsOrigins: flags['cors-origin'] } : {}),
    ...(flags['trust-proxy'] ? { trustProxy: true } : {}),
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`Rapport: ${signal} received, finishing in-flight requests\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Rapport: shutdown failed: ${messageOf(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  const [existing] = await server.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM workspaces');
  if (!existing || existing.n === 0) {
    const workspaceId = await server.admin.createWorkspace('Development');
    const key = await server.admin.createApiKey(workspaceId, 'development');
    process.stdout.write(
      `Rapport: the database was empty, so a workspace and a development API key were created.\n` +
        `This key is shown only this once; keep it secret and send it as "Authorization: Bearer <key>":\n${key}\n`,
    );
  }
  if (!database.databaseUrl && !database.dataDir) process.stderr.write('Rapport: no DATABASE_URL or --data-dir: data lives in memory and is lost on exit\n');
  const { url } = await server.listen(port, flags.host ?? defaultHostname);
  process.stdout.write(`Rapport server listening on ${url}\n`);
}

function messageOf(error: unknown): string {
  return isRapportError(error) || error instanceof Error ? error.message : String(error);
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) {
    process.stdout.write(usage);
    return;
  }
  const [command, ...rest] = positionals;
  if (rest.length) throw new UsageError(`Unexpected argument: ${rest[0]}`);
  if (command === undefined) return serveCommand(flags);
  if (command === 'create-key') return createKeyCommand(flags);
  if (command === 'create-form-key') return createFormKeyCommand(flags);
  throw new UsageError(`Unknown command: ${command}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`rapport-server: ${error.message}\n\n${usage}`);
    process.exit(2);
  }
  process.stderr.write(`rapport-server: ${messageOf(error)}\n`);
  process.exit(1);
});
