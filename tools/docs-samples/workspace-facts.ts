/**
 * What the shell checks compare commands with: the root's and each workspace package's scripts,
 * the bins the packages provide (with the source file each runs from), and every dependency
 * name the repository declares.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One workspace package. */
export interface WorkspacePackage {
  readonly name: string;
  /** Relative to the root, `packages/server`. */
  readonly dir: string;
  readonly scripts: Readonly<Record<string, string>>;
}

/** The repository, as npm sees it. */
export interface WorkspaceFacts {
  readonly rootScripts: Readonly<Record<string, string>>;
  readonly packages: readonly WorkspacePackage[];
  /** Each bin a package provides, with its TypeScript source (`src/cli.ts` for `dist/cli.js`). */
  readonly bins: ReadonlyMap<string, string>;
  /** Workspace package names and every dependency any package.json declares. */
  readonly installable: ReadonlySet<string>;
}

interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/**
 * Reads package.json at `root` and in each `packages/*` folder.
 *
 * @example
 * readWorkspaceFacts(process.cwd()).bins.get('rapport-server'); // '<repo>/packages/server/src/cli.ts'
 */
export function readWorkspaceFacts(root: string): WorkspaceFacts {
  const read = (dir: string): PackageJson => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as PackageJson;
  const rootJson = read('.');
  const packages: WorkspacePackage[] = [];
  const bins = new Map<string, string>();
  const installable = new Set<string>();
  const addDependencies = (json: PackageJson) => {
    for (const list of [json.dependencies, json.devDependencies, json.peerDependencies, json.optionalDependencies]) for (const name of Object.keys(list ?? {})) installable.add(name);
  };
  addDependencies(rootJson);
  for (const name of readdirSync(join(root, 'packages'))) {
    const dir = `packages/${name}`;
    let json: PackageJson;
    try {
      json = read(dir);
    } catch {
      continue;
    }
    if (!json.name) continue;
    packages.push({ name: json.name, dir, scripts: json.scripts ?? {} });
    installable.add(json.name);
    addDependencies(json);
    const binMap = typeof json.bin === 'string' ? { [json.name.replace(/^@[^/]+\//, '')]: json.bin } : (json.bin ?? {});
    // Run from the sources (as the tests do), so that a check needs no build.
    for (const [bin, file] of Object.entries(binMap)) bins.set(bin, join(root, dir, file.replace(/^(\.\/)?dist\//, 'src/').replace(/\.js$/, '.ts')));
  }
  return { rootScripts: rootJson.scripts ?? {}, packages, bins, installable };
}
