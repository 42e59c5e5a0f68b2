/**
 * Finds the fenced code blocks of a Markdown file and the `<!-- sample: … -->` directives on the
 * lines just above each one (see docs-convention: `continue`, `browser`, `server`, `skip <reason>`).
 */

/** How the runner treats a block, from its info string. */
export type SampleKind = 'module' | 'html' | 'css' | 'sh' | 'json' | 'yaml' | 'text' | 'unknown';

/** What the directives above a block ask for. */
export interface Directives {
  /** Continues the previous ts/js block of the same file (one module). */
  readonly continue: boolean;
  /** Runs in Chromium instead of Node. */
  readonly browser: boolean;
  /** Needs the reference server (RAPPORT_URL, RAPPORT_API_KEY, RAPPORT_FORM_KEY). */
  readonly server: boolean;
  /** Why the block cannot run, when it is skipped. */
  readonly skip?: string;
}

/** One fenced code block. */
export interface Sample {
  /** The Markdown file, relative to the repository root. */
  readonly file: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
  /** The info string's first word, lower-cased (`''` when untagged). */
  readonly lang: string;
  readonly kind: SampleKind;
  /** The block's text, without the fences and the fence's indentation, ending in a newline. */
  readonly code: string;
  /** The line of the block's first code line (1-based). */
  readonly codeLine: number;
  readonly directives: Directives;
  /** What is wrong with the directives (an unknown word, a skip without a reason). */
  readonly problems: readonly string[];
  /** The test's name: `<file>:<line> <lang>`. */
  readonly name: string;
}

const kinds: Readonly<Record<string, SampleKind>> = {
  ts: 'module',
  typescript: 'module',
  js: 'module',
  javascript: 'module',
  mjs: 'module',
  html: 'html',
  css: 'css',
  sh: 'sh',
  bash: 'sh',
  shell: 'sh',
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  text: 'text',
  txt: 'text',
  '': 'text',
};

const opening = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const directiveLine = /^\s*<!--\s*sample\b(:?)\s*(.*?)\s*-->\s*$/;

/**
 * The fenced blocks of `markdown` (the text of `file`), in document order.
 *
 * @example
 * extractSamples('docs/core.md', '```ts\nconst a = 1;\n```\n'); // [{ line: 1, lang: 'ts', kind: 'module', … }]
 */
export function extractSamples(file: string, markdown: string): Sample[] {
  const lines = markdown.split(/\r?\n/);
  const samples: Sample[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = opening.exec(lines[index]!);
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const closing = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let end = index + 1;
    while (end < lines.length && !closing.test(lines[end]!)) end++;
    const body = lines.slice(index + 1, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()));
    const lang = info.toLowerCase();
    const { directives, problems } = directivesAbove(lines, index);
    samples.push({
      file,
      line: index + 1,
      lang,
      kind: kinds[lang] ?? 'unknown',
      code: body.length ? `${body.join('\n')}\n` : '',
      codeLine: index + 2,
      directives,
      problems,
      name: `${file}:${index + 1} ${lang || 'untagged'}`,
    });
    index = end;
  }
  return samples;
}

/** The directives on the lines above the fence at `fenceIndex` (blank lines may sit between). */
function directivesAbove(lines: readonly string[], fenceIndex: number): { directives: Directives; problems: string[] } {
  const directives = { continue: false, browser: false, server: false } as { continue: boolean; browser: boolean; server: boolean; skip?: string };
  const problems: string[] = [];
  for (let index = fenceIndex - 1; index >= 0; index--) {
    const text = lines[index]!;
    if (!text.trim()) continue;
    const match = directiveLine.exec(text);
    if (!match) break;
    const [, colon, words = ''] = match;
    if (!colon) problems.push(`line ${index + 1}: write the directive as <!-- sample: … -->`);
    const [first, ...rest] = words.split(/\s+/).filter(Boolean);
    if (first === 'skip') {
      if (rest.length) directives.skip = rest.join(' ');
      else problems.push(`line ${index + 1}: "skip" needs a reason: <!-- sample: skip <why running is impossible> -->`);
      continue;
    }
    for (const word of [first, ...rest]) {
      if (word === 'continue' || word === 'browser' || word === 'server') directives[word] = true;
      else problems.push(`line ${index + 1}: unknown sample directive ${JSON.stringify(word ?? '')} (continue, browser, server or skip <reason>)`);
    }
  }
  return { directives, problems };
}
