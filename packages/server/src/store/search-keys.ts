/**
 * Text search on a GIN index. Core's rule: every query token must be a prefix of one of the
 * record's tokens. A GIN index over `text[]` answers containment (`@>`), not prefixes, so a record
 * stores every prefix of each of its tokens as a key: "is `q` a prefix of a token" becomes "is `q`
 * a key", exactly.
 *
 * Prefixes are stored up to {@link prefixKeyLength} characters, which keeps the keys of a long
 * word few; a longer token is stored whole as well (cut at {@link longKeyLength}, more than a
 * search string may hold). A query token longer than {@link prefixKeyLength} is then looked up by
 * its first {@link prefixKeyLength} characters on the index and checked with `starts_with`
 * against the stored keys, which still holds every long token.
 */
import { searchTokens, type CollectionName, type RecordMap } from '@rapport/core';

/** Prefixes up to this many characters (code points) are keys. */
export const prefixKeyLength = 32;
/** A long token is kept as a key cut to this many characters; core caps a search at 200. */
export const longKeyLength = 256;

/** The search keys of a record, or `null` when its collection has no search. */
export function searchKeysOf(collection: CollectionName, record: Record<string, unknown>): string[] | null {
  if (collection !== 'contacts' && collection !== 'companies') return null;
  const keys = new Set<string>();
  for (const token of searchTokens(collection, searchableView(collection, record))) {
    let prefix = '';
    let length = 0;
    for (const char of token) {
      if (length === prefixKeyLength) break;
      prefix += char;
      length++;
      keys.add(prefix);
    }
    if (length === prefixKeyLength && token.length > prefix.length) keys.add(Array.from(token).slice(0, longKeyLength).join(''));
  }
  return [...keys];
}

/**
 * The fields core's `searchTokens` reads, each only when it has the type the schema gives it, so
 * that a malformed record is stored (as the memory adapter does) instead of throwing here.
 */
function searchableView(collection: 'contacts' | 'companies', record: Record<string, unknown>): RecordMap[typeof collection] {
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  if (collection === 'companies') return { name: text('name'), domain: text('domain') } as unknown as RecordMap['companies'];
  const emails = Array.isArray(record.emails) ? record.emails.filter((e): e is string => typeof e === 'string') : [];
  return {
    firstName: text('firstName'),
    lastName: text('lastName'),
    title: text('title'),
    companyName: text('companyName'),
    emails,
  } as unknown as RecordMap['contacts'];
}

/** How a query looks up its search tokens: the ones the index answers exactly, and the long ones. */
export interface SearchLookup {
  /** Tokens that must each be a key. */
  readonly keys: string[];
  /** Long tokens: their first {@link prefixKeyLength} characters must be a key, and a key must start with them. */
  readonly long: { readonly key: string; readonly token: string }[];
}

/** Splits a query's search tokens (lower-case, from core's `tokenize`) by how they are looked up. */
export function searchLookup(tokens: readonly string[]): SearchLookup {
  const keys: string[] = [];
  const long: { key: string; token: string }[] = [];
  for (const token of tokens) {
    const chars = Array.from(token);
    if (chars.length <= prefixKeyLength) keys.push(token);
    else long.push({ key: chars.slice(0, prefixKeyLength).join(''), token });
  }
  return { keys, long };
}
