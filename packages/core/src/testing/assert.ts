/**
 * The few assertions the conformance suite needs, with no dependency on `node:assert`, so the
 * suite runs the same under node:test and under mocha in a browser. Exported for adapter authors'
 * own suites that must run in both.
 */
import { isRapportError, type ErrorCode, type RapportError } from '../errors.js';

/** Thrown when a conformance check fails. */
export class ConformanceFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceFailure';
  }
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Structural equality of JSON-like data; key order does not matter, `undefined` members are ignored. */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => isDeepEqual(v, b[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => isDeepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Fails with `message` unless `condition` holds. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceFailure(message);
}

/** Fails unless `actual` deep-equals `expected` (see {@link isDeepEqual}); `what` names the value. */
export function assertEqual<T>(actual: T, expected: T, what: string): void {
  if (!isDeepEqual(actual, expected)) throw new ConformanceFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/** Awaits `promise` and checks that it rejects with a Rapport error of `code`; returns the error. */
export async function assertRejects(promise: Promise<unknown>, code: ErrorCode, what: string): Promise<RapportError> {
  try {
    await promise;
  } catch (error) {
    if (isRapportError(error, code)) return error;
    throw new ConformanceFailure(`${what}: expected a RapportError with code "${code}", got ${error instanceof Error ? `${error.name}: ${error.message}` : show(error)}`);
  }
  throw new ConformanceFailure(`${what}: expected a rejection with code "${code}", but it resolved`);
}

/** Waits until `condition()` holds, polling, or fails after `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new ConformanceFailure(`${what}: not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
