/**
 * Checks an `npm …` command from the docs against the repository: a script it runs must exist
 * (in the root, or in the workspace `-w` names), and a package it installs must be one the
 * repository has (a workspace package or a declared dependency).
 */
import type { WorkspaceFacts } from './workspace-facts.js';

const scriptAliases: Readonly<Record<string, string>> = { start: 'start', test: 'test', t: 'test', stop: 'stop', restart: 'restart' };
const installCommands = new Set(['install', 'i', 'add', 'ci']);
/** npm options that take a value as the next word. */
const valueOptions = new Set(['-w', '--workspace', '--prefix', '--tag', '--registry', '--loglevel']);

/**
 * What is wrong with `npm <args>`; empty when it holds up.
 *
 * @example
 * checkNpm(['run', 'build'], facts); // []
 * checkNpm(['run', 'biuld'], facts); // ['npm run biuld: the root package.json has no "biuld" script …']
 */
export function checkNpm(args: readonly string[], facts: WorkspaceFacts): string[] {
  const command = `npm ${args.join(' ')}`;
  const end = args.indexOf('--');
  const own = end < 0 ? args : args.slice(0, end);
  const positional: string[] = [];
  const workspaces: string[] = [];
  for (let index = 0; index < own.length; index++) {
    const word = own[index]!;
    if (word.startsWith('-')) {
      const [flag = '', inline] = word.split(/=(.*)/s);
      const value = inline ?? (valueOptions.has(flag) ? own[++index] : undefined);
      if ((flag === '-w' || flag === '--workspace') && value) workspaces.push(value);
    } else positional.push(word);
  }
  const [sub, ...rest] = positional;
  if (!sub) return [`${command}: which npm command?`];
  if (installCommands.has(sub)) {
    if (sub === 'ci' && rest.length) return [`${command}: npm ci takes no packages`];
    return rest
      .map((spec) => spec.replace(/^(@?[^@]+)@.*$/, '$1'))
      .filter((name) => !facts.installable.has(name))
      .map((name) => `${command}: ${name} is neither a workspace package nor a dependency the repository declares`);
  }
  const script = scriptAliases[sub] ?? (sub === 'run' || sub === 'run-script' ? rest[0] : undefined);
  if (!script) return [`${command}: npm ${sub} is not a command the docs runner checks (install, ci, start, test, run)`];
  if (!workspaces.length) {
    return script in facts.rootScripts ? [] : [`${command}: the root package.json has no "${script}" script (it has ${Object.keys(facts.rootScripts).join(', ')})`];
  }
  return workspaces.flatMap((selector) => {
    const workspace = facts.packages.find((p) => p.dir === selector.replace(/^\.\//, '').replace(/\/$/, '') || p.name === selector);
    if (!workspace) return [`${command}: no workspace ${selector}`];
    return script in workspace.scripts ? [] : [`${command}: ${workspace.dir}/package.json has no "${script}" script`];
  });
}
