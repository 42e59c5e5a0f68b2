// "After npm run build, a Node script importing @rapport/core can run every service": runs a
// plain .mjs consumer in a fresh Node process, without the TypeScript loader or the source
// condition, so it uses the compiled dist/ files.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

test('a plain Node script runs every service from the built @rapport/core', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['test/fixtures/use-built-core.mjs'], { env: { ...process.env, NODE_OPTIONS: '' } });
  assert.match(stdout, /ok: every service ran from the build/);
});
