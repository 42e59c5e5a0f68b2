/**
 * Typechecks every extracted ts/js sample in one `tsc` run: a generated tsconfig in the samples
 * folder extends tsconfig.test.json (strict, Node's types and the DOM) but drops the
 * `rapport-source` condition, so samples see the packages' built declarations, as an app that
 * installs them does (and tsc need not check every package source again).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

/** One error tsc reported. */
export interface Diagnostic {
  /** The file, relative to the repository root; `''` for errors about no file (the config). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** `TS2304: Cannot find name 'crm'.` with any continuation lines. */
  readonly message: string;
}

/**
 * Writes `<dir>/tsconfig.json` (covering `<dir>/<id>/sample.ts|js`) and the globals browser samples
 * get, runs tsc once (again without them when some samples do not even parse), and resolves with
 * every error, by file.
 *
 * @example
 * const errors = await typecheckSamples(root, join(root, '.docs-samples'));
 * errors.get('.docs-samples/docs-core-md-L7/sample.ts'); // undefined when it typechecks
 */
export async function typecheckSamples(root: string, dir: string): Promise<Map<string, Diagnostic[]>> {
  // What the page gives a `<!-- sample: browser server -->` block, and the runner's own marker.
  await writeFile(
    join(dir, 'globals.d.ts'),
    [
      '/** The reference server (browser samples marked `server`). */',
      'declare var RAPPORT_URL: string;',
      'declare var RAPPORT_API_KEY: string;',
      'declare var RAPPORT_FORM_KEY: string;',
      '/** The block of its chain a sample module has reached (the runner sets it). */',
      'declare var docsSampleBlock: number | undefined;',
      '',
    ].join('\n'),
  );
  const first = await runTsc(root, dir, []);
  // tsc reports no type errors at all while any file has a syntax error (TS1xxx): check the
  // others again without those files, so one broken sample does not hide the rest's errors.
  const broken = [...first].filter(([file, list]) => file && list.some((d) => /^TS1\d{3}:/.test(d.message))).map(([file]) => file);
  if (!broken.length) return first;
  const second = await runTsc(root, dir, broken);
  for (const file of broken) second.set(file, first.get(file)!);
  return second;
}

/** Runs tsc over the samples in `dir` but `exclude` (paths relative to the root), and collects its errors by file. */
async function runTsc(root: string, dir: string, exclude: readonly string[]): Promise<Map<string, Diagnostic[]>> {
  const base = relative(dir, join(root, 'tsconfig.test.json')).split('\\').join('/');
  const config = {
    extends: base,
    compilerOptions: { allowJs: true, checkJs: true, noEmit: true, customConditions: [] },
    include: ['globals.d.ts', '*/sample.ts', '*/sample.js'],
    exclude: exclude.map((file) => relative(dir, join(root, file)).split('\\').join('/')),
  };
  await writeFile(join(dir, 'tsconfig.json'), `${JSON.stringify(config, null, 2)}\n`);
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  const output = await new Promise<string>((done) => {
    execFile(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: root, maxBuffer: 32 * 1024 * 1024, timeout: 120_000 }, (_error, stdout, stderr) => done(`${stdout}${stderr}`));
  });
  const byFile = new Map<string, Diagnostic[]>();
  let last: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } | undefined;
  for (const text of output.split('\n')) {
    const located = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/.exec(text);
    const general = /^error (TS\d+: .*)$/.exec(text);
    if (located || general) {
      last = located
        ? { file: relative(root, resolve(root, located[1]!)).split('\\').join('/'), line: Number(located[2]), column: Number(located[3]), message: located[4]! }
        : { file: '', line: 0, column: 0, message: general![1]! };
      const list = byFile.get(last.file) ?? [];
      list.push(last);
      byFile.set(last.file, list);
    } else if (last && /^\s+\S/.test(text)) last.message += `\n${text}`;
  }
  return byFile;
}
