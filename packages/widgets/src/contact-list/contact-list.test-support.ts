import { UnavailableError, type Collection, type CollectionName, type StorageAdapter, type StoredRecord } from '@rapport/core';
import type { RapportContactList } from './contact-list.js';

/**
 * A real store (any adapter) whose contact reads can be held back or made to fail, to show the
 * list's loading and error states. Everything else goes straight through.
 */
export function controllableStorage(inner: StorageAdapter): { storage: StorageAdapter; hold(): void; release(): void; fail(on: boolean): void } {
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  let failing = false;
  const pass = async <T>(read: () => Promise<T>): Promise<T> => {
    await gate;
    if (failing) throw new UnavailableError('Reading contacts failed: the test store is offline');
    return read();
  };
  const wrap = <T extends StoredRecord>(collection: Collection<T>): Collection<T> => ({
    ...collection,
    get: collection.get.bind(collection),
    getMany: collection.getMany.bind(collection),
    put: collection.put.bind(collection),
    bulkPut: collection.bulkPut.bind(collection),
    delete: collection.delete.bind(collection),
    query: (query, options) => pass(() => collection.query(query, options)),
    count: (query, options) => pass(() => collection.count(query, options)),
  });
  const storage: StorageAdapter = {
    name: `controllable ${inner.name}`,
    collection: ((name: CollectionName) => (name === 'contacts' ? wrap(inner.collection('contacts')) : inner.collection(name))) as StorageAdapter['collection'],
    transaction: (names, fn) => inner.transaction(names, fn),
    changes: (listener) => inner.changes(listener),
  };
  return {
    storage,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      open?.();
      gate = undefined;
    },
    fail(on) {
      failing = on;
    },
  };
}

/** The list's shadow root. */
export const shadow = (el: RapportContactList): ShadowRoot => el.shadowRoot as ShadowRoot;

/** The contact rows in the DOM (not the header row). */
export const bodyRows = (el: RapportContactList): HTMLElement[] => [...shadow(el).querySelectorAll<HTMLElement>('.body > [role="row"]')];

/** The rows in the DOM that show a loaded contact, in index order. */
export const loadedRows = (el: RapportContactList): HTMLElement[] =>
  bodyRows(el)
    .filter((row) => row.hasAttribute('data-loaded'))
    .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));

/** A row's cell texts, trimmed. */
export const cellTexts = (row: Element): string[] => [...row.querySelectorAll('[role="gridcell"]')].map((cell) => (cell.textContent ?? '').trim());

/** The name shown in a row (without the initials). */
export const rowName = (row: Element): string => (row.querySelector('[role="gridcell"] > span:last-child')?.textContent ?? '').trim();

/** The status line's text. */
export const statusText = (el: RapportContactList): string => (shadow(el).querySelector('[role="status"]')?.textContent ?? '').trim();

/** Waits (up to 5 s) until the list shows the grid with loaded rows. */
export async function rowsShown(el: RapportContactList, message = 'the list shows its rows'): Promise<void> {
  const deadline = performance.now() + 5000;
  while (!(shadow(el).querySelector('[role="grid"]') && loadedRows(el).length > 0)) {
    if (performance.now() > deadline) throw new Error(`Timeout: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
