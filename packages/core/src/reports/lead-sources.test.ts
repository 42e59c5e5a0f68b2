import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsAt } from '../testing-support/rejects.test-support.js';
import { computeLeadSources } from './lead-sources.js';
import { contact, deal, money, reportsWorkspace, uid } from './report-fixtures.test-support.js';

const k = (n: number) => uid(0x100 + n);
const contacts = [
  contact({ id: k(1), source: { channel: 'paid', utmCampaign: 'spring' } }),
  contact({ id: k(2), source: { channel: 'paid', utmCampaign: 'spring' } }),
  contact({ id: k(3), source: { channel: 'paid', utmCampaign: 'fall' } }),
  contact({ id: k(4), source: { channel: 'organic' } }),
  contact({ id: k(5) }),
  contact({ id: k(6), source: { channel: 'organic' }, deletedAt: '2026-01-02T00:00:00.000Z' }),
  contact({ id: k(7), source: { channel: 'paid' }, createdAt: '2025-12-01T00:00:00.000Z' }),
];
const where = { pipelineId: uid(0x10), stageId: uid(0x11) };
const won = (n: number, contactIds: string[], amount: { minor: number; currency: string }, extra: object = {}) =>
  deal({ id: uid(n), ...where, status: 'won', closedAt: '2026-02-01T00:00:00.000Z', contactIds, amount, ...extra });
const deals = [
  won(1, [k(1)], money(1000)),
  won(2, [k(7), k(3)], money(500)), // k7 is outside the period: attributed to k3
  won(3, [k(1), k(4)], money(300, 'USD')), // to k1 only, never twice
  deal({ id: uid(4), ...where, contactIds: [k(4)] }), // open
  deal({ id: uid(5), ...where, status: 'lost', closedAt: '2026-02-01T00:00:00.000Z', contactIds: [k(4)] }),
  won(6, [k(4)], money(9000), { deletedAt: '2026-02-02T00:00:00.000Z' }),
  won(7, [k(6)], money(9000)), // its only contact is deleted
  won(8, [k(5)], money(200)),
];
const data = { contacts, deals };
const from = '2026-01-01';

describe('computeLeadSources', () => {
  it('groups contacts by channel and attributes each won deal once', () => {
    assert.deepEqual(computeLeadSources(data, { from }), {
      by: ['channel'],
      rows: [
        // k1, k2, k3; deals 1, 2, 3: EUR 1000 + 500, USD 300
        { key: { channel: 'paid' }, contacts: 3, wonDeals: 3, wonAmounts: [money(1500), money(300, 'USD')] },
        { key: { channel: 'organic' }, contacts: 1, wonDeals: 0, wonAmounts: [] },
        { key: { channel: null }, contacts: 1, wonDeals: 1, wonAmounts: [money(200)] },
      ],
      total: { contacts: 5, wonDeals: 4, wonAmounts: [money(1700), money(300, 'USD')] },
    });
  });

  it('groups by several source fields, ties ordered field by field with null last', () => {
    const { rows } = computeLeadSources(data, { from, by: ['channel', 'utmCampaign'] });
    assert.deepEqual(
      rows.map((r) => [r.key, r.contacts, r.wonDeals, r.wonAmounts]),
      [
        [{ channel: 'paid', utmCampaign: 'spring' }, 2, 2, [money(1000), money(300, 'USD')]],
        [{ channel: 'organic', utmCampaign: null }, 1, 0, []],
        [{ channel: 'paid', utmCampaign: 'fall' }, 1, 1, [money(500)]],
        [{ channel: null, utmCampaign: null }, 1, 1, [money(200)]],
      ],
    );
  });

  it('converts, and refuses a bad list of fields', async () => {
    const { total } = computeLeadSources(data, { from, convert: { to: 'EUR', rates: { USD: 0.5 } } });
    // 1700 + 300 × 0.5 = 1850
    assert.deepEqual(total.wonAmounts, [money(1850)]);
    for (const [by, path] of [
      [[], ['by']],
      [['channel', 'channel'], ['by']],
      [['referrer'], ['by', 0]],
      ['channel', ['by']],
    ] as const) {
      await rejectsAt(Promise.resolve().then(() => computeLeadSources(data, { by } as never)), path);
    }
  });

  it('counts contacts of any creation date without a period', () => {
    assert.equal(computeLeadSources(data, {}).rows[0]?.contacts, 4);
  });
});

describe('crm.reports.leadSources', () => {
  it('reads sources and won deals made through the services', async () => {
    const { crm, reports } = reportsWorkspace();
    const [paid, organic] = [
      await crm.contacts.create({ firstName: 'Pat', source: { channel: 'paid', utmSource: 'google' } }),
      await crm.contacts.create({ firstName: 'Oli', source: { channel: 'organic' } }),
    ];
    await crm.contacts.create({ firstName: 'Pia', source: { channel: 'paid', utmSource: 'google' } });
    const s = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'Open' }, { name: 'Won', kind: 'won' }] });
    const make = (minor: number, contactIds: string[]) => crm.deals.create({ title: 'Deal', amount: { minor, currency: 'EUR' }, pipelineId: s.id, contactIds });
    await crm.deals.win((await make(1000, [paid.id, organic.id])).id);
    await make(5000, [organic.id]); // open: not counted

    assert.deepEqual(await reports.leadSources({ by: ['utmSource'] }), {
      by: ['utmSource'],
      rows: [
        { key: { utmSource: 'google' }, contacts: 2, wonDeals: 1, wonAmounts: [money(1000)] },
        { key: { utmSource: null }, contacts: 1, wonDeals: 0, wonAmounts: [] },
      ],
      total: { contacts: 3, wonDeals: 1, wonAmounts: [money(1000)] },
    });
  });
});
