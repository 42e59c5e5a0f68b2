// Browser tests need Debian's Chromium; tools may not download browsers of their own here.
// Installs it with apt when it is missing (as root, or through passwordless sudo).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(chromium)) {
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? [] : ['sudo', '-n'];
  console.log(`Chromium not found at ${chromium}: installing Debian's chromium package…`);
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const run = (args) => execFileSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), { stdio: 'inherit', env });
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', 'chromium']);
  } catch {
    console.error('Could not install Chromium. Install it with `apt-get install -y chromium` (as root), or set CHROMIUM_PATH.');
    process.exit(1);
  }
  if (!existsSync(chromium)) {
    console.error(`Chromium is still missing at ${chromium}; set CHROMIUM_PATH to its executable.`);
    process.exit(1);
  }
}
