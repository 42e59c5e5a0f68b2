import type { CollectionName, RecordMap } from './collections.js';

/** The most tokens of a search string that count; the rest are ignored. */
export const maxSearchTokens = 8;

/**
 * Splits text into lower-case, accent-free words: `"Zoë O'Neil-Smith"` → `['zoe', 'o', 'neil', 'smith']`.
 * Records and search strings go through the same function, so matching is symmetric.
 */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

/**
 * The words a record is found by: for contacts their names, title, email addresses and company
 * name; for companies their name and domain. Every adapter indexes exactly these tokens.
 */
export function searchTokens<N extends CollectionName>(collection: N, record: RecordMap[N]): string[] {
  const parts: (string | undefined)[] = [];
  if (collection === 'contacts') {
    const c = record as RecordMap['contacts'];
    parts.push(c.firstName, c.lastName, c.title, c.companyName, ...c.emails);
  } else if (collection === 'companies') {
    const c = record as RecordMap['companies'];
    parts.push(c.name, c.domain);
  }
  const tokens = new Set<string>();
  for (const part of parts) if (part) for (const token of tokenize(part)) tokens.add(token);
  return [...tokens];
}

/** Whether every query token is a prefix of one of the record's tokens. */
export function matchesSearch(recordTokens: readonly string[], queryTokens: readonly string[]): boolean {
  return queryTokens.every((q) => recordTokens.some((t) => t.startsWith(q)));
}
