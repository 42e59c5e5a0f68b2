/**
 * Versions as HTTP entity tags: a record's `ETag` is its version in quotes, `If-Match: "<n>"`
 * is the port's `expectedVersion: n` and `If-None-Match: *` its `expectedVersion: 0`.
 */
import { ValidationError } from '@rapport/core';

/** The entity tag of a record at `version`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

function invalid(header: string, message: string): ValidationError {
  return new ValidationError(`Invalid ${header}`, [{ path: [header], message, code: 'invalid_format' }]);
}

/** The tags of an `If-Match`/`If-None-Match` list, weak markers dropped; `'*'` for a wildcard. */
function tagsOf(header: string): string[] | '*' {
  if (header.trim() === '*') return '*';
  return header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
}

/** The version an entity tag names, or `undefined` when it is not `"<n>"`. */
function versionOf(tag: string): number | undefined {
  const match = /^"(\d{1,15})"$/.exec(tag);
  return match ? Number(match[1]) : undefined;
}

/** A write's precondition, from `If-Match`/`If-None-Match`. */
export type WritePrecondition =
  /** No header: the write is unconditional. */
  | { kind: 'none' }
  /** `If-Match: "<n>"` or `If-None-Match: *`: the port's `expectedVersion`. */
  | { kind: 'version'; expectedVersion: number }
  /** `If-Match: *`: the record must exist, whatever its version. */
  | { kind: 'exists' };

/**
 * The precondition of a write. A 400 names the header when it is not one the API understands:
 * `If-Match` takes one `"<version>"` (or `*`), `If-None-Match` only `*`, and not both at once.
 */
export function writePrecondition(ifMatch: string | undefined, ifNoneMatch: string | undefined, options: { allowNoneMatch: boolean }): WritePrecondition {
  if (ifMatch !== undefined && ifNoneMatch !== undefined) throw invalid('If-Match', 'Send If-Match or If-None-Match, not both');
  if (ifNoneMatch !== undefined) {
    if (!options.allowNoneMatch || tagsOf(ifNoneMatch) !== '*') throw invalid('If-None-Match', 'Only If-None-Match: * (create only) is supported on writes');
    return { kind: 'version', expectedVersion: 0 };
  }
  if (ifMatch === undefined) return { kind: 'none' };
  const tags = tagsOf(ifMatch);
  if (tags === '*') return { kind: 'exists' };
  const version = tags.length === 1 ? versionOf(tags[0]!) : undefined;
  if (version === undefined || version < 1) throw invalid('If-Match', 'Must be one entity tag "<version>", such as "3"');
  return { kind: 'version', expectedVersion: version };
}

/** Whether `If-None-Match` on a read matches the record at `version` (the answer is then 304). */
export function noneMatchHits(ifNoneMatch: string | undefined, version: number): boolean {
  if (ifNoneMatch === undefined) return false;
  const tags = tagsOf(ifNoneMatch);
  return tags === '*' || tags.some((tag) => versionOf(tag) === version);
}
