/**
 * Which Markdown files hold the docs whose samples are run: the root README, every guide under
 * docs/ (but not docs/api/, which typedoc generates) and each package's README.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The doc files under `root`, as paths relative to it with `/` separators, sorted.
 *
 * @example
 * findDocs(process.cwd()); // ['README.md', 'docs/core.md', …, 'packages/core/README.md']
 */
export function findDocs(root: string): string[] {
  const found: string[] = [];
  const readme = join(root, 'README.md');
  if (isFile(readme)) found.push(readme);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== join(root, 'docs', 'api')) walk(path);
      } else if (entry.name.endsWith('.md')) found.push(path);
    }
  };
  if (isDirectory(join(root, 'docs'))) walk(join(root, 'docs'));
  for (const name of readdirSync(join(root, 'packages'))) {
    const path = join(root, 'packages', name, 'README.md');
    if (isFile(path)) found.push(path);
  }
  return found.map((path) => relative(root, path).split('\\').join('/')).sort();
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
