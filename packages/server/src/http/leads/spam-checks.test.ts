import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spamIssues } from './spam-checks.js';

const now = Date.parse('2026-11-23T10:00:30.000Z');
const shown = (msAgo: number) => new Date(now - msAgo).toISOString();
const paths = (body: Record<string, unknown>, minFillMs = 3000) => spamIssues(body, minFillMs, now).map((i) => i.path.join('.'));

describe('lead spam checks', () => {
  it('passes a form filled in by a person: empty or absent honeypot, shown long enough ago', () => {
    assert.deepEqual(paths({ honeypot: '', startedAt: shown(10_000) }), []);
    assert.deepEqual(paths({ startedAt: shown(3000) }), []);
    assert.deepEqual(paths({ honeypot: null, startedAt: '2026-11-23T11:00:00+01:00' }), []);
  });

  it('refuses a filled-in honeypot, whatever it holds', () => {
    for (const honeypot of ['http://spam.example', ' ', 0, false, ['x']]) {
      assert.deepEqual(paths({ honeypot, startedAt: shown(10_000) }), ['honeypot'], JSON.stringify(honeypot));
    }
  });

  it('refuses a missing, malformed or impossible startedAt', () => {
    for (const startedAt of [undefined, '', 'yesterday', '2026-11-23', 1_700_000_000_000, '2026-13-45T99:00:00Z', 'Mon, 23 Nov 2026 10:00:00 GMT']) {
      assert.deepEqual(paths({ startedAt }), ['startedAt'], String(startedAt));
    }
  });

  it('refuses a form submitted faster than the form key allows', () => {
    assert.deepEqual(paths({ startedAt: shown(2999) }), ['startedAt']);
    assert.deepEqual(paths({ startedAt: shown(0) }), ['startedAt']);
    assert.deepEqual(paths({ startedAt: shown(9000) }, 10_000), ['startedAt']);
    assert.deepEqual(paths({ startedAt: shown(0) }, 0), []);
  });

  it('refuses a startedAt in the future beyond a few seconds of clock skew', () => {
    const [issue] = spamIssues({ startedAt: shown(-60_000) }, 0, now);
    assert.deepEqual(issue?.path, ['startedAt']);
    assert.equal(issue?.code, 'in_future');
    // A browser clock a little ahead of the server's is not a bot.
    assert.deepEqual(paths({ startedAt: shown(-4000) }, 0), []);
  });

  it('reports both problems at once', () => {
    assert.deepEqual(paths({ honeypot: 'x', startedAt: shown(10) }), ['honeypot', 'startedAt']);
  });
});
