/**
 * The record routes: each port call of one collection as HTTP, under `/v1/{collection}`. Handlers
 * only translate: the store (and core's query validation inside it) does the work.
 */
import { Hono, type Context } from 'hono';
import { ConflictError, NotFoundError, ValidationError, maxLimit, newId, type CollectionName, type StorageAdapter } from '@rapport/core';
import { postgresStore } from '../store/index.js';
import type { AppDeps, AppEnv } from './app-env.js';
import { readJsonBody, requireObject } from './body.js';
import { guardedWrite } from './guarded-write.js';
import { etagOf, noneMatchHits, writePrecondition, type WritePrecondition } from './preconditions.js';
import { withProblem } from './problem.js';
import { collectionPattern, validateRecord } from './record-validation.js';

/** The route pattern of one collection. */
export const collectionPath = `/v1/:collection{${collectionPattern}}`;

/** The most ids one `POST /v1/{c}/get` takes. */
export const maxGetManyIds = 1000;

function collectionOf(c: Context<AppEnv>): CollectionName {
  return c.req.param('collection') as CollectionName;
}

function storeOf(c: Context<AppEnv>, deps: AppDeps): StorageAdapter {
  return postgresStore({ sql: deps.sql, workspaceId: c.get('workspaceId') });
}

/** A JSON response with a record's `ETag`. */
function recordResponse(record: { version: number }, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(record), { status, headers: { 'Content-Type': 'application/json', ETag: etagOf(record.version), ...headers } });
}

/** A version conflict that came from a precondition header is a 412, not a 409. */
function asPreconditionFailure(error: unknown, precondition: WritePrecondition): unknown {
  if (precondition.kind === 'none') return error;
  return error instanceof ConflictError && error.reason === 'version' ? withProblem(error, { status: 412 }) : error;
}

/** `limit` and `cursor` of a list request; anything else in the query string is refused by name. */
function listQuery(c: Context<AppEnv>): { limit?: number; cursor?: string } {
  const params = new URL(c.req.url).searchParams;
  const issues = [...new Set(params.keys())].filter((name) => name !== 'limit' && name !== 'cursor').map((name) => ({ path: [name], message: 'Unknown query parameter', code: 'unknown_field' }));
  const limitText = params.get('limit');
  const limit = limitText === null ? undefined : Number(limitText);
  if (limit !== undefined && (!/^\d{1,4}$/.test(limitText!) || limit < 1 || limit > maxLimit)) {
    issues.push({ path: ['limit'], message: `Must be an integer from 1 to ${maxLimit}`, code: 'too_big' });
  }
  if (issues.length) throw new ValidationError('Invalid list query', issues);
  const cursor = params.get('cursor');
  return { ...(limit !== undefined ? { limit } : {}), ...(cursor !== null ? { cursor } : {}) };
}

/** The ids of a `POST /v1/{c}/get` body. */
function idsOf(body: unknown): string[] {
  const object = requireObject(body, 'get body');
  const unknown = Object.keys(object).filter((key) => key !== 'ids');
  if (unknown.length) throw new ValidationError('Invalid get body', unknown.map((key) => ({ path: [key], message: 'Unknown field', code: 'unknown_field' })));
  const ids = object.ids;
  if (!Array.isArray(ids)) throw new ValidationError('Invalid get body', [{ path: ['ids'], message: 'Must be an array of ids', code: 'invalid_type' }]);
  if (ids.length > maxGetManyIds) throw new ValidationError('Invalid get body', [{ path: ['ids'], message: `At most ${maxGetManyIds} ids`, code: 'too_big' }]);
  const wrong = ids.flatMap((id, i) => (typeof id === 'string' ? [] : [{ path: ['ids', i], message: 'Must be a string', code: 'invalid_type' }]));
  if (wrong.length) throw new ValidationError('Invalid get body', wrong);
  return ids as string[];
}

/**
 * The record routes of every collection.
 *
 * @example
 * app.route('/', recordsRoutes(deps));
 */
