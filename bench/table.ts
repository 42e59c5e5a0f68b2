/** Prints benchmark rows as a plain-text table, one line per row. */
import type { BenchRow } from './entry.ts';

const number = (value: number, digits: number) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A value with about three significant figures, and its unit. */
export function formatValue(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${number(value, digits)} ${unit}`;
}

/** A ratio as `12.3×`. */
export function formatRatio(ratio: number): string {
  return `${number(ratio, ratio >= 100 ? 0 : ratio >= 10 ? 1 : 2)}×`;
}

/** Work per second, compact: `24.3k`, `4.81M`. */
export function formatRate(value: number): string {
  if (value >= 1e6) return `${number(value / 1e6, 2)}M`;
  if (value >= 1e3) return `${number(value / 1e3, 1)}k`;
  return number(value, 0);
}

/** The table: what was measured, the subject's value, the baseline's, the ratio and throughput. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['entry', 'metric', 'value', 'baseline', 'baseline value', 'ratio', 'throughput (subject / baseline)'];
  const lines = rows.map((r) => [
    r.entry,
    r.metric,
    formatValue(r.value, r.unit),
    r.baseline,
    formatValue(r.baselineValue, r.unit),
    formatRatio(r.ratio),
    r.throughput ? `${formatRate(r.throughput.value)} / ${formatRate(r.throughput.baselineValue)} ${r.throughput.unit}` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  // Numbers are right-aligned, text left-aligned.
  const numeric = new Set([2, 4, 5]);
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const table = [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)];
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.entry}, ${r.metric}: ${r.note}`);
  return [...table, ...(notes.length ? ['', 'notes', ...notes] : [])].join('\n');
}
