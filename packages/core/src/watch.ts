import type { Company } from './companies/company.schema.js';
import type { Contact } from './contacts/contact.schema.js';
import type { Deal } from './deals/deal.schema.js';
import type { Interaction } from './interactions/interaction.schema.js';
import type { Pipeline } from './pipelines/pipeline.schema.js';
import type { ListQuery } from './service/list-query.js';
import type { StorageAdapter, Unsubscribe } from './storage/port.js';
import type { Page } from './storage/query.js';
import { reportListenerError } from './storage/report-listener-error.js';

/** What `crm.watch` can watch: a list query over one collection. */
export type WatchQuery =
  | ({ collection: 'contacts' } & ListQuery)
  | ({ collection: 'companies' } & ListQuery)
  | ({ collection: 'deals' } & ListQuery)
  | ({ collection: 'pipelines' } & Omit<ListQuery, 'includeDeleted'>)
  | ({ collection: 'interactions' } & Omit<ListQuery, 'includeDeleted'>);

/** The records a watched query yields, by collection. */
export type WatchItem<Q extends WatchQuery> = Q['collection'] extends 'contacts'
  ? Contact
  : Q['collection'] extends 'companies'
    ? Company
    : Q['collection'] extends 'deals'
      ? Deal
      : Q['collection'] extends 'pipelines'
        ? Pipeline
        : Interaction;

/** What a watcher may be told besides results. */
export interface WatchOptions {
  /** Called when running the query fails (a bad query, or the store is unavailable). */
  onError?: (error: unknown) => void;
}

/**
 * Runs `run` now and again after committed changes to `collection`, calling `listener` with each
 * new answer. Changes within one event-loop turn, or while a run is under way, cause one more
 * run; an answer equal to the last one (same ids and versions) is not delivered twice.
 */
export function watchQuery<T extends { id: string; version: number }>(
  storage: StorageAdapter,
  collection: string,
  run: () => Promise<Page<T>>,
  listener: (page: Page<T>) => void,
  options: WatchOptions = {},
): Unsubscribe {
  let active = true;
  let running = false;
  let again = false;
  let lastSignature: string | undefined;

  const refresh = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        try {
          const page = await run();
          const signature = JSON.stringify([page.items.map((r) => [r.id, r.version]), page.nextCursor ?? null]);
          if (active && signature !== lastSignature) {
            lastSignature = signature;
            try {
              listener(page);
            } catch (error) {
              reportListenerError(error);
            }
          }
        } catch (error) {
          if (!active) return;
          if (options.onError) options.onError(error);
          else reportListenerError(error);
        }
      } while (again && active);
    } finally {
      running = false;
    }
  };

  // Changes that arrive within one turn of the event loop (a burst of writes) cause one run.
  let scheduled: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    scheduled ??= setTimeout(() => {
      scheduled = undefined;
      void refresh();
    }, 0);
  };

  const stop = storage.changes((changes) => {
    if (active && changes.some((change) => change.collection === collection)) schedule();
  });
  void refresh();
  return () => {
    active = false;
    clearTimeout(scheduled);
    stop();
  };
}
