/**
 * Turns the ts/js samples of a Markdown file into ES modules: a block marked
 * `<!-- sample: continue -->` joins the module of the ts/js block before it, so a chain of blocks
 * runs once, as one module. Before each block the module records which block it reached
 * (`globalThis.docsSampleBlock`), so that a failure is charged to the block that failed; and the
 * module's lines map back to the Markdown lines they came from, for type errors and stack traces.
 */
import type { Sample } from './extract.js';

/** Where a run of the module's lines came from. */
interface Segment {
  readonly sample: Sample;
  /** The module line holding the sample's first code line (1-based). */
  readonly firstLine: number;
  readonly lineCount: number;
}

/** A chain of samples as the module the runner writes, typechecks and runs. */
export interface SampleModule {
  /** A name safe for a directory, unique per chain: `docs-core-md-L7` (its first block's line). */
  readonly id: string;
  /** The blocks, in order: the one that starts the chain first. */
  readonly chain: readonly Sample[];
  readonly extension: 'ts' | 'js';
  readonly text: string;
  /** Runs in Chromium (some block of the chain says `browser`). */
  readonly browser: boolean;
  /** Needs the reference server (some block of the chain says `server`). */
  readonly server: boolean;
  /** `{ sample, where: 'docs/core.md:85' }` for a module line; undefined for the lines the runner added. */
  locate(line: number): { sample: Sample; where: string } | undefined;
}

/**
 * The modules of a file's samples (`fileSamples`: all the samples of one file, in order), and
 * problems with its `continue` directives by sample.
 *
 * @example
 * const { modules } = sampleModules(samples);
 * modules[0]!.text; // the chain's code, block after block, then `export {};`
 */
export function sampleModules(fileSamples: readonly Sample[]): { modules: SampleModule[]; problems: Map<Sample, string> } {
  const chains: Sample[][] = [];
  const problems = new Map<Sample, string>();
  // A skipped block ends its chain: what continues it cannot run without it.
  let open: Sample[] | 'skipped' | undefined;
  for (const sample of fileSamples.filter((s) => s.kind === 'module')) {
    if (sample.directives.skip) open = 'skipped';
    else if (sample.directives.continue && open === 'skipped') problems.set(sample, 'continues a skipped block, so it cannot run');
    else if (sample.directives.continue && Array.isArray(open)) open.push(sample);
    else {
      if (sample.directives.continue) problems.set(sample, `says "continue" but no ts/js block comes before it in ${sample.file}`);
      chains.push((open = [sample]));
    }
  }
  return { modules: chains.map(chainModule), problems };
}

function chainModule(chain: Sample[]): SampleModule {
  const head = chain[0]!;
  const segments: Segment[] = [];
  const parts: string[] = [];
  let line = 1;
  chain.forEach((block, index) => {
    // One line, so the Markdown lines stay where the map expects them.
    parts.push(`globalThis.docsSampleBlock = ${index}; // ${block.file}:${block.line}\n`, block.code);
    const lineCount = block.code.split('\n').length - 1;
    segments.push({ sample: block, firstLine: line + 1, lineCount });
    line += 1 + lineCount;
  });
  // Every sample is a module, even one without imports: top-level await works, and names do not
  // clash between the samples typechecked together.
  parts.push('export {};\n');
  return {
    id: `${head.file.replace(/[^a-z0-9]+/gi, '-')}-L${head.line}`,
    chain,
    extension: chain.some((block) => block.lang === 'ts' || block.lang === 'typescript') ? 'ts' : 'js',
    text: parts.join(''),
    browser: chain.some((block) => block.directives.browser),
    server: chain.some((block) => block.directives.server),
    locate(moduleLine) {
      const segment = segments.find((s) => moduleLine >= s.firstLine && moduleLine < s.firstLine + s.lineCount);
      if (!segment) return undefined;
      return { sample: segment.sample, where: `${segment.sample.file}:${segment.sample.codeLine + moduleLine - segment.firstLine}` };
    },
  };
}
