import type { Change, Company, Contact, Crm } from '@rapport/core';
import { displayName } from '../contact-card/contact-display.js';

type Kind = 'companies' | 'contacts';

/** The most ids one read asks for (the query language's limit for `in`). */
const batchSize = 1000;

/**
 * Company and contact names for the cards, read lazily: the board asks for the names of the
 * cards it renders, the cache gathers the ids asked for during one task and reads them in one
 * query per collection (`where: { id: { in: ids } }`), and tells the board when they are in.
 * Names are cached by id; a change to a cached company or contact on the change feed updates
 * its entry. A deleted or missing record has no name (`null`).
 */
export class NameCache {
  private crm: Crm | undefined;
  private readonly names: Record<Kind, Map<string, string | null>> = { companies: new Map(), contacts: new Map() };
  private readonly wanted: Record<Kind, Set<string>> = { companies: new Set(), contacts: new Set() };
  private readonly inFlight = new Set<string>();
  private scheduled = false;
  private abort = new AbortController();

  constructor(
    /** Called when names arrived or changed. */
    private readonly onChange: () => void,
  ) {}

  /** Uses another workspace (or none), forgetting every name. */
  use(crm: Crm | undefined): void {
    if (crm === this.crm) return;
    this.abort.abort();
    this.abort = new AbortController();
    this.crm = crm;
    for (const kind of ['companies', 'contacts'] as const) {
      this.names[kind].clear();
      this.wanted[kind].clear();
    }
    this.inFlight.clear();
  }

  /** Stops reads under way. */
  dispose(): void {
    this.use(undefined);
  }

  /** The company's name: a string, `null` when it has none to show, `undefined` while it is being read (asked for now). */
  company(id: string | undefined): string | null | undefined {
    return this.lookup('companies', id);
  }

  /** The contact's display name, as {@link company}. */
  contact(id: string | undefined): string | null | undefined {
    return this.lookup('contacts', id);
  }

  /** Updates cached names from company and contact changes. */
  apply(changes: readonly Change[]): void {
    let changed = false;
    for (const change of changes) {
      if (change.collection !== 'companies' && change.collection !== 'contacts') continue;
      const names = this.names[change.collection];
      if (!names.has(change.id)) continue;
      const name = change.type === 'put' ? this.nameOf(change.collection, change.record as Company | Contact) : null;
      if (names.get(change.id) !== name) {
        names.set(change.id, name);
        changed = true;
      }
    }
    if (changed) this.onChange();
  }

  private nameOf(kind: Kind, record: Company | Contact): string | null {
    if (record.deletedAt) return null;
    const name = kind === 'companies' ? (record as Company).name : displayName(record as Contact);
    return name || null;
  }

  private lookup(kind: Kind, id: string | undefined): string | null | undefined {
    if (!id) return null;
    const names = this.names[kind];
    if (names.has(id)) return names.get(id);
    const key = `${kind}:${id}`;
    if (this.crm && !this.inFlight.has(key)) {
      this.wanted[kind].add(id);
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => this.flush());
      }
    }
    return undefined;
  }

  private flush(): void {
    this.scheduled = false;
    const crm = this.crm;
    if (!crm) return;
    for (const kind of ['companies', 'contacts'] as const) {
      const ids = [...this.wanted[kind]];
      this.wanted[kind].clear();
      for (let i = 0; i < ids.length; i += batchSize) void this.read(crm, kind, ids.slice(i, i + batchSize));
    }
  }

  private async read(crm: Crm, kind: Kind, ids: string[]): Promise<void> {
    const signal = this.abort.signal;
    for (const id of ids) this.inFlight.add(`${kind}:${id}`);
    try {
      const query = { where: { id: { in: ids } }, limit: ids.length };
      const page = kind === 'companies' ? await crm.companies.list(query, { signal }) : await crm.contacts.list(query, { signal });
      if (signal.aborted) return;
      const found = new Map<string, Company | Contact>(page.items.map((r) => [r.id, r]));
      for (const id of ids) {
        const record = found.get(id);
        this.names[kind].set(id, record ? this.nameOf(kind, record) : null);
      }
      this.onChange();
    } catch {
      // Names are extras: a card without them still shows its deal. A later render asks again.
    } finally {
      if (!signal.aborted) for (const id of ids) this.inFlight.delete(`${kind}:${id}`);
    }
  }
}
