/**
 * In the page: token-prefix search over 100,000 contacts in IndexedDB
 * (`crm.contacts.search(text, { limit: 50 })`), against a full scan of the same contacts held in
 * the page's memory with their search tokens computed beforehand (`matchesSearch`, the same
 * matching rule), which returns the same page.
 */
import { createCrm, matchesSearch, tokenize, type Contact } from '@rapport/core';
import { generateWorkspace } from '@rapport/core/seed';
import { dropDatabase, freshName, openAdapter, rawDatabase, seed, toRow } from './databases.ts';
import { compareLatency, type LatencyResult } from './latency.ts';
import { progress } from './progress.ts';

/** What the Node side asks for. */
export interface SearchArgs {
  readonly contacts: number;
  readonly warmupRounds: number;
  readonly rounds: number;
}

/** The latencies, the queries (in the order of the per-query medians) and the store's size. */
export interface SearchTimings extends LatencyResult {
  readonly queries: string[];
  readonly kinds: string[];
  readonly contacts: number;
  readonly seedMs: number;
}

/** A query as a user types it, and what kind it is (for the per-kind breakdown). */
interface SearchQuery {
  readonly text: string;
  readonly kind: 'prefix 2' | 'prefix 3' | 'prefix 4' | 'two prefixes' | 'full name' | 'email domain';
}

/** Distinct values in order of first appearance. */
function distinct(values: Iterable<string | undefined>): string[] {
  return [...new Set([...values].filter((v): v is string => !!v))];
}

/**
 * Realistic queries drawn from the data: 2–4 letter prefixes of first names, last names and
 * company words; a name prefix with a company prefix; full names; email domains (a free-mail
 * one and company ones).
 */
function queriesOf(contacts: readonly Contact[]): SearchQuery[] {
  const prefixKinds = ['prefix 2', 'prefix 3', 'prefix 4'] as const;
  const firstNames = distinct(contacts.map((c) => c.firstName)).slice(0, 9);
  const lastNames = distinct(contacts.map((c) => c.lastName)).slice(0, 9);
  const companyWords = distinct(contacts.map((c) => c.companyName?.split(' ')[0])).slice(0, 9);
  const out: SearchQuery[] = [];
  for (const words of [firstNames, lastNames, companyWords]) {
    words.forEach((word, i) => out.push({ text: word.slice(0, 2 + (i % 3)), kind: prefixKinds[i % 3] as SearchQuery['kind'] }));
  }
  for (const [i, c] of contacts.filter((c) => c.companyName).slice(0, 4).entries()) {
    out.push({ text: `${(c.firstName ?? '').slice(0, 2 + (i % 2))} ${(c.companyName ?? '').slice(0, 3)}`, kind: 'two prefixes' });
  }
  for (const c of contacts.slice(100, 106)) out.push({ text: `${c.firstName} ${c.lastName}`, kind: 'full name' });
  const domains = distinct(contacts.map((c) => c.emails[0]?.split('@')[1]));
  const free = domains.find((d) => d === 'gmail.com') ?? domains[0];
  const company = domains.filter((d) => d !== free && !['outlook.com', 'yahoo.com', 'proton.me', 'icloud.com'].includes(d)).slice(0, 3);
  for (const domain of distinct([free, ...company])) out.push({ text: domain, kind: 'email domain' });
  return out;
}

/** The baseline's store: every contact with its tokens, in id order (the search's default order). */
interface Scanned {
  readonly id: string;
  readonly tokens: readonly string[];
  readonly deleted: boolean;
}

/** The first `limit` matches of a full scan, as the search orders them (by id). */
function scan(store: readonly Scanned[], text: string, limit: number): string[] {
  const query = [...new Set(tokenize(text))];
  const matches = store.filter((c) => !c.deleted && matchesSearch(c.tokens, query));
  return matches.slice(0, limit).map((c) => c.id);
}

/**
 * Seeds `contacts` generated contacts (not timed), then times the queries on both sides.
 *
 * @example
 * const t = await contactSearch({ contacts: 100_000, warmupRounds: 1, rounds: 5 });
 */
export async function contactSearch(args: SearchArgs): Promise<SearchTimings> {
  const seedStart = performance.now();
  const { contacts, companies } = generateWorkspace({ seed: 5, contacts: args.contacts, deals: 0, interactionsPerContact: 0 });
  const name = freshName('search');
  const db = rawDatabase(name);
  await seed(db, 'companies', companies);
  await seed(db, 'contacts', contacts);
  db.close();
  const store: Scanned[] = contacts
    .map((c) => ({ id: c.id, tokens: toRow('contacts', c)._t as string[], deleted: !!c.deletedAt }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seedMs = performance.now() - seedStart;
  progress(`seeded ${contacts.length.toLocaleString('en-US')} contacts in ${(seedMs / 1000).toFixed(1)} s`);

  const adapter = await openAdapter(name);
  const crm = createCrm({ storage: adapter });
  const queries = queriesOf(contacts);
  const limit = 50;
  try {
    const result = await compareLatency(
      queries,
      async (q) => (await crm.contacts.search(q.text, { limit })).items.map((c) => c.id),
      async (q) => scan(store, q.text, limit),
      {
        warmupRounds: args.warmupRounds,
        rounds: args.rounds,
        check(q, subject, baseline) {
          if (!baseline.length) throw new Error(`search "${q.text}" matches nothing: not a realistic query`);
          if (subject.join() === baseline.join()) return undefined;
          const missed = baseline.filter((id) => !subject.includes(id)).length;
          return `search "${q.text}": ${missed} of the scan's first ${baseline.length} matches are missing from crm.contacts.search's page of ${subject.length}`;
        },
      },
    );
    return { ...result, queries: queries.map((q) => q.text), kinds: queries.map((q) => q.kind), contacts: contacts.length, seedMs };
  } finally {
    await adapter.close?.();
    await dropDatabase(name);
  }
}
