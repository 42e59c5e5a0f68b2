import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { untilFreshWindow } from '../../../server/src/http/leads/leads.test-support.js';
import { createServer, type RapportServer } from '../../../server/src/server.js';
import { leadsUrl, sendToEndpoint, type SendOutcome } from './lead-endpoint.js';

const formOrigin = 'https://forms.example.com';

/** The global fetch, sending `Origin` as a browser on `origin` would (Node sends none by itself). */
function fetchFrom(origin: string): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('Origin', origin);
    return fetch(input, { ...init, headers });
  };
}

/** A submission as the form writes it; `fields` override. */
function leadText(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ email: 'ada@example.com', firstName: 'Ada', message: 'Call me', honeypot: '', startedAt: new Date(Date.now() - 10_000).toISOString(), ...fields });
}

function entry(fields: Record<string, unknown> = {}): { id: string; body: string } {
  return { id: randomUUID(), body: leadText(fields) };
}

function assertRefused(outcome: SendOutcome, status: number, code: string): Extract<SendOutcome, { kind: 'refused' }> {
  assert.equal(outcome.kind, 'refused', JSON.stringify(outcome));
  assert.equal(outcome.problem.status, status);
  assert.equal(outcome.problem.code, code);
  assert.ok(outcome.problem.title.length > 0);
  return outcome;
}

/** A reference server with one workspace, an API key to read it, and a form key for {@link formOrigin}. */
async function startReference(leads: { perIpPerMinute: number; perKeyPerMinute: number }) {
  const server = await createServer({ log: false, leads });
  const { url } = await server.listen(0, '127.0.0.1');
  const workspaceId = await server.admin.createWorkspace('Leads');
  const apiKey = await server.admin.createApiKey(workspaceId, 'test');
  const formKey = await server.admin.createFormKey(workspaceId, { allowedOrigins: [formOrigin], minFillMs: 0 });
  return { server, url, workspaceId, apiKey, formKey };
}

describe('sendToEndpoint, against the reference server', () => {
  let ref: Awaited<ReturnType<typeof startReference>>;
  const send = (e: { id: string; body: string }, formKey = ref.formKey, origin = formOrigin) => sendToEndpoint(e, ref.url, formKey, { fetch: fetchFrom(origin) });
  const api = async (path: string) => {
    const response = await fetch(`${ref.url}${path}`, { headers: { Authorization: `Bearer ${ref.apiKey}` } });
    assert.equal(response.status, 200, path);
    return (await response.json()) as Record<string, unknown>;
  };
  /** Contacts and interactions the workspace holds, read from the server's database. */
  const stored = async () => {
    const rows = await ref.server.sql.query<{ collection: string; n: number }>('SELECT collection, count(*)::int AS n FROM records WHERE workspace_id = $1 GROUP BY collection', [ref.workspaceId]);
    const count = (c: string) => rows.find((r) => r.collection === c)?.n ?? 0;
    return { contacts: count('contacts'), interactions: count('interactions') };
  };

  before(async () => {
    ref = await startReference({ perIpPerMinute: 10_000, perKeyPerMinute: 10_000 });
  });
  after(() => ref.server.close());

  it('delivers a lead: the contact and its submission are stored', async () => {
    const outcome = await send(entry({ email: 'grace@example.com', firstName: 'Grace' }));
    assert.equal(outcome.kind, 'delivered', JSON.stringify(outcome));
    assert.equal(outcome.result.created, true);
    assert.equal(outcome.result.replayed, false);
    const contact = await api(`/v1/contacts/${outcome.result.contactId}`);
    assert.deepEqual(contact.emails, ['grace@example.com']);
    assert.equal(contact.firstName, 'Grace');
    const interaction = await api(`/v1/interactions/${outcome.result.interactionId}`);
    assert.equal(interaction.type, 'formSubmission');
    assert.equal(interaction.contactId, outcome.result.contactId);
  });

  it('stores an entry sent twice once: the second delivery is a replay', async () => {
    const e = entry({ email: 'twice@example.com' });
    const before = await stored();
    const first = await send(e);
    const second = await send(e);
    assert.equal(first.kind, 'delivered');
    assert.equal(second.kind, 'delivered');
    assert.equal(second.result.replayed, true);
    assert.deepEqual({ ...second.result, replayed: false }, first.result);
    assert.deepEqual(await stored(), { contacts: before.contacts + 1, interactions: before.interactions + 1 });
  });

  it('refuses the same id with another body (so a body must never change between retries)', async () => {
    const e = entry({ email: 'changed@example.com' });
    assert.equal((await send(e)).kind, 'delivered');
    const outcome = assertRefused(await send({ id: e.id, body: leadText({ email: 'changed@example.com', firstName: 'Someone' }) }), 422, 'validation');
    assert.deepEqual(
      outcome.problem.issues.map((i) => i.path),
      [['Idempotency-Key']],
    );
  });

  it('refuses a filled-in honeypot with 422 naming the field, and stores nothing', async () => {
    const before = await stored();
    const outcome = assertRefused(await send(entry({ email: 'bot@example.com', honeypot: 'http://spam.example' })), 422, 'validation');
    assert.deepEqual(
      outcome.problem.issues.map((i) => i.path),
      [['honeypot']],
    );
    assert.deepEqual(await stored(), before);
  });

  it('refuses a form submitted faster than the key allows', async () => {
    const patient = await ref.server.admin.createFormKey(ref.workspaceId, { allowedOrigins: [formOrigin], minFillMs: 60_000 });
    const outcome = assertRefused(await send(entry({ email: 'quick@example.com' }), patient), 422, 'validation');
    assert.deepEqual(
      outcome.problem.issues.map((i) => i.path),
      [['startedAt']],
    );
  });

  it('refuses an invalid lead with 400 naming the fields', async () => {
    const outcome = assertRefused(await send(entry({ email: 'not-an-email', favouriteColour: 'blue' })), 400, 'validation');
    assert.deepEqual(outcome.problem.issues.map((i) => i.path.join('.')).sort(), ['email', 'favouriteColour']);
  });

  it('refuses an unknown form key with 401', async () => {
    assertRefused(await send(entry(), `fk_${'A'.repeat(43)}`), 401, 'unauthorized');
  });

  it('refuses an origin the form key does not allow with 403', async () => {
    // Node can read this answer; a browser could not (no CORS headers) and would see a network error.
    assertRefused(await send(entry(), ref.formKey, 'https://evil.example'), 403, 'unauthorized');
  });
});

