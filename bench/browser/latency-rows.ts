/** Table rows for an in-page latency comparison: p50 and p95, subject against baseline. */
import { row, type BenchRow } from '../entry.ts';
import type { LatencyResult } from './page/latency.ts';

/** What the rows say besides the numbers. */
export interface LatencyRowOptions {
  readonly entry: string;
  /** The baseline's name in the table. */
  readonly baseline: string;
  /** Printed under the table, on the p95 row. */
  readonly note: string;
  /** The goal on p95, in ms, recorded in results.json. */
  readonly goalP95Ms: number;
  readonly extra?: Readonly<Record<string, number | string | readonly number[]>>;
}

/**
 * The p50 row (with queries per second from the medians) and the p95 row, whose note says
 * whether the goal was met; any wrong answers are printed there too.
 *
 * @example
 * rows.push(...latencyRows(result, { entry: name, baseline: 'raw Dexie', note, goalP95Ms: 10 }));
 */
export function latencyRows(result: LatencyResult, options: LatencyRowOptions): BenchRow[] {
  const { entry, baseline, goalP95Ms } = options;
  const met = result.subject.p95 <= goalP95Ms;
  const wrong = result.mismatches.length ? ` WRONG ANSWERS (${result.mismatches.length}): ${result.mismatches.join('; ')}.` : '';
  return [
    row({
      entry,
      metric: 'p50 latency',
      unit: 'ms',
      value: result.subject.p50,
      baseline,
      baselineValue: result.baseline.p50,
      throughput: { unit: 'ops/s', value: 1000 / result.subject.p50, baselineValue: 1000 / result.baseline.p50 },
      extra: { samples: result.subject.count, subjectMedians: result.subjectMedians, baselineMedians: result.baselineMedians },
    }),
    row({
      entry,
      metric: 'p95 latency',
      unit: 'ms',
      value: result.subject.p95,
      baseline,
      baselineValue: result.baseline.p95,
      note: `${options.note} Goal p95 ≤ ${goalP95Ms} ms: ${met ? 'met' : 'NOT met'}.${wrong}`,
      extra: {
        goalP95Ms,
        goalMet: met ? 'yes' : 'no',
        max: result.subject.max,
        baselineMax: result.baseline.max,
        mean: result.subject.mean,
        baselineMean: result.baseline.mean,
        mismatches: result.mismatches.join('\n'),
        ...options.extra,
      },
    }),
  ];
}
