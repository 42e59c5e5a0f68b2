import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createTestDatabase } from '../../../../test/support/postgres.js';
import { loadMigrations, migrate, splitStatements } from './migrate.js';
import { pgSql } from './pg-sql.js';
import { pgliteSql } from './pglite-sql.js';
import type { Sql } from './sql.js';

const toClose: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of toClose.reverse()) await close();
});

async function postgres(): Promise<{ url: string }> {
  const db = await createTestDatabase();
  toClose.push(db.drop);
  return db;
}

async function open(connect: () => Promise<Sql>): Promise<Sql> {
  const sql = await connect();
  toClose.push(() => sql.close());
  return sql;
}

describe('migrate', () => {
  it('applies every migration once on PGlite; a second run applies nothing', async () => {
    const sql = await open(() => pgliteSql());
    const versions = (await loadMigrations()).map((m) => m.version);
    assert.ok(versions.length > 0);
    assert.deepEqual(await migrate(sql), versions);
    assert.deepEqual(await migrate(sql), []);
    const recorded = await sql.query<{ version: number }>('SELECT version FROM rapport_migrations ORDER BY version');
    assert.deepEqual(recorded.map((r) => r.version), versions);
    assert.equal((await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM records'))[0]?.n, 0, 'the tables exist');
  });

  it('two concurrent runs on one PostgreSQL database both succeed and apply each migration once', async () => {
    const { url } = await postgres();
    const [a, b] = [await open(() => pgSql({ connectionString: url })), await open(() => pgSql({ connectionString: url }))];
    const [first, second] = await Promise.all([migrate(a), migrate(b)]);
    const versions = (await loadMigrations()).map((m) => m.version);
    assert.deepEqual([...(first as number[]), ...(second as number[])].sort((x, y) => x - y), versions, 'each applied by exactly one run');
    assert.deepEqual(await migrate(a), []);
  });

  it('a failing migration leaves nothing of itself and is not recorded', async () => {
    const { url } = await postgres();
    const sql = await open(() => pgSql({ connectionString: url }));
    const broken = [{ version: 1, name: 'half', sql: 'CREATE TABLE half_done (id int);\nSELECT no_such_function();' }];
    await assert.rejects(migrate(sql, broken));
    assert.deepEqual(await sql.query(`SELECT to_regclass('half_done') AS t`), [{ t: null }]);
    assert.deepEqual(await migrate(sql, [{ version: 1, name: 'whole', sql: 'CREATE TABLE whole_done (id int);' }]), [1]);
  });
});

describe('splitStatements', () => {
  it('splits at line-ending semicolons, drops comment lines, keeps $$ bodies whole', () => {
    const text = [
      '-- a comment; with a semicolon;',
      'CREATE TABLE t (id int);',
      'CREATE FUNCTION f() RETURNS trigger AS $$',
      'BEGIN',
      '  -- inside the body;',
      '  NEW.id := 1;',
      '  RETURN NEW;',
      'END;',
      '$$ LANGUAGE plpgsql;',
      'INSERT INTO t VALUES (1);',
      'SELECT 1',
    ].join('\n');
    const statements = splitStatements(text);
    assert.equal(statements.length, 4, JSON.stringify(statements));
    assert.equal(statements[0], 'CREATE TABLE t (id int);');
    assert.match(statements[1] as string, /^CREATE FUNCTION[\s\S]*NEW\.id := 1;[\s\S]*END;\n\$\$ LANGUAGE plpgsql;$/);
    assert.match(statements[1] as string, /-- inside the body;/, 'comments inside a body are kept');
    assert.equal(statements[3], 'SELECT 1');
  });

  it('splits the shipped migrations into whole statements', async () => {
    for (const migration of await loadMigrations()) {
      for (const statement of splitStatements(migration.sql)) assert.match(statement, /;$/, `a statement of ${migration.name} that does not end its line with a semicolon`);
    }
  });
});
