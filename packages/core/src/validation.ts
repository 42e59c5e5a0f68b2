import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './errors.js';

/**
 * Parses `input` with `schema` and returns the typed result, or throws a {@link ValidationError}
 * that names every offending field. `what` completes the message: "Invalid <what>".
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(`Invalid ${what}`, toIssues(result.error.issues), { cause: result.error });
}

/** zod's issues as Rapport's: one issue per unknown key, paths of strings and numbers only. */
export function toIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: 'Unknown field', code: 'unknown_field' });
    } else {
      out.push({ path, message: issue.message, code: issue.code });
    }
  }
  return out;
}

/** A ValidationError about one field, for rules that live in services rather than schemas. */
export function fieldError(what: string, path: readonly (string | number)[], message: string, code = 'invalid'): ValidationError {
  return new ValidationError(`Invalid ${what}`, [{ path, message, code }]);
}

/**
 * Whether `value` is a plain object, as queries must be. A Date, a Map or a class instance is not:
 * spread into a query it would become `{}`, which lists everything.
 */
export function isObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
