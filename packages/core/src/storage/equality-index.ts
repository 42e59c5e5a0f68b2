import { fieldValue } from './collections.js';
import type { NormalizedCondition, NormalizedQuery } from './query.js';

type Row = { readonly id: string };

/**
 * Ids of the rows holding each value of one field (every element, for a list field), so that
 * `eq` and `in` conditions need not scan a whole collection: a CSV import looking up each batch's
 * email addresses stays linear in the number of rows.
 */
export class EqualityIndex {
  private readonly byValue = new Map<unknown, Set<string>>();

  constructor(
    private readonly field: string,
    private readonly multi: boolean,
  ) {}

  private valuesOf(row: Row): readonly unknown[] {
    const value = fieldValue(row, this.field);
    if (this.multi) return Array.isArray(value) ? value : [];
    return value === undefined || value === null ? [] : [value];
  }

  add(row: Row): void {
    for (const value of this.valuesOf(row)) {
      let ids = this.byValue.get(value);
      if (!ids) this.byValue.set(value, (ids = new Set()));
      ids.add(row.id);
    }
  }

  remove(row: Row): void {
    for (const value of this.valuesOf(row)) {
      const ids = this.byValue.get(value);
      ids?.delete(row.id);
      if (ids?.size === 0) this.byValue.delete(value);
    }
  }

  /** The ids of rows holding any of `values`. */
  idsOf(values: readonly unknown[]): Set<string> {
    if (values.length === 1) return this.byValue.get(values[0]) ?? new Set();
    const out = new Set<string>();
    for (const value of values) for (const id of this.byValue.get(value) ?? []) out.add(id);
    return out;
  }
}

/** The values an `eq` or `in` condition accepts, or `undefined` if an index cannot answer it. */
export function indexableValues(condition: NormalizedCondition): readonly unknown[] | undefined {
  if (condition.eq !== undefined && condition.eq !== null) return [condition.eq];
  if (condition.in !== undefined && condition.eq === undefined) return condition.in;
  return undefined;
}

/**
 * Candidate ids for a query from the narrowest indexable condition (`indexFor` gives, or builds,
 * the index of a condition's field); `undefined` when no condition can use one, and the caller scans.
 */
export function candidateIds(query: NormalizedQuery | undefined, indexFor: (condition: NormalizedCondition) => EqualityIndex): Set<string> | undefined {
  let best: Set<string> | undefined;
  for (const condition of query?.where ?? []) {
    const values = indexableValues(condition);
    if (!values) continue;
    const ids = indexFor(condition).idsOf(values);
    if (!best || ids.size < best.size) best = ids;
  }
  return best;
}
