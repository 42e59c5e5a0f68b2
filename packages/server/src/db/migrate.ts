import { readdir, readFile } from 'node:fs/promises';
import type { Sql } from './sql.js';

/** Where the versioned migrations live: `NNNN_name.sql`, applied in order of their number. */
const migrationsDir = new URL('../../migrations/', import.meta.url);

// Any fixed number: the advisory lock that keeps two replicas starting at once from both migrating.
const migrationLock = 0x7261_7070;

/** One migration file. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration shipped with the server, in order. */
export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(migrationsDir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: await readFile(new URL(file, migrationsDir), 'utf8'),
    })),
  );
}

/**
 * Brings the database up to date: applies, each in its own transaction, every migration not yet
 * recorded in `rapport_migrations`. Safe to run from several processes at once.
 * Returns the versions it applied.
 */
export async function migrate(sql: Sql, migrations?: readonly Migration[]): Promise<number[]> {
  const all = migrations ?? (await loadMigrations());
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
    await tx.query(`CREATE TABLE IF NOT EXISTS rapport_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM rapport_migrations')).map((r) => r.version));
    const applied: number[] = [];
    for (const migration of all) {
      if (done.has(migration.version)) continue;
      await tx.transaction(async (step) => {
        for (const statement of splitStatements(migration.sql)) await step.query(statement);
        await step.query('INSERT INTO rapport_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      });
      applied.push(migration.version);
    }
    return applied;
  });
}

/**
 * A migration's statements, one by one (parameterised queries take one statement each). Splits at
 * semicolons that end a line; a function body between `$$` quotes is kept whole.
 */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inDollarQuote = false;
  for (const line of text.split('\n')) {
    if (/^\s*--/.test(line) && !inDollarQuote) continue;
    current += `${line}\n`;
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inDollarQuote = !inDollarQuote;
    if (!inDollarQuote && /;\s*$/.test(line)) {
      statements.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
