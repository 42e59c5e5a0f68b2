// A throwaway PostgreSQL server from Debian's packages, for tests and benchmarks: a fresh cluster
// in a temporary directory, listening on 127.0.0.1 only, removed when stopped. Installs the
// `postgresql` package when it is missing (as root, or through passwordless sudo).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const debianRoot = '/usr/lib/postgresql';

/** The directory of Debian's PostgreSQL programs (newest version), installing the package if needed. */
export function ensurePostgres() {
  let bin = findBin();
  if (bin) return bin;
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? [] : ['sudo', '-n'];
  console.log('PostgreSQL not found: installing Debian\'s postgresql package…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => execFileSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), { stdio: 'inherit', env });
  try {
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'postgresql']);
  } catch {
    throw new Error('Could not install PostgreSQL. Install it with `apt-get install -y postgresql` (as root).');
  }
  bin = findBin();
  if (!bin) throw new Error(`PostgreSQL is still missing under ${debianRoot}`);
  return bin;
}

function findBin() {
  if (!existsSync(debianRoot)) return undefined;
  const versions = readdirSync(debianRoot).filter((v) => existsSync(join(debianRoot, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(debianRoot, versions[0], 'bin') : undefined;
}

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a new cluster and resolves `{ url, port, stop }`: `url` connects as the superuser
 * `postgres` (no password; only this machine can reach it). PostgreSQL refuses to run as root,
 * so as root the cluster belongs to the `postgres` user the package creates.
 */
export async function startPostgresCluster() {
  const bin = ensurePostgres();
  const dir = mkdtempSync(join(tmpdir(), 'rapport-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(dir, 0o755);
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const as = (program, args) => {
    const command = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];
    const result = spawnSync(command[0], command[1], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr || result.stdout}`);
  };
  as('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  // fsync off: a test cluster trades durability for speed; it is deleted afterwards anyway.
  const settings = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  as('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop };
}
