/**
 * A consumer's project made from this repo's tarballs: `npm pack` of every workspace package into
 * a temporary folder outside the repo (so nothing resolves to the repo's own node_modules), then
 * `npm install` of those tarballs there, as an app would install the published packages. Used by
 * test/packed-packages.e2e.test.ts.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = resolve('.');

/** One package of the workspace, as packed. */
export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  /** The tarball's path. */
  readonly tarball: string;
}

/** The installed project: its folder, the packages in it, and how long each step took. */
export interface ConsumerProject {
  readonly dir: string;
  readonly packages: readonly PackedPackage[];
  readonly timings: Readonly<Record<'pack' | 'install', number>>;
  /** The installed copy of a package's package.json. */
  installedManifest(name: string): Promise<PackageManifest>;
  remove(): Promise<void>;
}

/** The parts of a package.json the tests read. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly exports: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  readonly bin?: Readonly<Record<string, string>>;
}

const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;

/**
 * Packs every workspace package and installs the tarballs into a new project in the system's
 * temporary folder. Fails with a hint when the packages are not built.
 *
 * @example
 * const project = await createConsumerProject();
 * await import(join(project.dir, 'node_modules/@rapport/core/dist/index.js'));
 */
export async function createConsumerProject(): Promise<ConsumerProject> {
  const { workspaces } = await readJson<{ workspaces: string[] }>(join(repo, 'package.json'));
  const manifests = await Promise.all(workspaces.map((dir) => readJson<PackageManifest & { main: string }>(join(repo, dir, 'package.json'))));
  const unbuilt = workspaces.filter((dir, i) => !existsSync(join(repo, dir, manifests[i]?.main ?? 'dist/index.js')));
  if (unbuilt.length) throw new Error(`${unbuilt.join(', ')} not built: run \`npm run build\` first`);

  const dir = await mkdtemp(join(tmpdir(), 'rapport-packed-'));
  try {
    return await packAndInstall(dir, workspaces);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** An entry of package-lock.json's `packages`. */
interface LockedPackage {
  readonly version?: string;
  readonly link?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/**
 * The versions the repo's package-lock.json installs for what `roots` (lock paths such as
 * `packages/core`) need at run time, found as Node finds them: the nearest `node_modules` up the
 * path. A name locked at two versions is left out.
 */
export function lockedVersions(packages: Readonly<Record<string, LockedPackage>>, roots: readonly string[], extra: readonly string[] = []): Record<string, string> {
  const versions = new Map<string, Set<string>>();
  const visited = new Set<string>();
  const visit = (from: string, name: string) => {
    for (let dir = from; ; ) {
      const path = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      const found = packages[path];
      if (found) {
        if (found.link || visited.has(path)) return;
        visited.add(path);
        if (found.version) versions.set(name, (versions.get(name) ?? new Set()).add(found.version));
        for (const dependency of Object.keys({ ...found.dependencies, ...found.optionalDependencies, ...found.peerDependencies })) visit(path, dependency);
        return;
      }
      if (!dir) return;
      const parent = dir.lastIndexOf('/node_modules/');
      dir = parent >= 0 ? dir.slice(0, parent) : '';
    }
  };
  for (const root of roots) for (const name of Object.keys(packages[root]?.dependencies ?? {})) visit(root, name);
  for (const name of extra) visit('', name);
  return Object.fromEntries([...versions].flatMap(([name, set]) => (set.size === 1 ? [[name, [...set][0] as string]] : [])));
}

/** `npm pack` into `dir`, then a project in `dir/app` that installs the tarballs. */
async function packAndInstall(dir: string, workspaces: readonly string[]): Promise<ConsumerProject> {
  let started = Date.now();
  // Folder specs pack exactly what publishing each folder would; one npm process for all of them.
  // Absolute paths: npm reads `packages/core` as a GitHub repository.
  const { stdout } = await run('npm', ['pack', ...workspaces.map((folder) => join(repo, folder)), '--pack-destination', dir, '--json', '--ignore-scripts', '--loglevel', 'error'], { cwd: repo, maxBuffer: 64 << 20 });
  const packed = (JSON.parse(stdout) as { name: string; version: string; filename: string }[]).map(({ name, version, filename }) => ({ name, version, tarball: join(dir, filename) }));
  const pack = Date.now() - started;

  const project = join(dir, 'app');
  const { packages: locked } = await readJson<{ packages: Record<string, LockedPackage> }>(join(repo, 'package-lock.json'));
  const nodeTypes = locked['node_modules/@types/node']?.version;
  if (!nodeTypes) throw new Error('package-lock.json has no @types/node');
  const dependencies = Object.fromEntries(packed.map(({ name, tarball }) => [name, `file:${tarball}`]));
  // Third-party packages at the versions the repo's lockfile has, which `npm ci` put in the npm
  // cache: without these, npm would pick the newest versions it knows of and might have to
  // download them.
  const pinned = lockedVersions(locked, workspaces, ['@types/node']);
  for (const { name } of packed) delete pinned[name];
  await mkdir(project);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'rapport-consumer',
        private: true,
        type: 'module',
        dependencies,
        // The same @types/node as the repo's, so it comes from the npm cache too.
        devDependencies: { '@types/node': nodeTypes },
        // The packages depend on each other by version; `$name` points those at the tarballs too,
        // so npm never asks the registry for a version that is not published yet.
        overrides: { ...pinned, ...Object.fromEntries(packed.map(({ name }) => [name, `$${name}`])) },
      },
      null,
      2,
    ),
  );
  started = Date.now();
  // Every third-party package is in the npm cache that `npm ci` filled: --prefer-offline takes it
  // from there without asking the registry whether it is stale.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel', 'error'], { cwd: project, maxBuffer: 16 << 20 });
  const install = Date.now() - started;

  return {
    dir: project,
    packages: packed,
    timings: { pack, install },
    installedManifest: (name) => readJson<PackageManifest>(join(project, 'node_modules', name, 'package.json')),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The subpaths of a package's exports that are modules (not package.json or other JSON). */
export function moduleEntries(manifest: PackageManifest): string[] {
  return Object.keys(manifest.exports)
    .filter((subpath) => !subpath.endsWith('.json'))
    .map((subpath) => (subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`));
}
