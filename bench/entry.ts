/**
 * What a benchmark entry is and what it reports. An entry is one file in `bench/entries/` named
 * `*.bench.ts` whose default export is a {@link BenchEntry}; `bench/run.ts` finds it by that name.
 */

/** A unit a row's values are in. */
export type Unit = 'ms' | 'MB' | 'nodes';

/** How much work per second, for the subject and for its baseline. */
export interface Throughput {
  readonly unit: 'ops/s' | 'rows/s';
  readonly value: number;
  readonly baselineValue: number;
}

/**
 * One measurement, always against a baseline measured in the same run: the ratio is what a
 * target is set on, since absolute numbers depend on the machine.
 */
export interface BenchRow {
  /** The entry's name. */
  readonly entry: string;
  /** What was measured, such as `median time` or `peak heap (above idle)`. */
  readonly metric: string;
  readonly unit: Unit;
  /** The subject's value. */
  readonly value: number;
  /** What the subject is compared with, such as `Map.set`. */
  readonly baseline: string;
  /** The baseline's value, measured the same way in the same run. */
  readonly baselineValue: number;
  /** `value / baselineValue`: how many times the baseline's time or memory the subject needs. */
  readonly ratio: number;
  readonly throughput?: Throughput;
  /** A sentence printed under the table, to help read the row. */
  readonly note?: string;
  /** Anything else worth keeping in results.json (samples, spread, counts). */
  readonly extra?: Readonly<Record<string, number | string | readonly number[]>>;
}

/** A named benchmark: the default export of a `bench/entries/*.bench.ts` file. */
export interface BenchEntry {
  /** Shown in the table and matched by `npm run bench -- <filter>`. */
  readonly name: string;
  /** One sentence: what it measures and against what. */
  readonly description: string;
  /** Measures, and returns one or more rows. */
  run(): Promise<BenchRow[]>;
}

/** A row with its ratio computed. */
export function row(fields: Omit<BenchRow, 'ratio'>): BenchRow {
  return { ...fields, ratio: fields.value / fields.baselineValue };
}
