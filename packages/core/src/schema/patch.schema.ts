import { z } from './zod.js';

/** The shape of a patch over `T`: every field optional; optional fields also take `null`, which clears them. */
export type PatchShape<T extends z.core.$ZodShape> = {
  [K in keyof T]: T[K] extends z.ZodOptional<infer Inner>
    ? z.ZodOptional<z.ZodNullable<Inner>>
    : T[K] extends z.ZodDefault<infer Inner>
      ? z.ZodOptional<Inner>
      : z.ZodOptional<T[K]>;
};

/**
 * A strict schema for partial updates of an entity whose create fields are `shape`. An absent
 * field stays as it is; `null` clears an optional field; defaults do not apply, so an absent list
 * is left alone rather than emptied.
 */
export function patchSchema<T extends z.core.$ZodShape>(shape: T): z.ZodObject<PatchShape<T>, z.core.$strict> {
  const out: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(shape)) {
    if (schema instanceof z.ZodOptional) out[key] = (schema.unwrap() as z.ZodType).nullable().optional();
    else if (schema instanceof z.ZodDefault) out[key] = (schema.unwrap() as z.ZodType).optional();
    else out[key] = (schema as unknown as z.ZodType).optional();
  }
  return z.strictObject(out) as unknown as z.ZodObject<PatchShape<T>, z.core.$strict>;
}

/** Applies a parsed patch: `null` deletes the key, `undefined` leaves it, anything else replaces it. */
export function applyPatch<T extends object>(base: T, patch: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (value !== undefined) out[key] = value;
  }
  return out as T;
}

/** The fields of `record` named in `keys` that are set, as an entity's input (for re-validation). */
export function pickDefined<T extends object, K extends keyof T>(record: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (record[key] !== undefined) out[key] = record[key];
  return out;
}
