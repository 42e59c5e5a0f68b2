import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ConflictError,
  NotFoundError,
  QuotaError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
  type RapportError,
} from '@rapport/core';
import { httpClient, type HttpClient } from './http-client.js';
import { HttpResponseError } from './http-response-error.js';
import { problem, scriptedServer, type ScriptedServer } from './scripted-server.test-support.js';

/** Problem bodies as the Rapport server writes them, by the path that answers with each. */
const answers: Record<string, { status: number; body: Record<string, unknown>; headers?: Record<string, string> }> = {
  validation: {
    status: 400,
    body: {
      code: 'validation',
      title: 'Invalid request',
      detail: 'Invalid query on contacts: where.shoeSize: Unknown field: contacts cannot be queried by "shoeSize"',
      issues: [{ path: ['where', 'shoeSize'], message: 'Unknown field: contacts cannot be queried by "shoeSize"', code: 'unknown_field' }],
    },
  },
  not_found: { status: 404, body: { code: 'not_found', detail: 'Not found: contact 42', collection: 'contacts', id: '42' } },
  version: {
    status: 412,
    body: { code: 'conflict', detail: 'Conflict: contact 42 is at version 4, not the expected 3', reason: 'version', collection: 'contacts', id: '42', expectedVersion: 3, actualVersion: 4, opIndex: 2 },
  },
  unique: { status: 409, body: { code: 'conflict', detail: 'Conflict: another company already has this domain', reason: 'unique', collection: 'companies', field: 'domain' } },
  unauthorized: { status: 401, body: { code: 'unauthorized', detail: 'Missing or unknown API key' }, headers: { 'www-authenticate': 'Bearer' } },
  rate_limited: { status: 429, body: { code: 'rate_limited', detail: 'Too many requests', retryAfter: 12 }, headers: { 'retry-after': '12' } },
  rate_limited_header: { status: 429, body: { code: 'rate_limited', detail: 'Too many requests' }, headers: { 'retry-after': '7' } },
  unavailable: { status: 503, body: { code: 'unavailable', detail: 'The database is not answering' } },
  quota: { status: 507, body: { code: 'quota', detail: 'The workspace is full' } },
  internal: { status: 500, body: { code: 'internal', detail: 'The server failed to answer this request' } },
};

describe('error mapping: each problem becomes the same core error a local adapter throws', () => {
  let server: ScriptedServer;
  let client: HttpClient;

  before(async () => {
    server = await scriptedServer((req, res) => {
      const name = req.url.split('/').pop() ?? '';
      if (name === 'html') {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
        return;
      }
      const answer = answers[name];
      if (answer) problem(res, answer.status, answer.body, answer.headers);
      else res.writeHead(500).end();
    });
    client = httpClient({ baseUrl: server.url, retry: 0 });
  });
  after(() => server.close());

  /** The error a GET of /v1/errors/<name> rejects with. */
  async function failure(name: string): Promise<RapportError> {
    try {
      await client.request({ method: 'GET', path: `errors/${name}`, collection: 'contacts', id: '42' });
    } catch (error) {
      return error as RapportError;
    }
    throw new Error('resolved');
  }

  it('validation: a ValidationError with every issue and the message core would write', async () => {
    const error = await failure('validation');
    assert.ok(error instanceof ValidationError);
    assert.deepEqual(error.issues, answers.validation?.body.issues);
    assert.equal(error.message, answers.validation?.body.detail, 'the issues are not repeated in the message');
    assert.ok(error.cause instanceof HttpResponseError);
    assert.equal(error.cause.status, 400);
  });

  it('not_found: a NotFoundError naming the collection and id', async () => {
    const error = await failure('not_found');
    assert.ok(error instanceof NotFoundError);
    assert.deepEqual([error.collection, error.id, error.message], ['contacts', '42', 'Not found: contact 42']);
  });

  it('conflict: reason, collection, id and both versions; or the unique field', async () => {
    const version = await failure('version');
    assert.ok(version instanceof ConflictError);
    assert.deepEqual([version.reason, version.collection, version.id, version.expectedVersion, version.actualVersion], ['version', 'contacts', '42', 3, 4]);
    assert.equal((version.cause as HttpResponseError).problem?.opIndex, 2, 'the failing batch op stays readable on the cause');
    const unique = await failure('unique');
    assert.ok(unique instanceof ConflictError);
    assert.deepEqual([unique.reason, unique.collection, unique.field], ['unique', 'companies', 'domain']);
  });

  it('unauthorized, quota and unavailable: their own classes', async () => {
    assert.ok((await failure('unauthorized')) instanceof UnauthorizedError);
    assert.ok((await failure('quota')) instanceof QuotaError);
    const unavailable = await failure('unavailable');
    assert.ok(unavailable instanceof UnavailableError);
    assert.equal(unavailable.message, 'The database is not answering');
  });

  it('rate_limited: a RateLimitedError with the wait from the body, else from Retry-After', async () => {
    const fromBody = await failure('rate_limited');
    assert.ok(fromBody instanceof RateLimitedError);
    assert.equal(fromBody.retryAfterMs, 12_000);
    const fromHeader = await failure('rate_limited_header');
    assert.ok(fromHeader instanceof RateLimitedError);
    assert.equal(fromHeader.retryAfterMs, 7000);
  });

  it('an internal error, or an answer that is no problem report, is unavailable with the status', async () => {
    const internal = await failure('internal');
    assert.ok(internal instanceof UnavailableError);
    assert.match(internal.message, /HTTP 500/);
    const html = await failure('html');
    assert.ok(html instanceof UnavailableError);
    assert.match(html.message, /HTTP 502 without a problem report: GET \/v1\/errors\/html/);
    assert.equal((html.cause as HttpResponseError).status, 502);
  });

  it('a server that cannot be reached is unavailable, with the network error as cause', async () => {
    const gone = await scriptedServer(() => undefined);
    const url = gone.url;
    await gone.close();
    const error = await httpClient({ baseUrl: url, retry: 0 })
      .request({ method: 'GET', path: 'contacts/1' })
      .catch((e: unknown) => e);
    assert.ok(error instanceof UnavailableError);
    assert.match(error.message, /Could not reach the server: GET \/v1\/contacts\/1/);
    assert.ok(error.cause instanceof TypeError);
  });
});
