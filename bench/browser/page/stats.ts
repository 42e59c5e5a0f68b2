/** Summaries of timing samples, in the page (bench/measure.ts needs Node). */

/** The `p`-th percentile (0–100) of `values`, by nearest rank: a value that was measured. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** The middle value (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** What a latency row reports about one side's samples, in ms. */
export interface LatencySummary {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly mean: number;
  readonly count: number;
}

/** The summary of latency samples (ms). */
export function summarize(samples: readonly number[]): LatencySummary {
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    mean: samples.reduce((sum, value) => sum + value, 0) / samples.length,
    count: samples.length,
  };
}
