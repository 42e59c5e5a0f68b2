/**
 * The samples are typechecked against the packages' built declarations (packages/*\/dist), as an
 * app that installs them is: this says when those are missing or older than the sources, so a
 * stale build does not pass or fail samples for the wrong reason.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Why the declarations of `root`'s packages cannot be trusted; empty when every package's build
 * (its tsconfig.tsbuildinfo) is newer than each of its source files.
 *
 * @example
 * staleDeclarations(process.cwd()); // ['packages/core: src/crm.ts changed after the last build: run `npx tsc -b`']
 */
export function staleDeclarations(root: string): string[] {
  const problems: string[] = [];
  for (const name of readdirSync(join(root, 'packages'))) {
    const dir = join(root, 'packages', name);
    const built = statSync(join(dir, 'tsconfig.tsbuildinfo'), { throwIfNoEntry: false })?.mtimeMs;
    if (built === undefined) {
      if (statSync(join(dir, 'src'), { throwIfNoEntry: false })) problems.push(`packages/${name} is not built: run \`npx tsc -b\``);
      continue;
    }
    const newer = sources(join(dir, 'src')).find((file) => statSync(file).mtimeMs > built);
    if (newer) problems.push(`packages/${name}: ${newer.slice(dir.length + 1)} changed after the last build: run \`npx tsc -b\``);
  }
  return problems;
}

/** The TypeScript files a package's build compiles (tests excluded). */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !/\.test(-support)?\.ts$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}
