import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { startProcess } from '../../../test/support/start-process.js';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const nodeArgs = ['--conditions=rapport-source', '--import', 'tsx', cli];

/** Runs the CLI to completion. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeArgs, ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Sends SIGTERM and resolves with the exit code. */
function terminate(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('rapport-server CLI', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('serves, prints one development key on an empty database, and exits cleanly on SIGTERM', async () => {
    const { child, match } = await startProcess(process.execPath, [...nodeArgs, '--port', '0'], /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    let stdout = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    try {
      const url = match[1]!;
      assert.deepEqual(await (await fetch(`${url}/healthz`)).json(), { ok: true });
      // The key was printed before the listening line; read it from the process's whole output.
      const keys = (match.input ?? '').match(/rk_[A-Za-z0-9_-]{43}/g) ?? [];
      assert.equal(keys.length, 1, match.input);
      const response = await fetch(`${url}/v1/contacts`, { headers: { Authorization: `Bearer ${keys[0]}` } });
      assert.equal(response.status, 200);
    } finally {
      assert.equal(await terminate(child), 0);
    }
    assert.doesNotMatch(stdout, /rk_/, 'the key is printed once');
  });

  it('makes keys in a persistent database that a later server accepts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'rapport-cli-'));
    dirs.push(dataDir);
    const created = await run(['create-key', '--data-dir', dataDir]);
    assert.equal(created.code, 0, created.stderr);
    const key = created.stdout.trim();
    assert.match(key, /^rk_[A-Za-z0-9_-]{43}$/);
    const formKey = await run(['create-form-key', '--origin', 'https://example.com', '--origin', 'http://localhost:5173', '--data-dir', dataDir]);
    assert.equal(formKey.code, 0, formKey.stderr);
    assert.match(formKey.stdout.trim(), /^fk_[A-Za-z0-9_-]+$/);

    const { child, match } = await startProcess(process.execPath, [...nodeArgs, '--port', '0', '--data-dir', dataDir], /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    try {
      assert.doesNotMatch(match.input ?? '', /rk_/, 'no development key for a database that has a workspace');
      const response = await fetch(`${match[1]}/v1/contacts`, { headers: { Authorization: `Bearer ${key}` } });
      assert.equal(response.status, 200);
    } finally {
      assert.equal(await terminate(child), 0);
    }
  });

  it('prints help, and refuses bad usage with exit code 2', async () => {
    const mistakes = [['--port', 'eighty'], ['launch'], ['--colour'], ['create-key'], ['create-form-key', '--data-dir', '/nonexistent-never-used']];
    const [help, ...refused] = await Promise.all([run(['--help']), ...mistakes.map((args) => run(args))]);
    assert.equal(help!.code, 0);
    assert.match(help!.stdout, /Usage:[\s\S]*create-key[\s\S]*create-form-key[\s\S]*DATABASE_URL/);
    refused.forEach((result, i) => {
      assert.equal(result.code, 2, `${mistakes[i]!.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /Usage:/);
    });
  });
});
