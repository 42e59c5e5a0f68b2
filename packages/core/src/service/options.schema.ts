import { z } from '../schema/zod.js';
import { expectedVersionSchema, idSchema } from '../schema/common.schema.js';
import { ValidationError } from '../errors.js';
import { parseInput } from '../validation.js';

const signalSchema = z.custom<AbortSignal>((value) => typeof AbortSignal !== 'undefined' && value instanceof AbortSignal, {
  message: 'Must be an AbortSignal',
});

/** Options of a read: a signal to cancel it, and whether soft-deleted records count. */
export const readOptionsSchema = z
  .strictObject({ signal: signalSchema.optional(), includeDeleted: z.boolean().optional() })
  .optional();

/** Options of a read. */
export interface ServiceReadOptions {
  /** Cancels the read. */
  signal?: AbortSignal;
  /** Also return records that were deleted (soft-deleted) but not purged. */
  includeDeleted?: boolean;
}

/** Options of a write: the version the caller last read. */
export const writeOptionsSchema = z.strictObject({ expectedVersion: expectedVersionSchema.optional() }).optional();

/** Options of a write. */
export interface ServiceWriteOptions {
  /** Fail with a `ConflictError` unless the record is still at this version. */
  expectedVersion?: number;
}

/** Validates an id argument; the error names `field`. */
export function parseId(value: unknown, what: string, field = 'id'): string {
  const result = idSchema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(`Invalid ${what}`, [{ path: [field], message: 'Must be a UUID', code: 'invalid_format' }]);
}

/** Validates read options. */
export function parseReadOptions(options: unknown): ServiceReadOptions {
  return parseInput(readOptionsSchema, options, 'read options') ?? {};
}

/** Validates write options. */
export function parseWriteOptions(options: unknown): ServiceWriteOptions {
  return parseInput(writeOptionsSchema, options, 'write options') ?? {};
}
