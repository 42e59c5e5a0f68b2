/**
 * Helpers for the timeline's browser tests: a workspace with a contact, entries written straight
 * to the store (thousands at once), a store that can be made to fail, and waiting for the
 * virtualizer to settle.
 */
import { createCrm, memoryAdapter, UnavailableError, type Crm, type Interaction, type StorageAdapter } from '@rapport/core';
import type { RapportActivityTimeline } from './activity-timeline.js';

/** A moment the tests treat as now: Monday 1 June 2026, 12:00 UTC. */
export const testNow = new Date('2026-06-01T12:00:00.000Z');

const hour = 3_600_000;

/** An instant `hours` before {@link testNow}, as stored. */
export function hoursAgo(hours: number): string {
  return new Date(testNow.getTime() - hours * hour).toISOString();
}

/**
 * A pass-through storage port over a memory store whose reads and writes can be made to fail
 * (`failing = true`), as a store that went away would. Not a fake of the Crm: every call that
 * does not fail is the real adapter's.
 */
export function controllableStorage(inner: StorageAdapter = memoryAdapter()): StorageAdapter & { failing: boolean; delayMs: number } {
  const gate = async () => {
    if (control.delayMs) await new Promise((resolve) => setTimeout(resolve, control.delayMs));
    if (control.failing) throw new UnavailableError('The store is unavailable (test)');
  };
  const control = {
    failing: false,
    delayMs: 0,
    name: 'controllable',
    collection(name: Parameters<StorageAdapter['collection']>[0]) {
      const collection = inner.collection(name);
      return {
        ...collection,
        get: collection.get.bind(collection),
        getMany: collection.getMany.bind(collection),
        count: collection.count.bind(collection),
        put: collection.put.bind(collection),
        bulkPut: collection.bulkPut.bind(collection),
        delete: collection.delete.bind(collection),
        query: async (...args: Parameters<typeof collection.query>) => {
          await gate();
          return collection.query(...args);
        },
      } as unknown as ReturnType<StorageAdapter['collection']>;
    },
    async transaction<T>(names: Parameters<StorageAdapter['transaction']>[0], fn: Parameters<StorageAdapter['transaction']>[1]): Promise<T> {
      await gate();
      return inner.transaction(names, fn) as Promise<T>;
    },
    changes: inner.changes.bind(inner),
  };
  return control as StorageAdapter & { failing: boolean; delayMs: number };
}

/** A workspace with one contact, Ann Lee, on `storage` (default: a memory store). */
export async function workspace(storage: StorageAdapter = memoryAdapter()): Promise<{ crm: Crm; contactId: string; companyId: string }> {
  const crm = createCrm({ storage });
  const company = await crm.companies.create({ name: 'Acme', domain: 'acme.example' });
  const contact = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', emails: ['ann@acme.example'], companyId: company.id });
  return { crm, contactId: contact.id, companyId: company.id };
}

/** Writes entries straight to the store (as a sync or an import would), filling ids and times. */
export async function putEntries(crm: Crm, entries: readonly (Partial<Interaction> & Pick<Interaction, 'type' | 'occurredAt'>)[]): Promise<Interaction[]> {
  const records = entries.map((entry) => ({ id: crypto.randomUUID(), createdAt: entry.occurredAt, updatedAt: entry.occurredAt, ...entry }) as Interaction);
  const stored: Interaction[] = [];
  for (let i = 0; i < records.length; i += 1000) stored.push(...(await crm.storage.collection('interactions').bulkPut(records.slice(i, i + 1000))));
  return stored;
}

/** Resolves at the next animation frame. */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** Waits, frame by frame, until `predicate` holds; fails with `message` after `timeout` ms. */
export async function waitUntil(predicate: () => unknown, message: string, { timeout = 5000 } = {}): Promise<void> {
  const end = performance.now() + timeout;
  while (!predicate()) {
    if (performance.now() > end) throw new Error(`Timed out: ${message}`);
    await nextFrame();
  }
}

/** Waits until the virtualizer has laid out what the element last rendered. */
export async function settle(el: RapportActivityTimeline): Promise<void> {
  await el.updateComplete;
  await nextFrame();
  await nextFrame();
  await el.updateComplete;
}

/** The shadow root, which the tests read. */
export function root(el: RapportActivityTimeline): ShadowRoot {
  return el.shadowRoot as ShadowRoot;
}

/** The entries rendered now, in order. */
export function entries(el: RapportActivityTimeline): HTMLElement[] {
  return [...root(el).querySelectorAll<HTMLElement>('[part="entry"]')].sort(byTop);
}

/** The day headings rendered now, in order. */
export function headings(el: RapportActivityTimeline): string[] {
  return [...root(el).querySelectorAll<HTMLElement>('[part="day-heading"]')].sort(byTop).map((h) => h.textContent?.trim() ?? '');
}

/** Rows are absolutely positioned and may be out of DOM order: sort by where they show. */
function byTop(a: HTMLElement, b: HTMLElement): number {
  return a.getBoundingClientRect().top - b.getBoundingClientRect().top;
}

/** Normalised text of a node. */
export function text(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until the element shows entries (the first page is in and laid out). */
export async function loaded(el: RapportActivityTimeline, count = 1): Promise<void> {
  await waitUntil(() => entries(el).length >= count, `expected at least ${count} entries to render`, { timeout: 5000 });
  await settle(el);
}

/** Every node in the shadow root (elements, text, comments). */
export function nodeCount(el: RapportActivityTimeline): number {
  const walker = document.createTreeWalker(root(el), NodeFilter.SHOW_ALL);
  let count = 0;
  while (walker.nextNode()) count++;
  return count;
}