describe('sendToEndpoint, rate limited by the reference server', () => {
  let ref: Awaited<ReturnType<typeof startReference>>;
  before(async () => {
    ref = await startReference({ perIpPerMinute: 10_000, perKeyPerMinute: 2 });
  });
  after(() => ref.server.close());

  it('retries a 429 after the Retry-After the server gives', async () => {
    await untilFreshWindow(ref.server.sql);
    const send = (n: number) => sendToEndpoint(entry({ email: `lead${n}@example.com` }), ref.url, ref.formKey, { fetch: fetchFrom(formOrigin) });
    assert.equal((await send(1)).kind, 'delivered');
    assert.equal((await send(2)).kind, 'delivered');
    const limited = await send(3);
    assert.equal(limited.kind, 'retry', JSON.stringify(limited));
    assert.equal(limited.problem?.status, 429);
    assert.equal(limited.problem?.code, 'rate_limited');
    assert.ok(limited.retryAfterMs !== undefined && limited.retryAfterMs >= 1000 && limited.retryAfterMs <= 60_000, String(limited.retryAfterMs));
  });
});

describe('sendToEndpoint, against other answers', () => {
  let server: Server;
  let url: string;
  const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

  before(async () => {
    server = createHttpServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '';
        received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (path === '/echo/v1/leads') {
          response.writeHead(201, { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' });
          response.end(JSON.stringify({ contactId: 'c1', created: false, interactionId: 'i1' }));
        } else if (path === '/busy/v1/leads') {
          response.writeHead(503, { 'Content-Type': 'text/html', 'Retry-After': '7' });
          response.end('<html><body><h1>Down for maintenance</h1></body></html>');
        } else if (path === '/later/v1/leads') {
          response.writeHead(429, { 'Retry-After': new Date(Date.now() + 30_000).toUTCString() });
          response.end();
        } else if (path === '/portal/v1/leads') {
          response.writeHead(200, { 'Content-Type': 'text/html' });
          response.end('<!doctype html><title>Sign in to the Wi-Fi</title>');
        } else if (path === '/plain/v1/leads') {
          response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
          response.end('  Bad request: no such form\n');
        } else if (path === '/stall/v1/leads') {
          // Never answers.
        } else {
          response.writeHead(404, { 'Content-Type': 'text/html' });
          response.end('<h1>Not found</h1>');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the body byte for byte, with the form key and the entry id as Idempotency-Key', async () => {
    const e = { id: '0196f1c2-7a3b-7c4d-8e5f-0a1b2c3d4e5f', body: '{"email":"ada@example.com", "message":"Grüße ✓"}' };
    const outcome = await sendToEndpoint(e, `${url}/echo`, 'fk_key');
    assert.deepEqual(outcome, { kind: 'delivered', result: { contactId: 'c1', created: false, interactionId: 'i1', replayed: true } });
    const request = received.filter((r) => r.path === '/echo/v1/leads').at(-1);
    assert.equal(request?.body, e.body);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['rapport-form-key'], 'fk_key');
    assert.equal(request.headers['idempotency-key'], e.id);
    assert.equal(request.headers.cookie, undefined);
  });

  it('retries a 503 after its Retry-After in seconds, without showing its HTML', async () => {
    const outcome = await sendToEndpoint(entry(), `${url}/busy`, 'fk_key');
    assert.deepEqual(outcome, { kind: 'retry', retryAfterMs: 7000, problem: { status: 503, code: 'http_503', title: 'Service Unavailable', issues: [] } });
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    const outcome = await sendToEndpoint(entry(), `${url}/later`, 'fk_key');
    assert.equal(outcome.kind, 'retry');
    assert.ok(outcome.retryAfterMs !== undefined && outcome.retryAfterMs > 28_000 && outcome.retryAfterMs <= 30_000, String(outcome.retryAfterMs));
  });

  it('retries a 200 that is not the endpoint’s answer (a captive portal): the lead may not be stored', async () => {
    const outcome = await sendToEndpoint(entry(), `${url}/portal`, 'fk_key');
    assert.equal(outcome.kind, 'retry');
    assert.equal(outcome.problem?.status, 200);
    assert.equal(outcome.problem?.code, 'http_200');
    assert.equal(outcome.retryAfterMs, undefined);
  });

  it('refuses a 400 in plain text, with the text as the title', async () => {
    const outcome = await sendToEndpoint(entry(), `${url}/plain`, 'fk_key');
    assert.deepEqual(outcome, { kind: 'refused', problem: { status: 400, code: 'http_400', title: 'Bad request: no such form', issues: [] } });
  });

  it('refuses a 404 (a wrong endpoint)', async () => {
    assertRefused(await sendToEndpoint(entry(), `${url}/nowhere`, 'fk_key'), 404, 'http_404');
  });

  it('retries after a timeout', async () => {
    const outcome = await sendToEndpoint(entry(), `${url}/stall`, 'fk_key', { timeoutMs: 200 });
    assert.equal(outcome.kind, 'retry');
    assert.equal(outcome.problem?.status, 0);
    assert.equal(outcome.problem?.code, 'timeout');
  });

  it('retries when nothing listens on the port', async () => {
    const closed = createHttpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await sendToEndpoint(entry(), `http://127.0.0.1:${port}`, 'fk_key');
    assert.equal(outcome.kind, 'retry');
    assert.equal(outcome.problem?.status, 0);
    assert.equal(outcome.problem?.code, 'network');
  });

  it('rejects with a TypeError for an endpoint that is not an http(s) URL', async () => {
    await assert.rejects(sendToEndpoint(entry(), 'crm.example.com', 'fk_key'), TypeError);
  });
});

describe('leadsUrl', () => {
  it('appends /v1/leads to a base URL, keeping a path prefix and a URL that already ends in it', () => {
    const cases: [string, string][] = [
      ['https://crm.example.com', 'https://crm.example.com/v1/leads'],
      ['https://crm.example.com/', 'https://crm.example.com/v1/leads'],
      ['http://127.0.0.1:8787', 'http://127.0.0.1:8787/v1/leads'],
      ['https://example.com/rapport', 'https://example.com/rapport/v1/leads'],
      ['https://example.com/rapport/', 'https://example.com/rapport/v1/leads'],
      ['https://crm.example.com/v1/leads', 'https://crm.example.com/v1/leads'],
      ['https://crm.example.com/v1/leads/', 'https://crm.example.com/v1/leads'],
      ['https://example.com/api/v1/leads', 'https://example.com/api/v1/leads'],
      ['https://example.com/api?tenant=a#top', 'https://example.com/api/v1/leads?tenant=a'],
      ['HTTPS://CRM.Example.COM', 'https://crm.example.com/v1/leads'],
    ];
    for (const [endpoint, expected] of cases) assert.equal(leadsUrl(endpoint), expected, endpoint);
  });

  it('throws a TypeError for a relative, non-http(s) or credentialed URL', () => {
    for (const endpoint of ['', 'crm.example.com', '/v1/leads', 'https://', 'ftp://crm.example.com', 'javascript:alert(1)', 'data:text/plain,x', 'https://user:secret@crm.example.com']) {
      assert.throws(() => leadsUrl(endpoint), TypeError, endpoint);
    }
  });

  it('keeps the origin and the path prefix, ends in /v1/leads, and is stable', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }), (endpoint) => {
        const result = leadsUrl(endpoint);
        const input = new URL(endpoint);
        const output = new URL(result);
        assert.equal(output.origin, input.origin);
        assert.ok(output.pathname.endsWith('/v1/leads'), result);
        assert.ok(output.pathname.startsWith(input.pathname.replace(/\/+$/, '')), result);
        assert.equal(output.search, input.search);
        assert.equal(output.hash, '');
        assert.equal(leadsUrl(result), result);
      }),
    );
  });
});
