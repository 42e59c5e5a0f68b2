// `npm test`: builds, type-checks sources and tests, builds Storybook and the API reference, runs the Node tests and the browser tests
// (installing Debian's Chromium first if it is missing) and the server tests against one PostgreSQL
// cluster started for the run (installing Debian's PostgreSQL if it is missing), and ends with one plain line,
// "N passed, N failed", summing every runner. A step that fails without counting tests (a type
// error, a build error) counts as one failure. Every step runs even after one fails.
import { spawn } from 'node:child_process';
import { startPostgresCluster } from './postgres-cluster.mjs';

const steps = [
  { name: 'chromium', command: ['node', 'scripts/ensure-chromium.mjs'] },
  { name: 'build', command: ['npm', 'run', '--silent', 'build'] },
  { name: 'typecheck', command: ['npx', 'tsc', '-p', 'tsconfig.test.json'] },
  // A story that no longer compiles or imports fails here, not in a reviewer's browser.
  { name: 'storybook', command: ['npm', 'run', '--silent', 'build-storybook'] },
  // The API reference (docs/api/) builds, with every export documented: a warning fails the step.
  { name: 'api reference', command: ['npx', 'typedoc', '--treatWarningsAsErrors', '--logLevel', 'Warn'] },
  { name: 'postgres', start: startPostgres },
  { name: 'node', command: ['node', 'scripts/test-node.mjs'], counts: true },
  { name: 'browser', command: ['npx', 'wtr'], counts: true },
];

// One PostgreSQL server for every test file; each file makes databases of its own on it.
let postgres;
async function startPostgres() {
  try {
    postgres = await startPostgresCluster();
    process.env.RAPPORT_TEST_POSTGRES_URL = postgres.url;
    process.once('exit', () => postgres.stop());
    console.log(`PostgreSQL test server on 127.0.0.1:${postgres.port}`);
    return { code: 0, output: '' };
  } catch (error) {
    console.error(String(error?.message ?? error));
    return { code: 1, output: '' };
  }
}

function run({ command, start }) {
  if (start) return start();
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

let passed = 0;
let failed = 0;
const failures = [];
for (const step of steps) {
  console.log(`\n=== ${step.name}${step.command ? `: ${step.command.join(' ')}` : ''}`);
  const { code, output } = await run(step);
  const summary = step.counts ? [...output.matchAll(/^\w+: (\d+) passed, (\d+) failed/gm)].at(-1) : undefined;
  if (summary) {
    passed += Number(summary[1]);
    failed += Number(summary[2]);
  }
  if (code !== 0 && !(summary && Number(summary[2]) > 0)) failed++;
  if (code !== 0) failures.push(step.name);
}

postgres?.stop();
if (failures.length) console.log(`\nFailed steps: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
