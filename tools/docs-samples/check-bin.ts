/**
 * Checks a command that runs a bin the workspace provides (`npx rapport-server --port 8787`, or
 * `rapport-server create-key …` as installed): the subcommand must be one its `--help` lists,
 * and each flag must appear in its `--help`, in the usage line of that subcommand or under
 * "Options:". Help texts come from running the bin's source with `--help`, once per bin.
 */
import { execFile } from 'node:child_process';
import type { WorkspaceFacts } from './workspace-facts.js';

/** A bin's help, taken apart. */
interface Help {
  /** Usage lines by subcommand (`''` for the bin alone). */
  readonly usage: ReadonlyMap<string, string>;
  /** The lines under "Options:". */
  readonly options: string;
}

const helps = new Map<string, Promise<Help>>();

/** The help of `bin` (running its source file with `--help`), cached. */
function helpOf(bin: string, source: string, cwd: string): Promise<Help> {
  let help = helps.get(bin);
  if (!help) {
    help = new Promise((resolve, reject) => {
      execFile(process.execPath, ['--conditions=rapport-source', '--import', 'tsx', source, '--help'], { cwd, timeout: 20_000 }, (error, stdout, stderr) => {
        const text = `${stdout}${stderr}`;
        if (error && !text.trim()) reject(new Error(`${bin} --help failed: ${error.message}`));
        else resolve(parseHelp(bin, text));
      });
    });
    helps.set(bin, help);
  }
  return help;
}

function parseHelp(bin: string, text: string): Help {
  const usage = new Map<string, string>();
  const options: string[] = [];
  let inOptions = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\s*Usage:\s*/i, '').trim();
    if (/^options:/i.test(raw.trim())) inOptions = true;
    else if (inOptions && raw.trim() && !/^\s/.test(raw)) inOptions = false;
    else if (inOptions) options.push(raw);
    if (line.startsWith(`${bin} `) || line === bin) {
      const [, first = ''] = line.split(/\s+/);
      const sub = /^[a-z][\w-]*$/.test(first) ? first : '';
      usage.set(sub, `${usage.get(sub) ?? ''} ${line}`);
    }
  }
  return { usage, options: options.join('\n') };
}

/** The flags `text` mentions, each with whether it takes a value (`--port 8787`, `--url <url>`). */
function flagsIn(text: string): Map<string, boolean> {
  const flags = new Map<string, boolean>();
  for (const match of text.matchAll(/(?<![\w-])(--?[a-zA-Z][\w-]*)(?:( |=)(\S+))?/g)) {
    const [, flag = '', separator, value = ''] = match;
    const takesValue = separator === '=' || (separator === ' ' && /^(<|[A-Z0-9])/.test(value));
    flags.set(flag, (flags.get(flag) ?? false) || takesValue);
  }
  return flags;
}

/**
 * What is wrong with running `bin` with `args` (as written in the docs: `[--timeout 10000]`
 * brackets mark optional flags); empty when it holds up. Rejects when `bin` is not a workspace bin.
 *
 * @example
 * await checkBin('rapport-server', ['--port', '8787'], facts, root); // []
 */
export async function checkBin(bin: string, args: readonly string[], facts: WorkspaceFacts, root: string): Promise<string[]> {
  const source = facts.bins.get(bin);
  if (!source) throw new Error(`${bin} is not a bin of a workspace package`);
  const help = await helpOf(bin, source, root);
  const words = args.map((word) => word.replace(/^\[+|\]+$|\.\.\.$/g, '')).filter(Boolean);
  const command = `${bin} ${args.join(' ')}`;
  const subcommands = [...help.usage.keys()].filter(Boolean);
  const positional = words.find((word, index) => !word.startsWith('-') && !(index > 0 && takesValueBefore(index)));
  const sub = positional !== undefined && subcommands.includes(positional) ? positional : '';
  const problems: string[] = [];
  if (subcommands.length && positional !== undefined && !sub) problems.push(`${command}: "${positional}" is not a subcommand of ${bin} (${subcommands.join(', ')})`);
  const known = flagsIn(`${help.usage.get(sub) ?? ''}\n${help.options}`);
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (!word.startsWith('-')) continue;
    const flag = word.split('=')[0]!;
    if (!known.has(flag)) problems.push(`${command}: ${flag} is not in \`${bin}${sub ? ` ${sub}` : ''} --help\``);
    else if (known.get(flag) && !word.includes('=')) index++;
  }
  return problems;

  /** Whether the word at `index` is the value of the flag before it (an unknown flag gets the benefit of the doubt). */
  function takesValueBefore(index: number): boolean {
    const previous = words[index - 1]!;
    return previous.startsWith('-') && !previous.includes('=') && (flagsIn(`${[...help.usage.values()].join('\n')}\n${help.options}`).get(previous) ?? true);
  }
}
