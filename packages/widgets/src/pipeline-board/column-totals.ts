import { computePipelineSummary, type Deal, type Money, type Pipeline } from '@rapport/core';
import { formatMoney } from '../internal/format-money.js';

/** A column's header figures, formatted. */
export interface ColumnTotals {
  readonly count: number;
  /** The sum: the pipeline's currency first (zero when no deal is in it), then each other currency. Never added across currencies. */
  readonly amounts: readonly string[];
  /** The probability-weighted sum, the same way. */
  readonly weighted: readonly string[];
}

/** Amounts in `currency` first (a zero one when there is none), then the others by currency code. */
function inOrder(amounts: readonly Money[], currency: string, locale: string): string[] {
  const own = amounts.find((m) => m.currency === currency) ?? { minor: 0, currency };
  const others = amounts.filter((m) => m.currency !== currency).sort((a, b) => (a.currency < b.currency ? -1 : 1));
  return [own, ...others].map((m) => formatMoney(m, locale));
}

/**
 * Each open stage's count, sum and weighted sum over the deals the board shows (filters applied),
 * computed by core's `computePipelineSummary`, so a column agrees with `crm.reports.pipelineSummary`
 * over the same deals.
 */
export function columnTotals(pipeline: Pipeline, columns: ReadonlyMap<string, readonly Deal[]>, locale: string): Map<string, ColumnTotals> {
  const deals: Deal[] = [];
  for (const column of columns.values()) deals.push(...column);
  const summary = computePipelineSummary({ pipelines: [pipeline], deals }, { pipelineId: pipeline.id });
  const totals = new Map<string, ColumnTotals>();
  for (const line of summary.stages) {
    if (!columns.has(line.stageId)) continue;
    totals.set(line.stageId, {
      count: line.count,
      amounts: inOrder(line.amounts, pipeline.currency, locale),
      weighted: inOrder(line.weighted, pipeline.currency, locale),
    });
  }
  return totals;
}
