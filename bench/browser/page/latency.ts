/**
 * In the page: the latency of a query, through Rapport and through its baseline, over a list of
 * queries. Each query runs on both sides back to back, the side that goes first alternating by
 * round, so that the database's caches and the machine's drift treat them alike.
 */
import { progress } from './progress.ts';
import { summarize, type LatencySummary } from './stats.ts';

/** Both sides' samples (ms) and their summaries. */
export interface LatencyResult {
  readonly subject: LatencySummary;
  readonly baseline: LatencySummary;
  /** Each query's median (ms) on the subject's side, in query order, to find the slow ones. */
  readonly subjectMedians: number[];
  readonly baselineMedians: number[];
  /** Where the two sides answered differently: what `check` said, one line per query. */
  readonly mismatches: string[];
}

/** How to run a comparison. */
export interface LatencyOptions<Q, R> {
  /** Rounds over every query before timing starts (at least one: it checks the answers). */
  readonly warmupRounds: number;
  /** Timed rounds over every query. */
  readonly rounds: number;
  /**
   * Compares the two sides' answers to `query`: returns what differs, or nothing when they agree.
   * A difference is reported, not thrown, so that a wrong answer shows next to its timing; throw
   * for what makes the run meaningless (an empty answer).
   */
  readonly check: (query: Q, subject: R, baseline: R) => string | undefined;
}

async function timed<R>(fn: () => Promise<R>): Promise<[number, R]> {
  const start = performance.now();
  const result = await fn();
  return [performance.now() - start, result];
}

/**
 * Times `subject(query)` and `baseline(query)` for every query, `rounds` times each.
 *
 * @example
 * const result = await compareLatency(queries, (q) => crm.contacts.search(q), (q) => scan(q), { warmupRounds: 1, rounds: 5, check });
 */
export async function compareLatency<Q, R>(
  queries: readonly Q[],
  subject: (query: Q) => Promise<R>,
  baseline: (query: Q) => Promise<R>,
  options: LatencyOptions<Q, R>,
): Promise<LatencyResult> {
  const mismatches: string[] = [];
  for (let round = 0; round < Math.max(1, options.warmupRounds); round++) {
    for (const query of queries) {
      const [, s] = await timed(() => subject(query));
      const [, b] = await timed(() => baseline(query));
      const mismatch = round === 0 ? options.check(query, s, b) : undefined;
      if (mismatch) mismatches.push(mismatch);
    }
  }
  for (const mismatch of mismatches) progress(`WRONG ANSWER: ${mismatch}`);
  const subjectSamples: number[][] = queries.map(() => []);
  const baselineSamples: number[][] = queries.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    for (const [i, query] of queries.entries()) {
      const subjectFirst = round % 2 === 0;
      if (subjectFirst) subjectSamples[i]?.push((await timed(() => subject(query)))[0]);
      baselineSamples[i]?.push((await timed(() => baseline(query)))[0]);
      if (!subjectFirst) subjectSamples[i]?.push((await timed(() => subject(query)))[0]);
    }
  }
  const all = (samples: number[][]) => samples.flat();
  const medians = (samples: number[][]) => samples.map((s) => summarize(s).p50);
  progress(`${queries.length} queries × ${options.rounds} rounds timed`);
  return {
    subject: summarize(all(subjectSamples)),
    baseline: summarize(all(baselineSamples)),
    subjectMedians: medians(subjectSamples),
    baselineMedians: medians(baselineSamples),
    mismatches,
  };
}
