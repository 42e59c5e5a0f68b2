// The rapport-conformance command, run as a user runs it (a child process), against the real
// server started here: its help and refusals, a key the server rejects, and a full passing run on
// a workspace that held a record beforehand (so each test must have found it emptied).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createServer, type RapportServer } from '../../../server/src/server.js';
import { restAdapter } from './index.js';

const cli = fileURLToPath(new URL('./conformance-cli.ts', import.meta.url));

/** Runs the command with `args`; resolves its exit code and output. */
function run(args: string[], timeout = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  // Under `node --test` this is set, and would make the child's node:test speak the runner's binary protocol.
  delete env.NODE_TEST_CONTEXT;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--conditions=rapport-source', '--import', 'tsx', cli, ...args], { env, timeout }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('rapport-conformance', () => {
  let server: RapportServer;
  let url: string;
  let apiKey: string;

  before(async () => {
    server = await createServer({ log: false });
    ({ url } = await server.listen(0, '127.0.0.1'));
    apiKey = await server.admin.createApiKey(await server.admin.createWorkspace('disposable'));
  });
  after(() => server?.close());

  it('--help explains the command and warns that it deletes every record', async () => {
    const { code, stdout } = await run(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /Usage: rapport-conformance --url/);
    assert.match(stdout, /DELETES EVERY RECORD the API key can reach/);
  });

  it('refuses missing or wrong arguments with status 2', async () => {
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['--url', url])).code, 2);
    const badTimeout = await run(['--url', url, '--api-key', apiKey, '--timeout', 'soon']);
    assert.equal(badTimeout.code, 2);
    assert.match(badTimeout.stderr, /--timeout/);
  });

  it('stops with status 1 when the server refuses the key', async () => {
    const { code, stderr } = await run(['--url', url, '--api-key', 'rk_wrong']);
    assert.equal(code, 1);
    assert.match(stderr, /cannot be used/);
    assert.doesNotMatch(stderr, /rk_wrong/, 'the key is not echoed');
  });

  it('passes the whole suite against the Rapport server, emptying the workspace before each test', async () => {
    const seeded = restAdapter({ baseUrl: url, apiKey });
    await seeded.collection('companies').put({ id: '01900000-0000-7000-8000-00000000aaaa', name: 'Left over', domain: 'acme.io', tags: [], customFields: {}, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
    await seeded.close?.();
    const { code, stdout, stderr } = await run(['--url', url, '--api-key', apiKey], 120_000);
    assert.match(stderr, /DELETES EVERY RECORD/, 'warns at start');
    assert.equal(code, 0, `${stdout.split('\n').filter((line) => /^\s*not ok/.test(line)).slice(0, 20).join('\n')}\n${stderr}`);
    assert.match(stdout, /(?:# |ℹ )fail 0/);
  });
});
