/**
 * Timing: a subject and its baseline, run alternately in the same process after a warm-up, each
 * run timed alone with a garbage collection before it; reported as the median of the runs.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Prepares a run (untimed) and returns the work to time. Preparing anew for each run keeps runs
 * independent: a fresh store, fresh input streams.
 */
export type Trial = () => Promise<() => unknown> | (() => unknown);

/** The times of one subject's runs. */
export interface Timing {
  /** Each run's time in ms, in the order they ran. */
  readonly samples: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface CompareOptions {
  /** Runs of each side before timing starts, to let the JIT settle (default 1). */
  warmupRuns?: number;
  /** Trials to warm up with instead of the measured ones, such as the same work on less data. */
  warmup?: { subject: Trial; baseline: Trial };
  /** Timed runs of each side (default 5). */
  runs?: number;
  /** Stop after this many ms of timed runs, once `minRuns` are done (default: no limit). */
  budgetMs?: number;
  /** Fewest timed runs, whatever the budget (default 3). */
  minRuns?: number;
}

// `npm run bench` starts Node without --expose-gc; this is the documented way to reach gc anyway.
setFlagsFromString('--expose-gc');
const gc = (globalThis.gc ?? runInNewContext('gc')) as () => void;

/** Collects garbage, so that one run's leftovers do not cost the next. */
export function collectGarbage(): void {
  gc();
}

/** The middle value (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Times one run of a trial, in ms. */
export async function timeOnce(trial: Trial): Promise<number> {
  const work = await trial();
  collectGarbage();
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function timing(samples: number[]): Timing {
  return { samples, median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

/**
 * Times `subject` and `baseline`, alternating runs so that drift in the machine's speed (other
 * load, thermal throttling) affects both alike.
 *
 * @example
 * const { subject, baseline } = await compare(() => () => crmWrites(), () => () => mapWrites(), { runs: 5 });
 */
export async function compare(subject: Trial, baseline: Trial, options: CompareOptions = {}): Promise<{ subject: Timing; baseline: Timing }> {
  const { warmupRuns = 1, runs = 5, budgetMs = Infinity, minRuns = 3 } = options;
  const warm = options.warmup ?? { subject, baseline };
  for (let i = 0; i < warmupRuns; i++) {
    await timeOnce(warm.baseline);
    await timeOnce(warm.subject);
  }
  const subjectSamples: number[] = [];
  const baselineSamples: number[] = [];
  const start = performance.now();
  while (subjectSamples.length < runs && (subjectSamples.length < minRuns || performance.now() - start < budgetMs)) {
    baselineSamples.push(await timeOnce(baseline));
    subjectSamples.push(await timeOnce(subject));
  }
  return { subject: timing(subjectSamples), baseline: timing(baselineSamples) };
}
