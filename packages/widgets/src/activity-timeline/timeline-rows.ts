import type { Interaction } from '@rapport/core';
import type { TimelineFormat } from './timeline-format.js';

/** One row of the virtualized list: a day heading, an entry, or the row after the last entry. */
export type TimelineRow =
  | { readonly kind: 'day'; readonly key: string; readonly day: string }
  | { readonly kind: 'entry'; readonly key: string; readonly entry: Interaction }
  | { readonly kind: 'end'; readonly key: string };

const endRow: TimelineRow = { kind: 'end', key: 'end' };

/**
 * Turns the loaded entries (newest first) into rows, with a heading before the first entry of
 * each day, and an end row last (where "loading more" or "no earlier activity" shows).
 * Row objects are reused across calls (`cache`), so that a page appended does not make 50,000 new
 * objects, and the virtualizer's keys stay stable.
 */
export function timelineRows(entries: readonly Interaction[], format: TimelineFormat, cache: WeakMap<Interaction, TimelineRow>): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let lastDay: string | undefined;
  for (const entry of entries) {
    const dayKey = format.dayKey(entry.occurredAt);
    if (dayKey !== lastDay) {
      rows.push({ kind: 'day', key: `day:${dayKey}`, day: dayKey });
      lastDay = dayKey;
    }
    let row = cache.get(entry);
    if (!row) {
      row = { kind: 'entry', key: entry.id, entry };
      cache.set(entry, row);
    }
    rows.push(row);
  }
  rows.push(endRow);
  return rows;
}
