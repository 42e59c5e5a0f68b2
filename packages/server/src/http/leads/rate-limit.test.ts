import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { RateLimitedError } from '@rapport/core';
import { openDatabase } from '../../db/open-database.js';
import type { Sql } from '../../db/sql.js';
import { clientNetwork } from './client-ip.js';
import { untilFreshWindow } from './leads.test-support.js';
import { countHit, deleteOldWindows, leadIpBucket, leadKeyBucket } from './rate-limit.js';

describe('rate limits in PostgreSQL', () => {
  let sql: Sql;
  before(async () => {
    sql = await openDatabase();
  });
  after(() => sql.close());
  beforeEach(async () => {
    await sql.query('DELETE FROM rate_limits');
    await untilFreshWindow(sql, 5000);
  });

  it('counts hits per bucket and refuses the one past the limit until the minute ends', async () => {
    const a = { bucket: 'test:a', limit: 3 };
    const b = { bucket: 'test:b', limit: 3 };
    assert.deepEqual(await countHit(sql, a), { hits: 1, firstInWindow: true });
    assert.deepEqual(await countHit(sql, a), { hits: 2, firstInWindow: false });
    assert.deepEqual(await countHit(sql, b), { hits: 1, firstInWindow: true });
    assert.deepEqual(await countHit(sql, a), { hits: 3, firstInWindow: false });
    const refused = await countHit(sql, a).then(
      () => assert.fail('expected a RateLimitedError'),
      (e: unknown) => e,
    );
    assert.ok(refused instanceof RateLimitedError);
    assert.equal(refused.code, 'rate_limited');
    // Whole seconds up to the end of the current one-minute window.
    const [row] = await sql.query<{ left_ms: number }>(`SELECT extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now())::float8 * 1000 AS left_ms`);
    assert.ok(refused.retryAfterMs !== undefined && refused.retryAfterMs % 1000 === 0, String(refused.retryAfterMs));
    assert.ok(refused.retryAfterMs >= 1000 && refused.retryAfterMs <= 60_000);
    assert.ok(Math.abs(refused.retryAfterMs - row!.left_ms) <= 2000, `${refused.retryAfterMs} vs ${row!.left_ms}`);
    // The other bucket is unaffected.
    assert.equal((await countHit(sql, b)).hits, 2);
  });

  it('counts every one of many concurrent hits', async () => {
    const bucket = { bucket: 'test:concurrent', limit: 1000 };
    const counts = await Promise.all(Array.from({ length: 25 }, () => countHit(sql, bucket)));
    assert.deepEqual(counts.map((c) => c.hits).sort((x, y) => x - y), Array.from({ length: 25 }, (_, i) => i + 1));
    assert.equal(counts.filter((c) => c.firstInWindow).length, 1);
  });

  it('deletes past windows and keeps the current one', async () => {
    await countHit(sql, { bucket: 'test:now', limit: 10 });
    await sql.query(`INSERT INTO rate_limits (bucket, window_start, hits) VALUES ('test:old', date_trunc('minute', now()) - interval '1 minute', 5), ('test:older', date_trunc('minute', now()) - interval '3 hours', 9)`);
    await deleteOldWindows(sql);
    assert.deepEqual(
      (await sql.query<{ bucket: string }>('SELECT bucket FROM rate_limits ORDER BY bucket')).map((r) => r.bucket),
      ['test:now'],
    );
  });

  it('names a client by a hash of its network, never by its address', () => {
    const bucket = leadIpBucket('192.0.2.17', 10);
    assert.equal(bucket.limit, 10);
    assert.match(bucket.bucket, /^lead-ip:[A-Za-z0-9_-]{43}$/);
    assert.ok(!bucket.bucket.includes('192.0.2.17'));
    assert.notEqual(leadIpBucket('192.0.2.18', 10).bucket, bucket.bucket);
    // One IPv6 subscriber (a /64) is one client, whichever of its addresses it uses.
    assert.equal(leadIpBucket('2001:db8:1:2:aaaa::1', 10).bucket, leadIpBucket('2001:DB8:1:2:bbbb:cccc:dddd:eeee', 10).bucket);
    assert.notEqual(leadIpBucket('2001:db8:1:3::1', 10).bucket, leadIpBucket('2001:db8:1:2::1', 10).bucket);
    assert.equal(leadKeyBucket('fk_abc', 600).bucket, 'lead-key:fk_abc');
  });

  it('reduces an IPv6 address to its /64 and leaves IPv4 as it is', () => {
    assert.equal(clientNetwork('203.0.113.9'), '203.0.113.9');
    assert.equal(clientNetwork('2001:db8:0:0:1:2:3:4'), '2001:db8:0:0::/64');
    assert.equal(clientNetwork('2001:0db8:00ab::'), '2001:db8:ab:0::/64');
    assert.equal(clientNetwork('::1'), '0:0:0:0::/64');
    assert.equal(clientNetwork('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(clientNetwork('64:ff9b::192.0.2.1'), '64:ff9b:0:0::/64');
    assert.equal(clientNetwork('1:2:3:4:5:6:192.0.2.1'), '1:2:3:4::/64');
  });
});
