/**
 * Debian's Chromium, headless, with the flags this project's closed network needs. When it is
 * missing, `scripts/ensure-chromium.mjs` installs it with apt (no tool may download a browser here).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ensureScript = fileURLToPath(new URL('../../scripts/ensure-chromium.mjs', import.meta.url));

/** Flags for a quiet browser: nothing in the background reaches for the network or competes for time. */
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Launches headless Chromium, installing it first when it is missing; `extraArgs` go after the
 * quiet flags.
 *
 * @example
 * const browser = await launchChromium(['--js-flags=--expose-gc']);
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(executablePath)) execFileSync(process.execPath, [ensureScript], { stdio: 'inherit' });
  return chromium.launch({ executablePath, args: [...chromiumArgs, ...extraArgs] });
}
