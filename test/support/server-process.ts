/**
 * The reference server as its own process, started through its CLI exactly as an operator would:
 * for the tests that kill a server, restart it, or run two replicas on one database.
 */
import type { ChildProcess } from 'node:child_process';
import { openDatabase } from '../../packages/server/src/db/open-database.js';
import { createApiKey } from '../../packages/server/src/http/api-keys.js';
import { createWorkspace } from '../../packages/server/src/store/index.js';
import { startProcess } from './start-process.js';

const cli = new URL('../../packages/server/src/cli.ts', import.meta.url).pathname;

/** A running server process. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `rapport-server --port 0` with `env` (DATABASE_URL, or `--data-dir` in `args`). */
export async function startServerProcess(env: Record<string, string>, args: string[] = []): Promise<ServerProcess> {
  const { child, match } = await startProcess(
    process.execPath,
    ['--conditions=rapport-source', '--import', 'tsx', cli, '--port', '0', ...args],
    /Rapport server listening on (http:\/\/\S+)/,
    30_000,
    env,
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url: match[1] as string,
    child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Migrates the database at `databaseUrl` and makes a workspace with an API key in it. */
export async function provisionWorkspace(options: { databaseUrl?: string; dataDir?: string }): Promise<{ workspaceId: string; apiKey: string }> {
  const sql = await openDatabase(options);
  try {
    const workspaceId = await createWorkspace(sql, 'Reliability');
    return { workspaceId, apiKey: await createApiKey(sql, workspaceId, 'test') };
  } finally {
    await sql.close();
  }
}
