// Makes the packages' command-line entry points (`bin` in each package.json) executable after
// `tsc` writes them, and links them into node_modules/.bin as npm does for installed packages:
// npm skips a workspace's bins while its dist/ is not built yet, so in a fresh clone
// `npx rapport-server` and `npx rapport-conformance` would not be found without this.
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

const binDir = join('node_modules', '.bin');
for (const dir of ['packages/server', 'packages/adapters']) {
  const { bin = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const [name, file] of Object.entries(bin)) {
    const target = join(dir, file);
    if (!existsSync(target)) continue;
    chmodSync(target, 0o755);
    const link = join(binDir, name);
    mkdirSync(binDir, { recursive: true });
    if (!lstatSync(link, { throwIfNoEntry: false })) symlinkSync(relative(binDir, target), link);
  }
}
