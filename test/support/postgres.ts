/**
 * PostgreSQL for tests: a real server from Debian's packages. `npm test` starts one cluster for
 * the whole run and passes its address in `RAPPORT_TEST_POSTGRES_URL`; a test file run on its own
 * starts a cluster of its own and stops it when the process exits. Each call to
 * {@link createTestDatabase} makes a fresh database, so test files never see each other's data.
 */
import pg from 'pg';
// @ts-expect-error: a plain-JS script shared with scripts/test.mjs.
import { startPostgresCluster } from '../../scripts/postgres-cluster.mjs';

let cluster: Promise<string> | undefined;

function adminUrl(): Promise<string> {
  const shared = process.env.RAPPORT_TEST_POSTGRES_URL;
  if (shared) return Promise.resolve(shared);
  cluster ??= (async () => {
    const started = (await startPostgresCluster()) as { url: string; stop: () => void };
    process.once('exit', () => started.stop());
    return started.url;
  })();
  return cluster;
}

/** A new, empty database on the test server; `drop()` removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = await adminUrl();
  const name = `rapport_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

