// `npm run lint:packages`: packs each package as `npm publish` would and checks the tarball with
// publint (strict: warnings fail too), arethetypeswrong, and this repo's own publishing rules
// (below). Prints one line per problem and exits 1 if there is any. Needs a build (`npm run build`).
//
//   node scripts/lint-packages.mjs             every workspace package
//   node scripts/lint-packages.mjs DIR...      those package folders only
//
// arethetypeswrong runs with its `esm-only` profile: the packages are ESM-only on purpose (Lit,
// Dexie's ES build, ky and zod 4 are ESM; Node ≥ 20.19 can `require()` ES modules), so a CommonJS
// `require` resolving to ESM (node16-cjs) or an old `moduleResolution: node10` that ignores
// `exports` are not problems for them. Every other resolution (node16 from ESM, bundler) must be clean.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const rootPkg = readJson(join(root, 'package.json'));
const workspaces = rootPkg.workspaces.map((dir) => ({ dir: join(root, dir), pkg: readJson(join(root, dir, 'package.json')) }));
const workspaceVersions = new Map(workspaces.map(({ pkg }) => [pkg.name, pkg.version]));
const attwBin = join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** A `sideEffects` or `files` glob as a regular expression over package-relative paths. */
function globRegExp(glob) {
  const body = glob
    .replace(/^\.\//, '')
    .split(/(\*\*\/|\*)/)
    .map((part) => (part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/**
 * This repo's rules for a packed package, beyond publint and arethetypeswrong: what each rule
 * guards against is in its message. `files` are the tarball's paths.
 */
function ownRules(dir, pkg, files) {
  const problems = [];
  const has = (path) => files.has(path.replace(/^\.\//, ''));
  const fail = (message) => problems.push(message);

  if (pkg.private) fail('"private" is set: the package cannot be published');
  if (pkg.type !== 'module') fail('"type" must be "module": the packages are ESM-only');
  if (!pkg.license) fail('"license" is missing');
  if (pkg.engines?.node !== rootPkg.engines.node) fail(`"engines.node" is ${JSON.stringify(pkg.engines?.node)}, not the repo's ${JSON.stringify(rootPkg.engines.node)}`);
  if (!has('README.md')) fail('README.md is not in the tarball');
  if (existsSync(join(root, 'LICENSE')) && !has('LICENSE')) fail('LICENSE is not in the tarball');

  // Every entry: types then default (after the source condition the repo's dev tools use), both published.
  const exports = pkg.exports ?? {};
  for (const [subpath, value] of Object.entries(exports)) {
    if (typeof value === 'string') {
      if (!value.endsWith('.json')) fail(`exports["${subpath}"] is a bare path: give it "types" and "default"`);
      else if (!has(value)) fail(`exports["${subpath}"]: ${value} is not in the tarball`);
      continue;
    }
    const keys = Object.keys(value);
    const expected = keys[0] === 'rapport-source' ? ['rapport-source', 'types', 'default'] : ['types', 'default'];
    if (keys.join() !== expected.join()) fail(`exports["${subpath}"] has conditions ${keys.join(', ')}; expected ${expected.join(', ')}`);
    if (value['rapport-source'] && !existsSync(join(dir, value['rapport-source']))) fail(`exports["${subpath}"]["rapport-source"]: ${value['rapport-source']} does not exist in the repo`);
    if (typeof value.types !== 'string' || !value.types.endsWith('.d.ts')) fail(`exports["${subpath}"].types must be a .d.ts file`);
    else if (!has(value.types)) fail(`exports["${subpath}"].types: ${value.types} is not in the tarball`);
    if (typeof value.default !== 'string' || !value.default.endsWith('.js')) fail(`exports["${subpath}"].default must be a .js file`);
    else if (!has(value.default)) fail(`exports["${subpath}"].default: ${value.default} is not in the tarball`);
  }
  // For tools that predate `exports` (and TypeScript's node10 resolution).
  const rootEntry = typeof exports['.'] === 'string' ? { default: exports['.'] } : exports['.'];
  if (pkg.main !== rootEntry?.default) fail(`"main" (${pkg.main}) is not exports["."].default`);
  if (pkg.types !== rootEntry?.types) fail(`"types" (${pkg.types}) is not exports["."].types`);

  for (const [name, file] of Object.entries(pkg.bin ?? {})) {
    if (!has(file)) fail(`bin "${name}": ${file} is not in the tarball`);
    else if (!readFileSync(join(dir, file), 'utf8').startsWith('#!/usr/bin/env node\n')) fail(`bin "${name}": ${file} lacks the "#!/usr/bin/env node" line`);
  }

  // Nothing that only the repo needs: tests, their helpers, build state, TypeScript sources, and
  // source maps that point at sources the tarball does not hold (the CDN bundles' maps embed theirs).
  for (const file of files) {
    const unwanted =
      /\.test\.|\.test-support\.|(^|\/)testing-support\/|\.tsbuildinfo$|(^|\/)src\//.test(file) ||
      (file.endsWith('.ts') && !file.endsWith('.d.ts')) ||
      (file.endsWith('.map') && !file.startsWith('dist/cdn/'));
    if (unwanted) fail(`${file} is in the tarball`);
  }

  // Side effects: `false`, or globs that each match a published file (or a source the dev condition
  // uses); every define entry must be covered, or bundlers drop the registration.
  const sideEffects = pkg.sideEffects;
  if (sideEffects !== false && !Array.isArray(sideEffects)) fail('"sideEffects" must be false or a list of files');
  const effectful = Array.isArray(sideEffects) ? sideEffects.map(globRegExp) : [];
  for (const glob of Array.isArray(sideEffects) ? sideEffects : []) {
    const pattern = globRegExp(glob);
    const matchesPublished = [...files].some((file) => pattern.test(file));
    if (!matchesPublished && !glob.startsWith('./src/')) fail(`sideEffects "${glob}" matches no published file`);
  }
  for (const [subpath, value] of Object.entries(exports)) {
    const target = typeof value === 'string' ? value : value.default;
    const registers = subpath.endsWith('/define') || subpath.startsWith('./cdn/');
    if (registers && !effectful.some((pattern) => pattern.test(target.replace(/^\.\//, '')))) fail(`exports["${subpath}"] (${target}) registers elements but is not in "sideEffects"`);
  }
  for (const file of Object.values(pkg.bin ?? {})) {
    if (sideEffects !== false && !effectful.some((pattern) => pattern.test(file.replace(/^\.\//, '')))) fail(`bin ${file} runs on import but is not in "sideEffects"`);
  }

  // Internal dependencies at the versions the workspace has (changesets keeps them in step).
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (workspaceVersions.has(name) && range !== workspaceVersions.get(name)) fail(`${field}["${name}"] is ${range}, but the workspace has ${workspaceVersions.get(name)}`);
    }
  }

  // The all-elements CDN bundle's hand-written types must name every element's define entry.
  const allElements = exports['./cdn/rapport-widgets.js'];
  if (allElements && typeof allElements === 'object') {
    const dts = readFileSync(join(dir, allElements.types), 'utf8');
    for (const [subpath, value] of Object.entries(exports)) {
      if (!subpath.endsWith('/define')) continue;
      const specifier = posix.relative(posix.dirname(allElements.types), value.types).replace(/\.d\.ts$/, '.js');
      if (!dts.includes(`import '${specifier}';`)) fail(`${allElements.types} does not import '${specifier}' (the types of ${subpath})`);
    }
  }
  return problems;
}

/** publint on the tarball itself, strict: its warnings and suggestions are problems too. */
async function publintProblems(tarball) {
  const bytes = readFileSync(tarball);
  const { messages, pkg } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, strict: true, level: 'suggestion' });
  return messages.map((message) => `publint ${message.type} ${message.code}: ${formatMessage(message, pkg, { color: false })}`);
}

/** arethetypeswrong on the tarball; its table is kept only when it finds something. */
async function attwProblems(tarball) {
  try {
    await run(process.execPath, [attwBin, tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color', '--no-emoji'], { maxBuffer: 16 << 20 });
    return [];
  } catch (error) {
    return [`arethetypeswrong (exit ${error.code}):\n${String(error.stdout || error.stderr).trim()}`];
  }
}

const dirs = process.argv.length > 2 ? process.argv.slice(2).map((dir) => resolve(dir)) : workspaces.map(({ dir }) => dir);
const missingBuild = dirs.filter((dir) => {
  const { main } = readJson(join(dir, 'package.json'));
  return main && !existsSync(join(dir, main));
});
if (missingBuild.length) {
  console.error(`Not built: ${missingBuild.map((dir) => relative(root, dir) || dir).join(', ')}. Run \`npm run build\` first.`);
  process.exit(1);
}

const started = Date.now();
const destination = mkdtempSync(join(tmpdir(), 'rapport-lint-packages-'));
let failed = 0;
try {
  // One `npm pack` for all: folder specs (absolute, or npm reads `packages/core` as a GitHub
  // repository) pack exactly what publishing the folder would.
  const { stdout } = await run('npm', ['pack', ...dirs, '--pack-destination', destination, '--json', '--ignore-scripts', '--loglevel', 'error'], { cwd: root, maxBuffer: 64 << 20 });
  const packed = JSON.parse(stdout);
  const results = await Promise.all(
    dirs.map(async (dir, index) => {
      const pkg = readJson(join(dir, 'package.json'));
      const entry = packed[index];
      if (entry?.name !== pkg.name) throw new Error(`npm pack reported ${entry?.name} where ${pkg.name} was expected`);
      const tarball = join(destination, entry.filename);
      const files = new Set(entry.files.map((file) => file.path));
      const problems = [...ownRules(dir, pkg, files), ...(await publintProblems(tarball)), ...(await attwProblems(tarball))];
      return { name: pkg.name, files: files.size, size: entry.size, problems };
    }),
  );
  for (const { name, files, size, problems } of results) {
    failed += problems.length;
    console.log(`${problems.length ? '✗' : '✓'} ${name}: ${files} files, ${(size / 1024).toFixed(0)} KB packed${problems.length ? `, ${problems.length} problem(s)` : ''}`);
    for (const problem of problems) console.log(`  - ${problem.replace(/\n/g, '\n    ')}`);
  }
} finally {
  rmSync(destination, { recursive: true, force: true });
}
console.log(`lint:packages: ${failed ? `${failed} problem(s)` : 'no problems'} in ${dirs.length} package(s), ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
