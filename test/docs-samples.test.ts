// Every code sample in the docs runs here, so that none rots (docs-convention: the info string
// and the `<!-- sample: … -->` directives say how). One test per sample, named `<file>:<line>
// <lang>`. ts/js run in Node (each chain of `continue`d blocks in its own process, several at
// once) or, marked `browser`, in Chromium; all of them are typechecked in one tsc run. html and
// css load in a page with the CDN bundle under a strict CSP; sh commands are checked (curl runs
// against the reference server); json and yaml must parse. Needs the build (`npx tsc -b && npx
// rollup -c`): samples are typechecked against the built declarations and pages use the CDN
// bundles. The extracted files of a failed run stay in .docs-samples/ for a look.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundlePage } from '../tools/browser/bundle.js';
import { staleDeclarations } from '../tools/docs-samples/built-types.js';
import { checkData } from '../tools/docs-samples/check-data.js';
import { checkSh } from '../tools/docs-samples/check-sh.js';
import { withDeadline } from '../tools/docs-samples/deadline.js';
import { extractSamples, type Sample } from '../tools/docs-samples/extract.js';
import { findDocs } from '../tools/docs-samples/find-docs.js';
import { createLimit } from '../tools/docs-samples/limit.js';
import { startReferenceServer, type ReferenceServer, type SampleServerEnv } from '../tools/docs-samples/reference-server.js';
import { runNodeSample } from '../tools/docs-samples/run-node.js';
import { startSampleBrowser, type CdnFiles, type SampleBrowser } from '../tools/docs-samples/sample-browser.js';
import { sampleModules, type SampleModule } from '../tools/docs-samples/sample-module.js';
import { typecheckSamples, type Diagnostic } from '../tools/docs-samples/typecheck.js';
import { readWorkspaceFacts } from '../tools/docs-samples/workspace-facts.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
/**
 * Inside the repository (and gitignored), so the samples' package imports resolve through the
 * workspace; one folder per run, so that two runs at once do not overwrite each other's files.
 */
const samplesDir = join(root, '.docs-samples');
const outDir = join(samplesDir, `run-${process.pid}`);
const maxSkipped = 5;
const sampleDeadlineMs = 150_000;
const cdnDir = join(root, 'packages/widgets/dist/cdn');
const cdnBundles = ['rapport-widgets.js', 'rapport-lead-form.js'];

const docs = findDocs(root);
const samples = docs.flatMap((file) => extractSamples(file, readFileSync(join(root, file), 'utf8')));
const run = samples.filter((sample) => sample.kind !== 'text');
const modules: SampleModule[] = [];
/** Problems of `continue` directives, by sample. */
const chainProblems = new Map<Sample, string>();
for (const file of docs) {
  const found = sampleModules(samples.filter((sample) => sample.file === file));
  modules.push(...found.modules);
  for (const [sample, problem] of found.problems) chainProblems.set(sample, problem);
}
/** The module each ts/js sample runs in, and its place in the module's chain. */
const placeOf = new Map<Sample, { module: SampleModule; index: number }>(modules.flatMap((module) => module.chain.map((sample, index) => [sample, { module, index }] as const)));

/** What a sample's test asserts: no problems. */
interface Outcome {
  readonly problems: readonly string[];
  /** How long its run took, queueing included. */
  readonly ms: number;
}

/** How a chain's one run went: its problems, charged to the block that failed. */
interface ChainOutcome {
  readonly problems: readonly string[];
  /** The index of the block that failed; -1 before the first; undefined: the last (or none, without problems). */
  readonly failedBlock?: number;
  readonly diagnostics: ReadonlyMap<string, Diagnostic[]>;
  readonly ms: number;
}

