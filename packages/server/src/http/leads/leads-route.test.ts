import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../test-server.test-support.js';
import { revokeFormKey } from './form-keys.js';
import { formOrigin, leadBody, postLead, untilFreshWindow, writtenRows } from './leads.test-support.js';

interface Problem {
  status: number;
  code: string;
  issues?: { path: (string | number)[] }[];
  retryAfter?: number;
}

async function problemOf(response: Response, status: number): Promise<Problem> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.equal(response.headers.get('content-type'), 'application/problem+json');
  const problem = JSON.parse(text) as Problem;
  assert.equal(problem.status, status);
  return problem;
}

const issuePaths = (problem: Problem) => (problem.issues ?? []).map((i) => i.path.join('.'));

async function recordData(t: TestServer, collection: string, id: string): Promise<Record<string, unknown>> {
  const [row] = await t.server.sql.query<{ data: Record<string, unknown> }>('SELECT data FROM records WHERE workspace_id = $1 AND collection = $2 AND id = $3', [t.workspaceId, collection, id]);
  assert.ok(row, `${collection} ${id} not stored`);
  return row.data;
}

describe('POST /v1/leads', () => {
  let t: TestServer;
  let key: string;
  before(async () => {
    t = await startTestServer({ leads: { perIpPerMinute: 10_000, perKeyPerMinute: 10_000 } });
    key = await t.server.admin.createFormKey(t.workspaceId, { allowedOrigins: [formOrigin, 'http://localhost:5173'], formId: 'pricing' });
  });
  after(() => t.close());

  /** Asserts that `send` is refused with `status` and that it wrote nothing at all. */
  async function refusedWithoutWriting(status: number, send: () => Promise<Response>): Promise<{ problem: Problem; response: Response }> {
    const before = await writtenRows(t.server.sql, t.workspaceId);
    const response = await send();
    const problem = await problemOf(response, status);
    assert.deepEqual(await writtenRows(t.server.sql, t.workspaceId), before);
    return { problem, response };
  }

  it('captures a lead: a contact with its consent (SHA-256 of the text) and a formSubmission interaction', async () => {
    const consentText = 'Send me product news by email. I can unsubscribe at any time.';
    const response = await postLead(t.url, {
      key,
      body: leadBody({
        email: 'grace@example.com',
        firstName: 'Grace',
        lastName: 'Hopper',
        consent: [{ purpose: 'marketing-email', granted: true, text: consentText }],
        source: { utmSource: 'newsletter', utmCampaign: 'launch', landingPage: 'https://forms.example.com/pricing' },
        customFields: { plan: 'pro' },
      }),
    });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('access-control-allow-origin'), formOrigin);
    assert.match(response.headers.get('vary') ?? '', /Origin/);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
    const body = (await response.json()) as { contactId: string; created: boolean; interactionId: string };
    assert.deepEqual(Object.keys(body).sort(), ['contactId', 'created', 'interactionId']);
    assert.equal(body.created, true);

    const contact = await recordData(t, 'contacts', body.contactId);
    assert.deepEqual(contact.emails, ['grace@example.com']);
    assert.equal(contact.firstName, 'Grace');
    assert.equal(contact.lifecycleStage, 'lead');
    assert.deepEqual(contact.customFields, { plan: 'pro' });
    assert.deepEqual(contact.source, { channel: 'form', formId: 'pricing', utmSource: 'newsletter', utmCampaign: 'launch', landingPage: 'https://forms.example.com/pricing' });
    const [consent] = contact.consent as Record<string, unknown>[];
    assert.deepEqual(consent, {
      purpose: 'marketing-email',
      granted: true,
      at: consent?.at,
      textHash: createHash('sha256').update(consentText, 'utf8').digest('hex'),
      method: 'form',
    });
    assert.ok(Math.abs(Date.parse(String(consent?.at)) - Date.now()) < 60_000);

    const interaction = await recordData(t, 'interactions', body.interactionId);
    assert.equal(interaction.type, 'formSubmission');
    assert.equal(interaction.contactId, body.contactId);
    assert.equal(interaction.body, 'Please call me about the pro plan');
    // The spam-check fields are the endpoint's: they are stored nowhere.
    assert.doesNotMatch(JSON.stringify([contact, interaction]), /honeypot|startedAt/);
  });

  it('merges a second lead with the same email, written differently, into the same contact', async () => {
    const first = (await (await postLead(t.url, { key, body: leadBody({ email: 'linus@example.com', firstName: 'Linus', lastName: undefined }) })).json()) as Record<string, unknown>;
    const second = await postLead(t.url, { key, body: leadBody({ email: '  Linus@EXAMPLE.com ', firstName: 'Someone else', lastName: 'Torvalds', phone: '+1 555 0100' }) });
    assert.equal(second.status, 201);
    const merged = (await second.json()) as Record<string, unknown>;
    assert.equal(merged.contactId, first.contactId);
    assert.equal(merged.created, false);
    assert.notEqual(merged.interactionId, first.interactionId);
    const contact = await recordData(t, 'contacts', String(first.contactId));
    assert.equal(contact.firstName, 'Linus');
    assert.equal(contact.lastName, 'Torvalds');
    assert.deepEqual(contact.phones, ['+1 555 0100']);
    const [{ n }] = (await t.server.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM records WHERE workspace_id = $1 AND collection = 'contacts' AND data->'emails' ? 'linus@example.com'`, [t.workspaceId])) as [{ n: number }];
    assert.equal(n, 1);
  });

  describe('spam checks (422, nothing written)', () => {
    // Functions: the times must be taken when each test runs.
    const cases: [string, () => Record<string, unknown>, string][] = [
      ['a filled-in honeypot', () => ({ honeypot: 'http://cheap-pills.example' }), 'honeypot'],
      ['a form submitted too fast', () => ({ startedAt: new Date(Date.now() - 500).toISOString() }), 'startedAt'],
      ['a startedAt in the future', () => ({ startedAt: new Date(Date.now() + 3_600_000).toISOString() }), 'startedAt'],
      ['a missing startedAt', () => ({ startedAt: undefined }), 'startedAt'],
      ['an unparsable startedAt', () => ({ startedAt: 'a while ago' }), 'startedAt'],
    ];
    for (const [what, fields, path] of cases) {
      it(`refuses ${what}`, async () => {
        const { problem, response } = await refusedWithoutWriting(422, () => postLead(t.url, { key, body: leadBody({ email: 'bot@example.com', ...fields() }) }));
        assert.equal(problem.code, 'validation');
        assert.deepEqual(issuePaths(problem), [path]);
        // The origin is allowed, so the page may read why.
        assert.equal(response.headers.get('access-control-allow-origin'), formOrigin);
      });
    }

    it('uses the form key’s own fill time', async () => {
      const patient = await t.server.admin.createFormKey(t.workspaceId, { allowedOrigins: [formOrigin], minFillMs: 60_000 });
      const { problem } = await refusedWithoutWriting(422, () => postLead(t.url, { key: patient, body: leadBody({ email: 'quick@example.com' }) }));
      assert.deepEqual(issuePaths(problem), ['startedAt']);
      const instant = await t.server.admin.createFormKey(t.workspaceId, { allowedOrigins: [formOrigin], minFillMs: 0 });
      assert.equal((await postLead(t.url, { key: instant, body: leadBody({ email: 'quick@example.com', startedAt: new Date().toISOString() }) })).status, 201);
    });
  });

  describe('form key and origin', () => {
    it('refuses a missing, malformed, unknown or revoked form key with 401 and no CORS header', async () => {
      const revoked = await t.server.admin.createFormKey(t.workspaceId, { allowedOrigins: [formOrigin] });
      await revokeFormKey(t.server.sql, revoked);
      for (const candidate of [undefined, 'not-a-key', `fk_${'A'.repeat(43)}`, revoked]) {
        const { problem, response } = await refusedWithoutWriting(401, () => postLead(t.url, { key: candidate as string }));
        assert.equal(problem.code, 'unauthorized');
        assert.equal(response.headers.get('access-control-allow-origin'), null);
        // A form key is not a bearer token.
        assert.equal(response.headers.get('www-authenticate'), null);
      }
    });

    it('refuses an origin not on the allowlist, or none, with 403 and no CORS header', async () => {
      for (const origin of ['https://evil.example', 'https://forms.example.com:8443', 'http://forms.example.com', 'https://FORMS.example.com', 'null', null]) {
        const { problem, response } = await refusedWithoutWriting(403, () => postLead(t.url, { key, origin }));
        assert.equal(problem.code, 'unauthorized');
        assert.equal(response.headers.get('access-control-allow-origin'), null);
        assert.equal(response.headers.get('vary'), null);
      }
      // Each allowed origin is answered with itself.
      const local = await postLead(t.url, { key, origin: 'http://localhost:5173', body: leadBody({ email: 'local@example.com' }) });
      assert.equal(local.status, 201);
      assert.equal(local.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    });

    it('answers the preflight of any origin without credentials', async () => {
      const response = await fetch(`${t.url}/v1/leads`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://any-site.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, rapport-form-key, idempotency-key' },
      });
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.equal(response.headers.get('access-control-allow-methods'), 'POST');
      assert.deepEqual(
        response.headers
          .get('access-control-allow-headers')
          ?.split(',')
          .map((h) => h.trim().toLowerCase()),
        ['content-type', 'rapport-form-key', 'idempotency-key'],
      );
      assert.equal(response.headers.get('access-control-max-age'), '600');
      assert.equal(response.headers.get('access-control-allow-credentials'), null);
    });
  });

  describe('body', () => {
    it('refuses a body over 32 KB with 413, declared or streamed', async () => {
      const big = JSON.stringify(leadBody({ message: 'x'.repeat(33 * 1024) }));
      const { problem } = await refusedWithoutWriting(413, () => postLead(t.url, { key, body: big }));
      assert.equal(problem.code, 'validation');
      // Without Content-Length (chunked), the limit holds while reading.
      await refusedWithoutWriting(413, () => {
        const bytes = new TextEncoder().encode(big);
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.slice(i, i + 4096));
            controller.close();
          },
        });
        return fetch(`${t.url}/v1/leads`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Rapport-Form-Key': key, Origin: formOrigin }, body: stream, duplex: 'half' } as RequestInit);
      });
      // Just under the limit is fine.
      const fits = JSON.stringify(leadBody({ email: 'long@example.com', message: 'x'.repeat(9000) }));
      assert.equal((await postLead(t.url, { key, body: fits })).status, 201);
    });

    it('refuses anything but JSON with 415', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1']) {
        const { problem } = await refusedWithoutWriting(415, () => postLead(t.url, { key, headers: { 'Content-Type': type } }));
        assert.equal(problem.code, 'validation');
      }
      assert.equal((await postLead(t.url, { key, headers: { 'Content-Type': 'application/json; charset=UTF-8' }, body: leadBody({ email: 'utf8@example.com' }) })).status, 201);
    });

    it('refuses malformed JSON, or JSON that is not an object, with 400', async () => {
      for (const body of ['{"email": "ada@example.com",', '', '[]', '"ada@example.com"', 'null']) {
        const { problem } = await refusedWithoutWriting(400, () => postLead(t.url, { key, body }));
        assert.equal(problem.code, 'validation');
      }
    });

    it('refuses a lead core finds invalid with 400 naming the fields', async () => {
      const bad = await refusedWithoutWriting(400, () => postLead(t.url, { key, body: leadBody({ email: 'not-an-email', favouriteColour: 'blue' }) }));
      assert.deepEqual(issuePaths(bad.problem).sort(), ['email', 'favouriteColour']);
      const nameless = await refusedWithoutWriting(400, () => postLead(t.url, { key, body: leadBody({ email: undefined, firstName: undefined, lastName: undefined }) }));
      assert.deepEqual(issuePaths(nameless.problem), ['email']);
    });

    it('checks in order: size, content type, form key, origin', async () => {
      const big = JSON.stringify(leadBody({ message: 'x'.repeat(40_000) }));
      await refusedWithoutWriting(413, () => postLead(t.url, { body: big, origin: null, headers: { 'Content-Type': 'text/plain' } }));
      await refusedWithoutWriting(415, () => postLead(t.url, { body: '{', origin: null, headers: { 'Content-Type': 'text/plain' } }));
      await refusedWithoutWriting(401, () => postLead(t.url, { body: '{', origin: null }));
      await refusedWithoutWriting(403, () => postLead(t.url, { key, body: '{', origin: null }));
      await refusedWithoutWriting(400, () => postLead(t.url, { key, body: '{' }));
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first 201 for a retry with the same body, and writes once', async () => {
      const body = JSON.stringify(leadBody({ email: 'retry@example.com' }));
      const headers = { 'Idempotency-Key': 'submit-7f3a' };
      const first = await postLead(t.url, { key, body, headers });
      assert.equal(first.status, 201);
      assert.equal(first.headers.get('idempotent-replayed'), null);
      const firstBody = await first.json();
      const rows = await writtenRows(t.server.sql, t.workspaceId);

      const again = await postLead(t.url, { key, body, headers });
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(again.headers.get('access-control-allow-origin'), formOrigin);
      assert.deepEqual(await again.json(), firstBody);
      assert.deepEqual(await writtenRows(t.server.sql, t.workspaceId), rows);
    });

    it('refuses the same key with another body with 422, and scopes keys to the form key', async () => {
      const headers = { 'Idempotency-Key': 'submit-reused' };
      assert.equal((await postLead(t.url, { key, body: leadBody({ email: 'one@example.com' }), headers })).status, 201);
      const { problem } = await refusedWithoutWriting(422, () => postLead(t.url, { key, body: leadBody({ email: 'two@example.com' }), headers }));
      assert.equal(problem.code, 'validation');
      assert.deepEqual(issuePaths(problem), ['Idempotency-Key']);
      // Another form (another key) may use the same Idempotency-Key for its own submission.
      const other = await t.server.admin.createFormKey(t.workspaceId, { allowedOrigins: [formOrigin] });
      const response = await postLead(t.url, { key: other, body: leadBody({ email: 'two@example.com' }), headers });
      assert.equal(response.status, 201);
      assert.equal(response.headers.get('idempotent-replayed'), null);
    });

    it('refuses a malformed Idempotency-Key with 400', async () => {
      const { problem } = await refusedWithoutWriting(400, () => postLead(t.url, { key, headers: { 'Idempotency-Key': 'k'.repeat(256) } }));
      assert.deepEqual(issuePaths(problem), ['Idempotency-Key']);
    });
  });
});

describe('POST /v1/leads rate limits on one server', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ trustProxy: true, leads: { perIpPerMinute: 2, perKeyPerMinute: 4 } });
  });
  after(() => t.close());

  it('limits each client by the first X-Forwarded-For hop when the proxy is trusted, and each key overall', async () => {
    const key = await t.server.admin.createFormKey(t.workspaceId, { allowedOrigins: [formOrigin] });
    await untilFreshWindow(t.server.sql);
    const from = (ip: string, n: number) => postLead(t.url, { key, body: leadBody({ email: `lead${n}@example.com` }), headers: { 'X-Forwarded-For': `${ip}, 10.0.0.1` } });
    assert.equal((await from('203.0.113.1', 1)).status, 201);
    assert.equal((await from('203.0.113.1', 2)).status, 201);
    const limited = await from('203.0.113.1', 3);
    const problem = await problemOf(limited, 429);
    assert.equal(problem.code, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
    assert.equal(problem.retryAfter, retryAfter);
    assert.equal(limited.headers.get('access-control-allow-origin'), formOrigin);
    assert.match(limited.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
    // Another client is not held back by the first one...
    assert.equal((await from('203.0.113.2', 4)).status, 201);
    assert.equal((await from('2001:db8::1', 5)).status, 201);
    // ...until the key's own limit is reached: 4 submissions counted (one refused per client is not).
    assert.equal((await from('203.0.113.3', 6)).status, 429);
    assert.equal((await from('203.0.113.4', 7)).status, 429);
    // Another key of the same workspace has its own budget.
    const other = await t.server.admin.createFormKey(t.workspaceId, { allowedOrigins: [formOrigin] });
    assert.equal((await postLead(t.url, { key: other, body: leadBody({ email: 'other@example.com' }), headers: { 'X-Forwarded-For': '203.0.113.5' } })).status, 201);
    // No counter names a client by its address.
    const buckets = (await t.server.sql.query<{ bucket: string }>('SELECT bucket FROM rate_limits')).map((r) => r.bucket).join(' ');
    assert.doesNotMatch(buckets, /203\.0\.113|2001:db8|127\.0\.0\.1/);
  });
});
