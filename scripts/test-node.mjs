// Runs every Node test file: *.test.ts under packages/*/src and test/, except *.browser.test.ts
// (those run in Chromium). Node 20 does not expand ** globs itself, hence this script.
// Prints "node: N passed, N failed" last.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const roots = [...readdirSync('packages').map((p) => join('packages', p, 'src')), 'test'];
const files = roots
  .flatMap((root) => {
    try {
      return readdirSync(root, { recursive: true }).map((f) => join(root, String(f)));
    } catch {
      return [];
    }
  })
  .filter((f) => f.endsWith('.test.ts') && !f.endsWith('.browser.test.ts') && !f.includes('node_modules'))
  .filter((f) => process.argv.length <= 2 || process.argv.slice(2).some((pattern) => f.includes(pattern)))
  .sort();

// `node --test` with no files falls back to its own globs (and would run scripts/test.mjs): refuse instead.
if (files.length === 0) {
  console.error(`No Node test file matches ${process.argv.slice(2).join(' ')}`);
  process.exit(1);
}

const child = spawn(process.execPath, ['--conditions=rapport-source', '--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk;
  process.stdout.write(chunk);
});
child.on('close', (code) => {
  const count = (name) => Number([...output.matchAll(new RegExp(`^ℹ ${name} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled') + (code !== 0 && count('fail') === 0 ? 1 : 0);
  console.log(`node: ${passed} passed, ${failed} failed`);
  process.exit(code ?? 1);
});
