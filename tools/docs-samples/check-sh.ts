/**
 * Checks a ```sh sample command by command, without running anything blindly: npm commands
 * against the scripts and packages the repository has, workspace bins (also through `npx`)
 * against their `--help`, other `npx` bins against node_modules/.bin, and `curl` by running it
 * against the reference server. A few everyday commands (`cd`, `export`, `pg_dump`…) pass as
 * they are; anything else is reported, so a doc never shows a command nobody checked.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkBin } from './check-bin.js';
import { checkNpm } from './check-npm.js';
import type { SampleServerEnv } from './reference-server.js';
import { runCurl } from './run-curl.js';
import { parseShell } from './shell-words.js';
import type { WorkspaceFacts } from './workspace-facts.js';

/** Commands whose use in a doc is plain: they pass unchecked. */
const everyday = new Set(['cd', 'export', 'echo', 'cat', 'ls', 'mkdir', 'cp', 'mv', 'rm', 'jq', 'head', 'tail', 'node', 'git', 'pg_dump', 'pg_restore', 'psql', 'createdb', 'docker', 'sudo']);

/** What a sh sample may use. */
export interface ShContext {
  readonly root: string;
  readonly facts: WorkspaceFacts;
  /** A reference-server workspace for the block's curl commands, made on first use. */
  readonly server: () => Promise<SampleServerEnv>;
  /** Where curl runs (an `-o file` lands there). */
  readonly cwd: string;
}

/** The result of checking one sh sample. */
export interface ShResult {
  readonly problems: readonly string[];
  /** How many commands were checked, and how many of them were curl requests. */
  readonly commands: number;
  readonly requests: number;
}

/**
 * Checks every command of `script`, curl commands in order (a later one may use what an earlier
 * one created).
 *
 * @example
 * const { problems } = await checkSh('npm run build\n', context);
 */
export async function checkSh(script: string, context: ShContext): Promise<ShResult> {
  const problems: string[] = [];
  const commands = parseShell(script);
  let requests = 0;
  for (const command of commands) {
    const where = `line ${command.line}`;
    if (command.unsupported) {
      problems.push(`${where}: ${command.unsupported}`);
      continue;
    }
    // `NAME=value command …`: the assignments set the command's environment.
    const words = command.words.map((word) => word.text);
    const start = words.findIndex((word) => !/^[A-Za-z_]\w*=/.test(word));
    if (start < 0) continue;
    const [name = '', ...args] = words.slice(start);
    if (name === 'npm') problems.push(...checkNpm(args, context.facts).map((problem) => `${where}: ${problem}`));
    else if (name === 'npx') {
      const binIndex = args.findIndex((arg) => !arg.startsWith('-'));
      const bin = args[binIndex];
      if (!bin) problems.push(`${where}: npx without a command`);
      else if (context.facts.bins.has(bin)) problems.push(...(await checkBin(bin, args.slice(binIndex + 1), context.facts, context.root)).map((problem) => `${where}: ${problem}`));
      else if (!existsSync(join(context.root, 'node_modules', '.bin', bin))) problems.push(`${where}: npx ${bin}: no workspace package or installed dependency provides a "${bin}" bin`);
    } else if (context.facts.bins.has(name)) problems.push(...(await checkBin(name, args, context.facts, context.root)).map((problem) => `${where}: ${problem}`));
    else if (name === 'curl') {
      requests++;
      problems.push(...(await runCurl({ ...command, words: command.words.slice(start) }, await context.server(), context.cwd)));
    } else if (!everyday.has(name)) problems.push(`${where}: \`${name}\` is not a command the docs runner knows how to check`);
  }
  return { problems, commands: commands.length, requests };
}
