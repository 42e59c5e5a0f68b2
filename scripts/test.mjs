// `npm test`: builds, type-checks sources and tests, builds Storybook, runs the Node tests and the browser tests
// (installing Debian's Chromium first if it is missing), and ends with one plain line,
// "N passed, N failed", summing every runner. A step that fails without counting tests (a type
// error, a build error) counts as one failure. Every step runs even after one fails.
import { spawn } from 'node:child_process';

const steps = [
  { name: 'chromium', command: ['node', 'scripts/ensure-chromium.mjs'] },
  { name: 'build', command: ['npm', 'run', '--silent', 'build'] },
  { name: 'typecheck', command: ['npx', 'tsc', '-p', 'tsconfig.test.json'] },
  // A story that no longer compiles or imports fails here, not in a reviewer's browser.
  { name: 'storybook', command: ['npm', 'run', '--silent', 'build-storybook'] },
  { name: 'node', command: ['node', 'scripts/test-node.mjs'], counts: true },
  { name: 'browser', command: ['npx', 'wtr'], counts: true },
];

function run({ command }) {
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
  console.log(`\n=== ${step.name}: ${step.command.join(' ')}`);
  const { code, output } = await run(step);
  const summary = step.counts ? [...output.matchAll(/^\w+: (\d+) passed, (\d+) failed/gm)].at(-1) : undefined;
  if (summary) {
    passed += Number(summary[1]);
    failed += Number(summary[2]);
  }
  if (code !== 0 && !(summary && Number(summary[2]) > 0)) failed++;
  if (code !== 0) failures.push(step.name);
}

if (failures.length) console.log(`\nFailed steps: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
