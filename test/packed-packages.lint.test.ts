// `npm run lint:packages` (scripts/lint-packages.mjs) in the test run, so CI covers it: publint,
// arethetypeswrong and the repo's publishing rules pass on every package's tarball, and the same
// script fails on a package that breaks them. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const env = { ...process.env, NODE_OPTIONS: '' };

/** Runs the lint script on `dirs` (every package when empty): its exit code and output. */
async function lint(dirs: readonly string[] = []): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, ['scripts/lint-packages.mjs', ...dirs], { env, maxBuffer: 16 << 20 });
    return { code: 0, output: stdout };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, output: `${stdout}${stderr}` };
  }
}

describe('npm run lint:packages', () => {
  let broken: string;

  before(async () => {
    // A package that gets wrong what the packages must get right: a bare `exports` path, no
    // types, the source and a test shipped, a define entry left out of `sideEffects`, an internal
    // dependency at a range, an older Node.
    broken = await mkdtemp(join(tmpdir(), 'rapport-broken-package-'));
    await mkdir(join(broken, 'dist'));
    const pkg = {
      name: '@rapport/broken',
      version: '1.0.0',
      type: 'module',
      license: 'MIT',
      main: './dist/index.js',
      sideEffects: false,
      exports: { '.': './dist/index.js', './thing/define': { types: './dist/define.d.ts', default: './dist/define.js' } },
      files: ['dist', 'index.ts'],
      engines: { node: '>=18' },
      dependencies: { '@rapport/core': '^0.0.0' },
    };
    await writeFile(join(broken, 'package.json'), JSON.stringify(pkg));
    await writeFile(join(broken, 'README.md'), '# broken\n');
    await writeFile(join(broken, 'index.ts'), 'export const answer = 42;\n');
    await writeFile(join(broken, 'dist/index.js'), 'export const answer = 42;\n');
    await writeFile(join(broken, 'dist/index.test.js'), 'export {};\n');
    await writeFile(join(broken, 'dist/define.js'), "customElements.define('x-thing', class extends HTMLElement {});\n");
    await writeFile(join(broken, 'dist/define.d.ts'), 'export {};\n');
  });

  after(async () => {
    if (broken) await rm(broken, { recursive: true, force: true });
  });

  it('finds no problem in any package', async (t: TestContext) => {
    const started = Date.now();
    const { code, output } = await lint();
    assert.equal(code, 0, output);
    for (const name of ['@rapport/core', '@rapport/adapters', '@rapport/widgets', '@rapport/server']) assert.match(output, new RegExp(`^✓ ${name}: `, 'm'));
    assert.match(output, /no problems in 4 package\(s\)/);
    t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it('fails on a package that breaks the rules, naming each problem', async () => {
    const { code, output } = await lint([broken]);
    assert.equal(code, 1, output);
    const expected = [
      /exports\["\."\] is a bare path/,
      /"engines\.node" is ">=18"/,
      /index\.ts is in the tarball/,
      /dist\/index\.test\.js is in the tarball/,
      /exports\["\.\/thing\/define"\] \(\.\/dist\/define\.js\) registers elements but is not in "sideEffects"/,
      /dependencies\["@rapport\/core"\] is \^0\.0\.0, but the workspace has/,
      /arethetypeswrong \(exit 1\)/,
    ];
    for (const pattern of expected) assert.match(output, pattern);
    assert.match(output, /^✗ @rapport\/broken: /m);
  });
});
