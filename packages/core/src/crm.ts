import { z } from './schema/zod.js';
import { systemClock, type Clock } from './clock.js';
import { CompaniesService } from './companies/companies.js';
import { ContactsService } from './contacts/contacts.js';
import { DealsService } from './deals/deals.js';
import { crmEventNames, type CrmEvent, type CrmEventName } from './events/crm-events.js';
import { EventBus } from './events/event-bus.js';
import { newId } from './ids.js';
import { InteractionsService } from './interactions/interactions.js';
import { LeadsService } from './leads/leads.js';
import { PipelinesService } from './pipelines/pipelines.js';
import { ReportsService } from './reports/reports.js';
import { defaultScoringRules } from './scoring/default-scoring-rules.js';
import { scoringRulesSchema, type ScoringRulesInput } from './scoring/scoring-rules.schema.js';
import { ScoringService } from './scoring/scoring.js';
import type { ServiceContext } from './service/context.js';
import type { StorageAdapter, Unsubscribe } from './storage/port.js';
import type { Page } from './storage/query.js';
import { ValidationError } from './errors.js';
import { toStorageQuery } from './service/list-query.js';
import { collectionNames, isCollectionName, type CollectionName } from './storage/collections.js';
import { isObject, parseInput } from './validation.js';
import { watchQuery, type WatchItem, type WatchOptions, type WatchQuery } from './watch.js';

/** Collections whose deletes are soft, so that watching them hides deleted records by default. */
const softDeleted: ReadonlySet<CollectionName> = new Set(['contacts', 'companies', 'deals']);

/** What `createCrm` needs. */
export interface CrmOptions {
  /** Where records live: `memoryAdapter()`, `indexedDbAdapter()`, `restAdapter()`, or your own. */
  storage: StorageAdapter;
  /** Where the services read the time (default: the real clock). */
  clock?: Clock;
  /** Makes record ids (default: UUIDv7). */
  newId?: () => string;
  /** Lead scoring: the rules `crm.scoring` scores with (default: `defaultScoringRules`). */
  scoring?: { rules?: ScoringRulesInput };
}

// Parsed as a field of an object so that issues name their place in the options: `scoring.rules.grades.0.min`.
const scoringOptionsSchema = z.strictObject({ scoring: z.strictObject({ rules: scoringRulesSchema.optional() }).optional() });

/** A CRM workspace: its services, domain events and live queries, over one store. */
export interface Crm {
  /** People. */
  readonly contacts: ContactsService;
  /** Organisations. */
  readonly companies: CompaniesService;
  /** Sales processes and their stages. */
  readonly pipelines: PipelinesService;
  /** Opportunities moving through pipelines. */
  readonly deals: DealsService;
  /** The timeline: notes, calls, emails, meetings, tasks. */
  readonly interactions: InteractionsService;
  /** Lead capture: form submissions become de-duplicated contacts with consent on record. */
  readonly leads: LeadsService;
  /** Lead scores: explained, stored on contacts, and predicted from won and lost deals. */
  readonly scoring: ScoringService;
  /** Pipeline, forecast, funnel, win-rate, cycle, velocity, activity, source and stale-deal reports. */
  readonly reports: ReportsService;
  /** The store this workspace uses. */
  readonly storage: StorageAdapter;
  /**
   * Calls `listener` after each write of this kind made through this `Crm` commits.
   *
   * @example
   * const stop = crm.on('deal.won', ({ deal }) => celebrate(deal));
   */
  on<K extends CrmEventName>(type: K, listener: (event: CrmEvent<K>) => void): Unsubscribe;
  /**
   * Calls `listener` with the first page of `query` now, and again whenever a committed change
   * (from this tab, another tab or the server) alters it.
   *
   * @example
   * const stop = crm.watch({ collection: 'deals', where: { pipelineId, stageId }, orderBy: { field: 'position' } }, (page) => render(page.items));
   */
  watch<Q extends WatchQuery>(query: Q, listener: (page: Page<WatchItem<Q>>) => void, options?: WatchOptions): Unsubscribe;
}

/**
 * Creates a CRM workspace over a store.
 *
 * @example
 * import { createCrm, memoryAdapter } from '@rapport/core';
 * const crm = createCrm({ storage: memoryAdapter() });
 * const ann = await crm.contacts.create({ firstName: 'Ann', emails: ['ann@acme.com'] });
 */
export function createCrm(options: CrmOptions): Crm {
  const storage = options?.storage;
  if (!storage || typeof storage.collection !== 'function' || typeof storage.transaction !== 'function' || typeof storage.changes !== 'function') {
    throw new ValidationError('Invalid CRM options', [{ path: ['storage'], message: 'Must be a storage adapter, such as memoryAdapter()' }]);
  }
  // Checked now: a bad clock or id maker would otherwise fail with a TypeError on the first write.
  if (options.clock !== undefined && typeof (options.clock as Partial<Clock> | null)?.now !== 'function') {
    throw new ValidationError('Invalid CRM options', [{ path: ['clock'], message: 'Must be a clock, such as systemClock' }]);
  }
  if (options.newId !== undefined && typeof options.newId !== 'function') {
    throw new ValidationError('Invalid CRM options', [{ path: ['newId'], message: 'Must be a function that returns a new id' }]);
  }
  const { scoring } = parseInput(scoringOptionsSchema, { scoring: options.scoring }, 'CRM options');
  const events = new EventBus();
  const ctx: ServiceContext = { storage, clock: options.clock ?? systemClock, newId: options.newId ?? newId, events };
  const services = {
    contacts: new ContactsService(ctx),
    companies: new CompaniesService(ctx),
    pipelines: new PipelinesService(ctx),
    deals: new DealsService(ctx),
    interactions: new InteractionsService(ctx),
    leads: new LeadsService(ctx),
    scoring: new ScoringService(ctx, scoring?.rules ?? defaultScoringRules),
    reports: new ReportsService(ctx),
  };

  return {
    ...services,
    storage,
    on(type, listener) {
      if (!(crmEventNames as readonly string[]).includes(type)) {
        throw new ValidationError('Invalid event listener', [{ path: ['type'], message: `Unknown event: use one of ${crmEventNames.join(', ')}` }]);
      }
      if (typeof listener !== 'function') throw new ValidationError('Invalid event listener', [{ path: ['listener'], message: 'Must be a function' }]);
      return events.on(type, listener);
    },
    watch(query, listener, watchOptions) {
      if (!isObject(query) || !isCollectionName(query.collection)) {
        throw new ValidationError('Invalid watch query', [{ path: ['collection'], message: `Must be one of ${collectionNames.join(', ')}` }]);
      }
      const { collection, ...rest } = query as WatchQuery;
      // Validate now, so a bad query throws here rather than on every change.
      const storageQuery = toStorageQuery(collection, rest, softDeleted.has(collection));
      if (typeof listener !== 'function') throw new ValidationError('Invalid watch', [{ path: ['listener'], message: 'Must be a function' }]);
      if (watchOptions !== undefined && (typeof watchOptions !== 'object' || watchOptions === null)) {
        throw new ValidationError('Invalid watch options', [{ path: [], message: 'Must be an object such as { onError }' }]);
      }
      if (watchOptions?.onError !== undefined && typeof watchOptions.onError !== 'function') {
        throw new ValidationError('Invalid watch options', [{ path: ['onError'], message: 'Must be a function' }]);
      }
      const run = () => storage.collection(collection).query(storageQuery) as Promise<Page<WatchItem<typeof query>>>;
      return watchQuery(storage, collection, run, listener, watchOptions);
    },
  };
}
