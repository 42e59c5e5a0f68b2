/**
 * The order of group keys in report rows: strings by UTF-16 code unit (as the storage port sorts
 * them, whatever the locale), and `null` (no owner, no source) last.
 *
 * @example
 * ['user-b', null, 'user-a'].sort(compareKeys); // ['user-a', 'user-b', null]
 */
export function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
