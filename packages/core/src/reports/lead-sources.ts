/**
 * Lead sources: how many contacts each channel or campaign brought in, and what the deals won
 * with them are worth.
 */
import { z } from '../schema/zod.js';
import type { Contact, ContactSource } from '../contacts/contact.schema.js';
import type { Deal } from '../deals/deal.schema.js';
import type { Money } from '../money/money.schema.js';
import { parseInput } from '../validation.js';
import { compareKeys } from './compare-keys.js';
import { conversionSchema, converterFor, MoneyTotals, type CurrencyConverter } from './money-totals.js';
import { checkPeriod, inPeriod, periodShape } from './period.js';
import { checkData } from './report-params.schema.js';

const what = 'lead sources parameters';

/** The fields of `contact.source` that leads can be grouped by. */
export const sourceDimensions = ['channel', 'utmSource', 'utmMedium', 'utmCampaign', 'formId'] as const;

/** One of {@link sourceDimensions}. */
export type SourceDimension = (typeof sourceDimensions)[number];

/** Validates what `crm.reports.leadSources` accepts. */
export const leadSourcesParamsSchema = z
  .strictObject({
    /** Contacts created (`createdAt`) in `[from, to)`. */
    ...periodShape,
    /** The source fields to group by, each at most once, in the order given (default `['channel']`). */
    by: z
      .array(z.enum(sourceDimensions, { message: `Must be one of ${sourceDimensions.join(', ')}` }), { message: 'Must be a list of source fields' })
      .min(1, { message: 'Must name at least one source field' })
      .max(sourceDimensions.length, { message: `At most ${sourceDimensions.length} source fields` })
      .refine((by) => new Set(by).size === by.length, { message: 'Name each source field at most once' })
      .default(() => ['channel' as const]),
    convert: conversionSchema.optional(),
  })
  .superRefine(checkPeriod);

/** What `crm.reports.leadSources` accepts. */
export type LeadSourcesParams = z.input<typeof leadSourcesParamsSchema>;

/** The records lead sources are computed from. */
export interface LeadSourcesData {
  readonly contacts: readonly Contact[];
  readonly deals: readonly Deal[];
}

/** The values of the grouped source fields; `null` where a contact's source has none. */
export type SourceKey = Partial<Record<SourceDimension, string | null>>;

/** Contacts, won deals and won value. */
export interface LeadSourceTotals {
  readonly contacts: number;
  /** Won deals attributed to these contacts (each deal once, to its first contact among them). */
  readonly wonDeals: number;
  readonly wonAmounts: Money[];
}

/** One source's line. */
export interface LeadSourceRow extends LeadSourceTotals {
  readonly key: SourceKey;
}

/** What `crm.reports.leadSources` answers. */
export interface LeadSources {
  readonly by: SourceDimension[];
  /** By contacts, most first, then by key (field by field, `null` last). */
  readonly rows: LeadSourceRow[];
  /** The rows added up. */
  readonly total: LeadSourceTotals;
}

class RowTally {
  contacts = 0;
  wonDeals = 0;
  readonly won: MoneyTotals;
  constructor(
    readonly key: SourceKey,
    converter: CurrencyConverter | undefined,
  ) {
    this.won = new MoneyTotals(converter);
  }
}

/** A level of the grouping tree: one map per source field, keyed by its value. */
type Level = Map<string | null, Level | RowTally>;

const valueOf = (source: ContactSource | undefined, dimension: SourceDimension): string | null => source?.[dimension] ?? null;

/**
 * Groups the live contacts created in a period by where they came from, and attributes each
 * live won deal to the first of its contacts that is in one of the groups, so no deal counts
 * twice. A deal counts whenever it was won: the period selects the contacts, not the deals.
 *
 * @example
 * const { rows } = computeLeadSources({ contacts, deals }, { from: '2026-01-01', by: ['channel', 'utmCampaign'] });
 */
export function computeLeadSources(data: LeadSourcesData, params: LeadSourcesParams): LeadSources {
  const p = parseInput(leadSourcesParamsSchema, params, what);
  checkData(data, ['contacts', 'deals'], what);
  const converter = converterFor(p.convert, what);
  const { by } = p;
  const lastLevel = by.length - 1;

  const root: Level = new Map();
  const tallies: RowTally[] = [];
  const rowOfContact = new Map<string, RowTally>();
  for (const contact of data.contacts) {
    if (contact.deletedAt || !inPeriod(contact.createdAt, p)) continue;
    const { source } = contact;
    // Walk (and grow) one map per source field; no key string is built per contact.
    let level = root;
    for (let d = 0; d < lastLevel; d++) {
      const value = valueOf(source, by[d] as SourceDimension);
      let next = level.get(value) as Level | undefined;
      if (!next) level.set(value, (next = new Map()));
      level = next;
    }
    const value = valueOf(source, by[lastLevel] as SourceDimension);
    let tally = level.get(value) as RowTally | undefined;
    if (!tally) {
      tally = new RowTally(Object.fromEntries(by.map((dimension) => [dimension, valueOf(source, dimension)])), converter);
      level.set(value, tally);
      tallies.push(tally);
    }
    tally.contacts++;
    rowOfContact.set(contact.id, tally);
  }

  for (const deal of data.deals) {
    if (deal.status !== 'won' || deal.deletedAt) continue;
    for (const contactId of deal.contactIds) {
      const tally = rowOfContact.get(contactId);
      if (tally === undefined) continue;
      tally.wonDeals++;
      tally.won.add(deal.amount);
      break;
    }
  }

  tallies.sort((a, b) => b.contacts - a.contacts || compareSourceKeys(a.key, b.key, by));
  const total = new MoneyTotals(converter);
  let contacts = 0;
  let wonDeals = 0;
  const rows = tallies.map((tally): LeadSourceRow => {
    contacts += tally.contacts;
    wonDeals += tally.wonDeals;
    total.addTotals(tally.won);
    return { key: tally.key, contacts: tally.contacts, wonDeals: tally.wonDeals, wonAmounts: tally.won.amounts() };
  });
  return { by, rows, total: { contacts, wonDeals, wonAmounts: total.amounts() } };
}

function compareSourceKeys(a: SourceKey, b: SourceKey, by: readonly SourceDimension[]): number {
  for (const dimension of by) {
    const order = compareKeys(a[dimension] ?? null, b[dimension] ?? null);
    if (order !== 0) return order;
  }
  return 0;
}
