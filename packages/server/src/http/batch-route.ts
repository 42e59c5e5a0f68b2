/**
 * `POST /v1/batch`: puts and deletes across collections in one PostgreSQL transaction, all or
 * nothing. The whole body is validated before anything is written; a failing op rolls the batch
 * back and its problem names the op (`opIndex`). The change feed sees the batch as one transaction.
 */
import { Hono } from 'hono';
import { ValidationError, isCollectionName, type CollectionName, type StoredRecord, type ValidationIssue, type WriteRecord } from '@rapport/core';
import type { AppDeps, AppEnv } from './app-env.js';
import { isJsonObject, readJsonBody, requireObject } from './body.js';
import { guardedWrite } from './guarded-write.js';
import { withProblem } from './problem.js';
import { validateRecord } from './record-validation.js';

/** The most ops one batch takes. */
export const maxBatchOps = 1000;

/** One op of a batch, validated. */
export type BatchOp =
  | { op: 'put'; collection: CollectionName; record: WriteRecord<StoredRecord>; expectedVersion?: number }
  | { op: 'delete'; collection: CollectionName; id: string; expectedVersion?: number };

/** What one op gives back. */
export type BatchResult = { record: StoredRecord } | { deleted: boolean };

const opFields = { put: ['op', 'collection', 'record', 'expectedVersion'], delete: ['op', 'collection', 'id', 'expectedVersion'] } as const;

/** Throws a ValidationError carrying the index of the op it is about. */
function opError(index: number, issues: ValidationIssue[]): never {
  throw withProblem(new ValidationError(`Invalid batch op ${index}`, issues), { opIndex: index });
}

/** Validates one op; issue paths start at the body's root (`['ops', 2, 'record', 'emails', 0]`). */
function parseOp(raw: unknown, index: number): BatchOp {
  const at = ['ops', index];
  if (!isJsonObject(raw)) opError(index, [{ path: at, message: 'Must be a JSON object', code: 'invalid_type' }]);
  const op = raw.op;
  if (op !== 'put' && op !== 'delete') opError(index, [{ path: [...at, 'op'], message: 'Must be put or delete', code: 'invalid_value' }]);
  const issues: ValidationIssue[] = Object.keys(raw)
    .filter((key) => !(opFields[op] as readonly string[]).includes(key))
    .map((key) => ({ path: [...at, key], message: 'Unknown field', code: 'unknown_field' }));
  const collection = raw.collection;
  if (!isCollectionName(collection)) issues.push({ path: [...at, 'collection'], message: 'Must be a collection name', code: 'invalid_value' });
  const expectedVersion = raw.expectedVersion;
  if (expectedVersion !== undefined && !(Number.isSafeInteger(expectedVersion) && (expectedVersion as number) >= 0)) {
    issues.push({ path: [...at, 'expectedVersion'], message: 'Must be an integer of 0 or more', code: 'invalid_type' });
  }
  if (op === 'delete' && typeof raw.id !== 'string') issues.push({ path: [...at, 'id'], message: 'Must be a string', code: 'invalid_type' });
  if (issues.length) opError(index, issues);
  const version = expectedVersion === undefined ? {} : { expectedVersion: expectedVersion as number };
  const name = collection as CollectionName;
  if (op === 'delete') return { op, collection: name, id: raw.id as string, ...version };
  try {
    return { op, collection: name, record: validateRecord(name, raw.record, { at: [...at, 'record'] }) as WriteRecord<StoredRecord>, ...version };
  } catch (error) {
    throw withProblem(error, { opIndex: index });
  }
}

/** The ops of a batch body, every one validated. */
export function parseBatch(body: unknown): BatchOp[] {
  const object = requireObject(body, 'batch');
  const unknown = Object.keys(object).filter((key) => key !== 'ops');
  if (unknown.length) throw new ValidationError('Invalid batch', unknown.map((key) => ({ path: [key], message: 'Unknown field', code: 'unknown_field' })));
  if (!Array.isArray(object.ops)) throw new ValidationError('Invalid batch', [{ path: ['ops'], message: 'Must be an array of ops', code: 'invalid_type' }]);
  if (object.ops.length > maxBatchOps) throw new ValidationError('Invalid batch', [{ path: ['ops'], message: `At most ${maxBatchOps} ops`, code: 'too_big' }]);
  return object.ops.map(parseOp);
}

/**
 * The batch route.
 *
 * @example
 * app.route('/', batchRoute(deps));
 */
export function batchRoute(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post('/v1/batch', async (c) => {
    const { value, text } = await readJsonBody(c, { limit: deps.bodyLimit });
    const ops = parseBatch(value);
    return guardedWrite(c, deps.sql, text, async (store) => {
      const results: BatchResult[] = [];
      for (const [index, op] of ops.entries()) {
        try {
          const records = store.collection(op.collection);
          const options = op.expectedVersion === undefined ? undefined : { expectedVersion: op.expectedVersion };
          results.push(op.op === 'put' ? { record: await records.put(op.record as never, options) } : { deleted: await records.delete(op.id, options) });
        } catch (error) {
          throw withProblem(error, { opIndex: index });
        }
      }
      return { status: 200, body: { results } };
    });
  });
  return routes;
}