describe('docs samples', () => {
  const outcomes = new Map<Sample, Promise<Outcome>>();
  let browser: Promise<SampleBrowser> | undefined;
  let server: Promise<ReferenceServer> | undefined;
  const started = performance.now();

  before(async () => {
    removeFinishedRuns();
    mkdirSync(outDir, { recursive: true });
    for (const module of modules) {
      mkdirSync(join(outDir, module.id));
      writeFileSync(sampleFile(module), module.text);
    }
    const stale = staleDeclarations(root).map((problem) => `typechecked against stale declarations: ${problem}`);
    const typecheck = typecheckSamples(root, outDir);
    browser = startSampleBrowser({ harness: await bundlePage(join(root, 'tools/docs-samples/page-harness.ts')), cdn: readCdn() });
    server = browser.then((b) => startReferenceServer(b.origin));
    // Failing to start is every dependent sample's failure, reported there, not here.
    browser.catch(() => undefined);
    server.catch(() => undefined);
    const nodeLimit = createLimit(Math.max(2, availableParallelism()));
    const browserLimit = createLimit(3);
    const facts = readWorkspaceFacts(root);
    const provision = async (sample: Sample): Promise<SampleServerEnv> => (await server!).provision(sample.name);
    const apiOrigin = async () => new URL((await server!).url).origin;

    /** Runs a Node module; its problems, with the doc's lines in place of the extracted file's. */
    async function runInNode(module: SampleModule): Promise<Omit<ChainOutcome, 'diagnostics'>> {
      const file = sampleFile(module);
      const env = module.server ? await provision(module.chain[0]!) : {};
      // A module holds its place in the queue until it has run, not while it lingers (a server).
      const { started: child } = await nodeLimit(async () => {
        const started = runNodeSample(file, {
          cwd: join(outDir, module.id),
          // Docs that listen read PORT (0: any free port); a DATABASE_URL around must not reach them.
          env: { ...env, PORT: '0', DATABASE_URL: undefined },
          timeoutMs: 60_000,
          graceMs: module.chain.some((block) => /from\s+['"]node:test['"]/.test(block.code)) ? 60_000 : 2_000,
        });
        await started.busy;
        return { started };
      });
      const result = await child.result;
      if (result.ok) return { problems: [], ms: result.ms };
      return { problems: [`${result.reason} (${result.ms} ms)`, relocate(result.output, module)], ms: result.ms, ...(result.failedBlock === undefined ? {} : { failedBlock: result.failedBlock }) };
    }

    /** Bundles a browser module behind an entry that reports how it ended, and runs it. */
    async function runInBrowser(module: SampleModule): Promise<Omit<ChainOutcome, 'diagnostics'>> {
      const entry = join(outDir, module.id, 'entry.ts');
      writeFileSync(
        entry,
        `globalThis.docsSampleRun = import('./sample.${module.extension}').then(() => ({ ok: true }), (error) => ({ ok: false, error: error instanceof Error ? error.stack ?? String(error) : String(error), block: globalThis.docsSampleBlock ?? -1 }));\n`,
      );
      const options = { apiOrigin: await apiOrigin(), ...(module.server ? { env: await provision(module.chain[0]!) } : {}) };
      return (await browser!).runModule(module.id, await bundlePage(entry), options);
    }

    const chainRuns = new Map<SampleModule, Promise<ChainOutcome>>(
      modules.map((module) => {
        const ran = (module.browser ? browserLimit(() => runInBrowser(module)) : runInNode(module)).catch((error: unknown) => ({ problems: [String(error)], ms: 0 }));
        return [module, Promise.all([ran, typecheck]).then(([outcome, diagnostics]) => ({ ...outcome, diagnostics }))];
      }),
    );

    const start = async (sample: Sample): Promise<Outcome> => {
      const began = performance.now();
      const finish = (problems: readonly string[]) => ({ problems: [...sample.problems, ...problems], ms: Math.round(performance.now() - began) });
      const misplaced = (['continue', 'browser'] as const).filter((word) => sample.directives[word] && sample.kind !== 'module');
      if (misplaced.length) return finish([`"${misplaced.join('", "')}" applies to ts/js blocks only`]);
      switch (sample.kind) {
        case 'module': {
          const place = placeOf.get(sample);
          if (!place) return finish([chainProblems.get(sample) ?? 'not part of any module']);
          const chain = await chainRuns.get(place.module)!;
          return { ...finish([...(chainProblems.has(sample) ? [chainProblems.get(sample)!] : []), ...stale, ...typeErrors(place.module, sample, chain.diagnostics), ...runProblems(place.module, place.index, chain)]), ms: chain.ms };
        }
        case 'html':
        case 'css':
          return browserLimit(async () => {
            const missing = cdnBundles.filter((name) => !(name in readCdn()));
            if (missing.length) return finish([`${missing.join(', ')} missing in ${cdnDir}: build with \`npx tsc -b && npx rollup -c\``]);
            const pageOptions = { apiOrigin: await apiOrigin(), ...(sample.directives.server ? { env: await provision(sample) } : {}) };
            const id = `${sample.file.replace(/[^a-z0-9]+/gi, '-')}-L${sample.line}`;
            const result = sample.kind === 'html' ? await (await browser!).runHtml(id, sample.code, pageOptions) : await (await browser!).runCss(id, sample.code, pageOptions);
            return finish(result.problems);
          });
        case 'sh': {
          const cwd = join(outDir, `${sample.file.replace(/[^a-z0-9]+/gi, '-')}-L${sample.line}`);
          mkdirSync(cwd, { recursive: true });
          let env: Promise<SampleServerEnv> | undefined;
          const result = await checkSh(sample.code, { root, facts, cwd, server: () => (env ??= provision(sample)) });
          return finish(result.problems);
        }
        case 'json':
        case 'yaml':
          return finish(checkData(sample.kind, sample.code));
        default:
          return finish([`\`\`\`${sample.lang} is not a language the docs runner knows: tag it text (shown, not run), or ts, js, html, css, sh, json or yaml`]);
      }
    };

    for (const sample of run) {
      if (sample.directives.skip) continue;
      // Whatever hangs, the file ends: a sample still busy after this long has failed.
      const outcome = withDeadline(start(sample), sampleDeadlineMs, `did not finish within ${sampleDeadlineMs / 1000} s`);
      outcomes.set(
        sample,
        outcome.catch((error: unknown) => ({ problems: [error instanceof Error ? error.message : String(error)], ms: sampleDeadlineMs })),
      );
    }
  });

  after(async () => {
    const results = await Promise.all(outcomes.values());
    // Kept when something failed, to look at what ran.
    if (results.every((result) => !result.problems.length)) rmSync(outDir, { recursive: true, force: true });
    const shutDown = async () => {
      await (await server?.catch(() => undefined))?.close();
      await (await browser?.catch(() => undefined))?.close();
    };
    await withDeadline(shutDown(), 20_000, 'stopping the reference server and Chromium');
  });

  for (const sample of run) {
    it(sample.name, { skip: sample.directives.skip && `skipped: ${sample.directives.skip}` }, async (t) => {
      const { problems, ms } = await outcomes.get(sample)!;
      t.diagnostic(`ran in ${ms} ms`);
      if (problems.length) assert.fail(`${sample.name}:\n${problems.join('\n')}`);
    });
  }

  it(`skips at most ${maxSkipped} samples, each with a reason`, (t) => {
    const skipped = run.filter((sample) => sample.directives.skip);
    const counts = new Map<string, number>();
    for (const sample of run) {
      const place = placeOf.get(sample);
      const kind = sample.kind === 'module' ? (place?.module.browser ? 'ts/js in Chromium' : 'ts/js in Node') : sample.kind;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    const summary = [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
    t.diagnostic(`${run.length} samples in ${new Set(run.map((s) => s.file)).size} files: ${summary} (${modules.length} modules); ${skipped.length} skipped; ${samples.length - run.length} text blocks not run; ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const sample of skipped) t.diagnostic(`skipped ${sample.name}: ${sample.directives.skip}`);
    assert.ok(skipped.length <= maxSkipped, `${skipped.length} samples are skipped; at most ${maxSkipped} may be:\n${skipped.map((s) => `${s.name}: ${s.directives.skip}`).join('\n')}`);
  });
});

/** Where a module is written. */
function sampleFile(module: SampleModule): string {
  return join(outDir, module.id, `sample.${module.extension}`);
}

/** Removes the folders of earlier runs (`run-<pid>`, `run-<pid>-…`) whose process has ended. */
function removeFinishedRuns(): void {
  mkdirSync(samplesDir, { recursive: true });
  for (const entry of readdirSync(samplesDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const pid = Number(/^run-(\d+)(?:-|$)/.exec(entry.name)?.[1]);
    if (pid && isRunning(pid)) continue;
    rmSync(join(samplesDir, entry.name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch {
    return false;
  }
}

/** The CDN bundles that exist (built by rollup), by file name. */
function readCdn(): CdnFiles {
  const files: Record<string, string> = {};
  for (const name of cdnBundles) {
    try {
      files[name] = readFileSync(join(cdnDir, name), 'utf8');
    } catch {
      // Reported by the html and css samples that need it.
    }
  }
  return files;
}

/** The type errors in `sample`'s own lines of `module`, and those about no block's lines. */
function typeErrors(module: SampleModule, sample: Sample, diagnostics: ReadonlyMap<string, Diagnostic[]>): string[] {
  const file = relative(root, sampleFile(module)).split('\\').join('/');
  const general = (diagnostics.get('') ?? []).map((d) => `tsc: ${d.message}`);
  const own = (diagnostics.get(file) ?? []).flatMap((d) => {
    const place = module.locate(d.line);
    if (place && place.sample !== sample) return [];
    return [`${place?.where ?? `${file}:${d.line}`}:${d.column} ${d.message}`];
  });
  return [...general, ...own];
}

/**
 * The run's problems that are `index`'s: a block before the one that failed passed; the block
 * that failed gets the problems; blocks after it did not run. A failure that no block can be
 * blamed for (a failed import, before the first block) is every block's.
 */
function runProblems(module: SampleModule, index: number, chain: ChainOutcome): readonly string[] {
  if (!chain.problems.length) return [];
  const failed = chain.failedBlock ?? module.chain.length - 1;
  if (failed < 0 || index === failed) return chain.problems;
  if (index < failed) return [];
  return [`not run: ${module.chain[failed]!.name}, which it continues, failed first`];
}

/** `text` with locations in the extracted file (`…/sample.ts:12:5`) shown as the doc's lines. */
function relocate(text: string, module: SampleModule): string {
  const pattern = new RegExp(`(?:file://)?[^\\s()]*/${module.id}/sample\\.(?:ts|js):(\\d+)(?::(\\d+))?`, 'g');
  return text.replace(pattern, (match, line: string, column?: string) => {
    const place = module.locate(Number(line));
    return place ? `${place.where}${column ? `:${column}` : ''}` : match;
  });
}
