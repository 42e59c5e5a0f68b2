/**
 * Parameters several reports share, and the check of the arrays a report is computed from.
 * Each report's own params schema (in its file) is a strict object built from these pieces.
 */
import { z } from '../schema/zod.js';
import { externalIdSchema, idSchema } from '../schema/common.schema.js';
import { maxLimit } from '../storage/query.js';
import { ValidationError } from '../errors.js';

/** Narrows a report to one pipeline's deals. */
export const pipelineIdParam = idSchema.optional();

/** Narrows a report to one owner's deals (or interactions). */
export const ownerIdParam = externalIdSchema.optional();

/** How many rows a ranked report returns at most, 1 to 1,000 (default: all). */
export const limitParam = z
  .int({ message: `Must be a whole number from 1 to ${maxLimit}` })
  .min(1, { message: `Must be a whole number from 1 to ${maxLimit}` })
  .max(maxLimit, { message: `Must be a whole number from 1 to ${maxLimit}` })
  .optional();

/**
 * Checks that `data` holds an array under each of `names`, so a report given the wrong data
 * fails with a ValidationError naming the array rather than a TypeError half-way through. The
 * records themselves are trusted: they come from a store that validated them.
 */
export function checkData(data: unknown, names: readonly string[], what: string): void {
  const issues = names
    .filter((name) => typeof data !== 'object' || data === null || !Array.isArray((data as Record<string, unknown>)[name]))
    .map((name) => ({ path: [name], message: `Must be a list of ${name}`, code: 'invalid_type' }));
  if (issues.length) throw new ValidationError(`Invalid ${what}`, issues);
}