export function recordsRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const body = (c: Context<AppEnv>, empty?: unknown) => readJsonBody(c, { limit: deps.bodyLimit, ...(empty !== undefined ? { empty } : {}) });

  routes.get(collectionPath, async (c) => {
    const page = await storeOf(c, deps).collection(collectionOf(c)).query({ orderBy: { field: 'id' }, ...listQuery(c) });
    return c.json(page);
  });

  routes.post(`${collectionPath}/get`, async (c) => {
    const ids = idsOf((await body(c)).value);
    const items = await storeOf(c, deps).collection(collectionOf(c)).getMany(ids);
    return c.json({ items: items.map((item) => item ?? null) });
  });

  routes.post(`${collectionPath}/query`, async (c) => {
    const query = requireObject((await body(c, {})).value, 'query');
    return c.json(await storeOf(c, deps).collection(collectionOf(c)).query(query));
  });

  routes.post(`${collectionPath}/count`, async (c) => {
    const query = requireObject((await body(c, {})).value, 'count query');
    return c.json({ count: await storeOf(c, deps).collection(collectionOf(c)).count(query) });
  });

  routes.post(collectionPath, async (c) => {
    const collection = collectionOf(c);
    const { value, text } = await body(c);
    const record = validateRecord(collection, value, { newId: newId() });
    return guardedWrite(c, deps.sql, text, async (store) => {
      const stored = await store.collection(collection).put(record, { expectedVersion: 0 });
      return { status: 201, body: stored, headers: { ETag: etagOf(stored.version), Location: `/v1/${collection}/${encodeURIComponent(stored.id)}` } };
    });
  });

  routes.get(`${collectionPath}/:id`, async (c) => {
    const collection = collectionOf(c);
    const id = c.req.param('id');
    const record = await storeOf(c, deps).collection(collection).get(id);
    if (!record) throw new NotFoundError(collection, id);
    if (noneMatchHits(c.req.header('if-none-match'), record.version)) return new Response(null, { status: 304, headers: { ETag: etagOf(record.version) } });
    return recordResponse(record, 200);
  });

  routes.put(`${collectionPath}/:id`, async (c) => {
    const collection = collectionOf(c);
    const id = c.req.param('id');
    const precondition = writePrecondition(c.req.header('if-match'), c.req.header('if-none-match'), { allowNoneMatch: true });
    const record = validateRecord(collection, (await body(c)).value, { pathId: id });
    const store = storeOf(c, deps);
    try {
      const stored = await store.transaction([collection], async (scope) => {
        const records = scope.collection(collection);
        if (precondition.kind === 'none') return records.put(record);
        if (precondition.kind === 'version') return records.put(record, { expectedVersion: precondition.expectedVersion });
        const current = await records.get(id);
        if (!current) throw new NotFoundError(collection, id);
        return records.put(record, { expectedVersion: current.version });
      });
      return recordResponse(stored, stored.version === 1 ? 201 : 200);
    } catch (error) {
      throw asPreconditionFailure(error, precondition);
    }
  });

  routes.delete(`${collectionPath}/:id`, async (c) => {
    const collection = collectionOf(c);
    const id = c.req.param('id');
    const precondition = writePrecondition(c.req.header('if-match'), c.req.header('if-none-match'), { allowNoneMatch: false });
    const store = storeOf(c, deps);
    try {
      const deleted = await store.transaction([collection], async (scope) => {
        const records = scope.collection(collection);
        if (precondition.kind === 'none') return records.delete(id);
        if (precondition.kind === 'version') return records.delete(id, { expectedVersion: precondition.expectedVersion });
        const current = await records.get(id);
        return current ? records.delete(id, { expectedVersion: current.version }) : false;
      });
      if (!deleted) throw new NotFoundError(collection, id);
      return c.body(null, 204);
    } catch (error) {
      throw asPreconditionFailure(error, precondition);
    }
  });

  return routes;
}

