import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Company, Contact, Interaction } from '../index.js';
import { computeScore, maxEvidenceIds, type Score, type ScoreContribution } from './compute-score.js';
import { defaultScoringRules } from './default-scoring-rules.js';
import type { EngagementRule, ScoreCondition, ScoringRulesInput } from './scoring-rules.schema.js';

const now = '2026-05-01T08:00:00.000Z';
const nowMs = Date.parse(now);
const day = 86_400_000;
const meta = { version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };

/** A stored contact: Ann, with nothing else known unless `fields` says so. */
function contact(fields: Partial<Contact> = {}): Contact {
  return { id: '0196a1b2-0000-7000-8000-0000000000c1', ...meta, firstName: 'Ann', emails: [], phones: [], lifecycleStage: 'lead', tags: [], consent: [], customFields: {}, ...fields };
}

/** A stored company: Acme, with nothing else known unless `fields` says so. */
function company(fields: Partial<Company> = {}): Company {
  return { id: '0196a1b2-0000-7000-8000-0000000000a1', ...meta, name: 'Acme', tags: [], customFields: {}, ...fields };
}

let nextEntry = 0;
/** A timeline entry of Ann's that happened `daysAgo` days before `now` (negative: in the future). */
function entry(type: Interaction['type'], daysAgo: number, fields: Partial<Interaction> = {}): Interaction {
  nextEntry += 1;
  return {
    id: `0196a1b2-0000-7000-8000-${String(nextEntry).padStart(12, '0')}`,
    ...meta,
    type,
    contactId: '0196a1b2-0000-7000-8000-0000000000c1',
    occurredAt: new Date(nowMs - daysAgo * day).toISOString(),
    ...(type === 'stageChange' ? { dealId: '0196a1b2-0000-7000-8000-0000000000d1' } : {}),
    ...fields,
  };
}

const grades = [{ name: 'A', min: 60 }, { name: 'B', min: 35 }, { name: 'C', min: 15 }, { name: 'D' }];

/** Rules with only these fit rules, engagement rules and grades. */
function rules(parts: { fit?: ScoringRulesInput['fit']['rules']; engagement?: ScoringRulesInput['engagement']['rules']; fitLimits?: object; engagementLimits?: object; grades?: ScoringRulesInput['grades'] }): ScoringRulesInput {
  return {
    fit: { ...parts.fitLimits, rules: parts.fit ?? [] },
    engagement: { ...parts.engagementLimits, rules: parts.engagement ?? [] },
    grades: parts.grades ?? grades,
  };
}

/** The evidence of a 10-point fit rule on `when`, or `undefined` when it did not hold. */
function fieldsOf(when: ScoreCondition, c: Contact = contact(), co?: Company, extra: Partial<ScoringRulesInput> = {}) {
  const score = computeScore({ ...rules({ fit: [{ id: 'r', points: 10, when }] }), ...extra }, { contact: c, company: co, interactions: [], now });
  const [first] = score.contributions;
  if (!first) return undefined;
  assert.equal(first.points, 10);
  assert.equal(first.evidence.kind, 'fields');
  return first.evidence.kind === 'fields' ? first.evidence.fields : undefined;
}

/** The one engagement contribution of `rule` over `interactions`, or `undefined`. */
function engagementOf(rule: Omit<EngagementRule, 'id'>, interactions: Interaction[]): ScoreContribution | undefined {
  const score = computeScore(rules({ engagement: [{ id: 'e', ...rule }] }), { contact: contact(), interactions, now });
  assert.ok(score.contributions.length <= 1);
  return score.contributions[0];
}

const sum = (score: Score) => Math.round(score.contributions.reduce((total, c) => total + c.points * 100, 0)) / 100;

describe('computeScore: fit conditions', () => {
  it('equals compares text without case or surrounding space, and shows the value it matched', () => {
    const ann = contact({ title: 'Head of Sales' });
    assert.deepEqual(fieldsOf({ field: 'contact.title', equals: ' head of SALES ' }, ann), [{ field: 'contact.title', value: 'Head of Sales' }]);
    assert.equal(fieldsOf({ field: 'contact.title', equals: 'Head' }, ann), undefined, 'equals is not contains');
    assert.equal(fieldsOf({ field: 'contact.title', equals: 'Head of Sales' }, contact()), undefined, 'no title, no match');
  });

  it('equals on a list holds when any element does; numbers and text do not mix', () => {
    assert.deepEqual(fieldsOf({ field: 'contact.tags', equals: 'VIP' }, contact({ tags: ['smb', 'vip'] })), [{ field: 'contact.tags', value: ['smb', 'vip'] }]);
    assert.equal(fieldsOf({ field: 'contact.customFields.seats', equals: '12' }, contact({ customFields: { seats: 12 } })), undefined);
    assert.ok(fieldsOf({ field: 'contact.customFields.seats', equals: 12 }, contact({ customFields: { seats: 12 } })));
    assert.ok(fieldsOf({ field: 'contact.customFields.trial', equals: false }, contact({ customFields: { trial: false } })));
  });

  it('in holds when the value is one of the list, case aside', () => {
    const acme = company({ size: '201-500' });
    assert.deepEqual(fieldsOf({ field: 'company.size', in: ['51-200', '201-500'] }, contact(), acme), [{ field: 'company.size', value: '201-500' }]);
    assert.equal(fieldsOf({ field: 'company.size', in: ['1001-5000', '5001+'] }, contact(), acme), undefined);
    assert.ok(fieldsOf({ field: 'contact.lifecycleStage', in: ['CUSTOMER', 'opportunity'] }, contact({ lifecycleStage: 'customer' })));
  });

  it('exists asks whether a field has a value; an empty list, an empty string and null have none', () => {
    const withPhone = contact({ phones: ['+4930123456'] });
    assert.deepEqual(fieldsOf({ field: 'contact.phones', exists: true }, withPhone), [{ field: 'contact.phones', value: ['+4930123456'] }]);
    assert.equal(fieldsOf({ field: 'contact.phones', exists: false }, withPhone), undefined);
    assert.equal(fieldsOf({ field: 'contact.phones', exists: true }, contact({ phones: [] })), undefined);
    assert.deepEqual(fieldsOf({ field: 'contact.phones', exists: false }, contact({ phones: [] })), [{ field: 'contact.phones', value: [] }]);
    assert.deepEqual(fieldsOf({ field: 'contact.title', exists: false }), [{ field: 'contact.title', value: undefined }]);
    assert.ok(fieldsOf({ field: 'contact.customFields.note', exists: false }, contact({ customFields: { note: '' } })));
    assert.ok(fieldsOf({ field: 'contact.customFields.note', exists: false }, contact({ customFields: { note: null } })));
    assert.ok(fieldsOf({ field: 'contact.customFields.zero', exists: true }, contact({ customFields: { zero: 0 } })), '0 is a value');
  });

  it('range takes numbers only, both ends included', () => {
    const seats = (n: number | string) => contact({ customFields: { seats: n } });
    const within = { field: 'contact.customFields.seats', range: { min: 50, max: 100 } } as const;
    assert.deepEqual(fieldsOf(within, seats(50)), [{ field: 'contact.customFields.seats', value: 50 }]);
    assert.ok(fieldsOf(within, seats(100)));
    assert.equal(fieldsOf(within, seats(49.99)), undefined);
    assert.equal(fieldsOf(within, seats(100.01)), undefined);
    assert.equal(fieldsOf(within, seats('75')), undefined, 'text that looks like a number is not one');
    assert.ok(fieldsOf({ field: 'contact.customFields.seats', range: { max: 50 } }, seats(-3)), 'min alone or max alone');
    assert.equal(fieldsOf({ field: 'contact.customFields.seats', range: { min: 50.5 } }, seats(50)), undefined);
    assert.equal(fieldsOf(within, contact()), undefined, 'a missing field is in no range');
  });

  it('contains finds text inside a string, and an element of a list', () => {
    assert.deepEqual(fieldsOf({ field: 'contact.title', contains: 'vp' }, contact({ title: 'SVP of Engineering' })), [{ field: 'contact.title', value: 'SVP of Engineering' }]);
    assert.equal(fieldsOf({ field: 'contact.title', contains: 'director' }, contact({ title: 'SVP of Engineering' })), undefined);
    const tagged = contact({ tags: ['event-2026', 'vip'] });
    assert.deepEqual(fieldsOf({ field: 'contact.tags', contains: 'VIP' }, tagged), [{ field: 'contact.tags', value: ['event-2026', 'vip'] }]);
    assert.equal(fieldsOf({ field: 'contact.tags', contains: 'event' }, tagged), undefined, 'in a list, contains means an element, not part of one');
  });

  it('freeMail looks at the first address, and shows only its domain', () => {
    const gmail = contact({ emails: ['ann.lee@gmail.com', 'ann@acme.io'] });
    assert.deepEqual(fieldsOf({ field: 'contact.emails', freeMail: true }, gmail), [{ field: 'contact.emails', value: 'gmail.com' }]);
    assert.equal(fieldsOf({ field: 'contact.emails', freeMail: false }, gmail), undefined);
    const work = contact({ emails: ['ann@acme.io', 'ann.lee@gmail.com'] });
    assert.deepEqual(fieldsOf({ field: 'contact.emails', freeMail: false }, work), [{ field: 'contact.emails', value: 'acme.io' }]);
    assert.equal(fieldsOf({ field: 'contact.emails', freeMail: true }, work), undefined, 'only the first address counts');
    assert.equal(fieldsOf({ field: 'contact.emails', freeMail: true }), undefined, 'no address: neither free nor not');
    assert.equal(fieldsOf({ field: 'contact.emails', freeMail: false }), undefined);
  });

  it('freeMail also knows the domains the rules add, whatever their case', () => {
    const corp = contact({ emails: ['ann@corp-mail.example'] });
    assert.equal(fieldsOf({ field: 'contact.emails', freeMail: true }, corp), undefined);
    assert.deepEqual(fieldsOf({ field: 'contact.emails', freeMail: true }, corp, undefined, { freeMailDomains: ['Corp-Mail.example'] }), [
      { field: 'contact.emails', value: 'corp-mail.example' },
    ]);
  });

  it('reads custom fields of the contact and of its company, dotted names and nested source fields included', () => {
    assert.ok(fieldsOf({ field: 'contact.customFields.plan.name', equals: 'Gold' }, contact({ customFields: { 'plan.name': 'gold' } })));
    assert.deepEqual(fieldsOf({ field: 'company.customFields.tier', in: ['gold'] }, contact(), company({ customFields: { tier: 'gold' } })), [
      { field: 'company.customFields.tier', value: 'gold' },
    ]);
    assert.equal(fieldsOf({ field: 'company.customFields.tier', in: ['gold'] }, contact({ customFields: { tier: 'gold' } }), company()), undefined, "the contact's field is not the company's");
    assert.ok(fieldsOf({ field: 'contact.source.channel', equals: 'ads' }, contact({ source: { channel: 'Ads' } })));
    assert.equal(fieldsOf({ field: 'contact.source.channel', exists: true }), undefined, 'no source at all');
  });

  it('negate turns the answer round, and the evidence shows the value that made it hold', () => {
    assert.deepEqual(fieldsOf({ field: 'contact.title', contains: 'ceo', negate: true }, contact({ title: 'Engineer' })), [{ field: 'contact.title', value: 'Engineer' }]);
    assert.equal(fieldsOf({ field: 'contact.title', contains: 'ceo', negate: true }, contact({ title: 'CEO' })), undefined);
    assert.ok(fieldsOf({ field: 'contact.title', contains: 'ceo', negate: false }, contact({ title: 'CEO' })));
  });

  it('all needs every test and shows each; any needs one and shows those that held', () => {
    const ann = contact({ title: 'CEO', tags: ['vip'] });
    const ceo = { field: 'contact.title', equals: 'ceo' } as const;
    const vip = { field: 'contact.tags', contains: 'vip' } as const;
    const smb = { field: 'contact.tags', contains: 'smb' } as const;
    assert.deepEqual(fieldsOf({ all: [ceo, vip] }, ann), [
      { field: 'contact.title', value: 'CEO' },
      { field: 'contact.tags', value: ['vip'] },
    ]);
    assert.equal(fieldsOf({ all: [ceo, smb] }, ann), undefined);
    assert.deepEqual(fieldsOf({ any: [smb, ceo] }, ann), [{ field: 'contact.title', value: 'CEO' }]);
    assert.equal(fieldsOf({ any: [smb, { field: 'contact.title', equals: 'cto' }] }, ann), undefined);
  });

  it('a contact without a company matches no company field, except a test for its absence', () => {
    assert.equal(fieldsOf({ field: 'company.size', in: ['51-200'] }), undefined);
    assert.equal(fieldsOf({ field: 'company.customFields.tier', exists: true }), undefined);
    assert.deepEqual(fieldsOf({ field: 'company.size', exists: false }), [{ field: 'company.size', value: undefined }]);
    assert.ok(fieldsOf({ field: 'company.name', equals: 'acme', negate: true }));
  });
});

describe('computeScore: engagement', () => {
  it('types, outcomes (any case), directions, formIds and toStatuses pick the entries counted', () => {
    const call = entry('call', 1, { outcome: 'Connected', direction: 'outbound' });
    const voicemail = entry('call', 1, { outcome: 'voicemail', direction: 'outbound' });
    const silent = entry('call', 1);
    const inbound = entry('email', 2, { direction: 'inbound' });
    const outbound = entry('email', 2, { direction: 'outbound' });
    const demo = entry('formSubmission', 3, { data: { formId: 'demo-request' } });
    const newsletter = entry('formSubmission', 3, { data: { formId: 'newsletter' } });
    const bare = entry('formSubmission', 3);
    const won = entry('stageChange', 4, { stageChange: { toStageId: '0196a1b2-0000-7000-8000-0000000000e1', toStatus: 'won' } });
    const lost = entry('stageChange', 4, { stageChange: { toStageId: '0196a1b2-0000-7000-8000-0000000000e2', toStatus: 'lost' } });
    const meeting = entry('meeting', 5);
    const all = [call, voicemail, silent, inbound, outbound, demo, newsletter, bare, won, lost, meeting];
    const counted = (match: EngagementRule['match']) => {
      const c = engagementOf({ points: 1, match }, all);
      return c?.evidence.kind === 'interactions' ? [...c.evidence.interactionIds].sort() : [];
    };
    assert.deepEqual(counted({ types: ['meeting'] }), [meeting.id]);
    assert.deepEqual(counted({ types: ['call'], outcomes: ['connected'] }), [call.id]);
    assert.deepEqual(counted({ directions: ['inbound'] }), [inbound.id]);
    assert.deepEqual(counted({ types: ['email'], directions: ['outbound'] }), [outbound.id]);
    assert.deepEqual(counted({ formIds: ['demo-request'] }), [demo.id]);
    assert.deepEqual(counted({ types: ['formSubmission'] }), [demo.id, newsletter.id, bare.id].sort());
    assert.deepEqual(counted({ toStatuses: ['won'] }), [won.id]);
    assert.deepEqual(counted({ toStatuses: ['won', 'lost'] }), [won.id, lost.id].sort());
    assert.deepEqual(counted({}), all.map((e) => e.id).sort(), 'an empty match counts everything');
  });

  it('an entry one half-life old earns half its points', () => {
    // 10 points, half-life 30 days: 30 days old → 10 × 0.5 = 5; 60 days → 10 × 0.25 = 2.5;
    // 15 days → 10 × 0.5^0.5 = 7.0710678…; today → 10. Sum 24.5710678… → 24.57.
    assert.equal(engagementOf({ points: 10, match: {}, halfLifeDays: 30 }, [entry('meeting', 30)])?.points, 5);
    assert.equal(engagementOf({ points: 10, match: {}, halfLifeDays: 30 }, [entry('meeting', 60)])?.points, 2.5);
    const four = [entry('meeting', 30), entry('meeting', 60), entry('meeting', 15), entry('meeting', 0)];
    const c = engagementOf({ points: 10, match: {}, halfLifeDays: 30 }, four);
    assert.equal(c?.points, 24.57);
    assert.deepEqual(c?.evidence, {
      kind: 'interactions',
      count: 4,
      interactionIds: [four[3]?.id, four[2]?.id, four[0]?.id, four[1]?.id],
      latestAt: now,
    });
  });

  it('without a half-life every entry earns its full points', () => {
    // 3 entries × 4 points, one of them 2 years old: 12.
    assert.equal(engagementOf({ points: 4, match: {} }, [entry('note', 1), entry('note', 400), entry('note', 730)])?.points, 12);
  });

  it('withinDays ignores older entries, the last day included', () => {
    // 3 points each for the entries 0 and 14 days old; the one 14.5 days old is out: 6.
    const today = entry('call', 0);
    const edge = entry('call', 14);
    const c = engagementOf({ points: 3, match: {}, withinDays: 14 }, [entry('call', 14.5), edge, today]);
    assert.equal(c?.points, 6);
    assert.deepEqual(c?.evidence.kind === 'interactions' && c.evidence.interactionIds, [today.id, edge.id]);
  });

  it('maxCount counts the newest entries only', () => {
    // The two newest (1 and 5 days old) × 3 points = 6; the one 10 days old is left out.
    const [older, newest, middle] = [entry('email', 10), entry('email', 1), entry('email', 5)];
    const c = engagementOf({ points: 3, match: {}, maxCount: 2 }, [older as Interaction, newest as Interaction, middle as Interaction]);
    assert.deepEqual(c, {
      rule: 'e',
      label: 'e',
      group: 'engagement',
      points: 6,
      evidence: { kind: 'interactions', count: 2, interactionIds: [newest?.id, middle?.id], latestAt: newest?.occurredAt },
    });
  });

  it('maxCount with decay: the newest earn most', () => {
    // Half-life 10 days, newest two of (0, 10, 20 days): 8 × 1 + 8 × 0.5 = 12.
    assert.equal(engagementOf({ points: 8, match: {}, halfLifeDays: 10, maxCount: 2 }, [entry('meeting', 20), entry('meeting', 0), entry('meeting', 10)])?.points, 12);
  });

  it('entries in the future earn nothing, and do not take a maxCount place', () => {
    assert.equal(engagementOf({ points: 10, match: {} }, [entry('meeting', -1), entry('meeting', -0.01)]), undefined);
    // maxCount 1: the meeting tomorrow does not count, so yesterday's does: 10.
    const yesterday = entry('meeting', 1);
    const c = engagementOf({ points: 10, match: {}, maxCount: 1 }, [entry('meeting', -1), yesterday]);
    assert.equal(c?.points, 10);
    assert.deepEqual(c?.evidence.kind === 'interactions' && c.evidence.interactionIds, [yesterday.id]);
  });

  it('lists at most 20 entry ids as evidence, the newest, while counting all', () => {
    // 25 notes, 0 to 24 days old, 1 point each, no decay: 25 points, ids of the 20 newest.
    const notes = Array.from({ length: 25 }, (_, i) => entry('note', 24 - i));
    const c = engagementOf({ points: 1, match: {} }, notes);
    assert.equal(maxEvidenceIds, 20);
    assert.equal(c?.points, 25);
    assert.deepEqual(c?.evidence, {
      kind: 'interactions',
      count: 25,
      interactionIds: [...notes].reverse().slice(0, 20).map((n) => n.id),
      latestAt: now,
    });
  });

  it('entries at the same moment are listed by id, newest first, whatever order they came in', () => {
    const [a, b, c] = [entry('note', 2), entry('note', 2), entry('note', 2)] as [Interaction, Interaction, Interaction];
    const ids = (list: Interaction[]) => {
      const got = engagementOf({ points: 1, match: {}, maxCount: 2 }, list);
      return got?.evidence.kind === 'interactions' ? got.evidence.interactionIds : [];
    };
    assert.deepEqual(ids([a, b, c]), [c.id, b.id]);
    assert.deepEqual(ids([c, a, b]), [c.id, b.id]);
  });

  it('a rule whose decayed points round to 0.00 adds no contribution', () => {
    // 1 point, half-life 1 day, 10 days old: 1 × 2^-10 = 0.00098 → 0.00.
    assert.equal(engagementOf({ points: 1, match: {}, halfLifeDays: 1 }, [entry('note', 10)]), undefined);
  });
});

describe('computeScore: caps, floors and grades', () => {
  const fit = [
    { id: 'ceo', points: 30, when: { field: 'contact.title', equals: 'CEO' } },
    { id: 'big', points: 25, when: { field: 'company.size', in: ['5001+'] } },
  ];
  const ceoAtBigCo = { contact: contact({ title: 'CEO' }), company: company({ size: '5001+' }), interactions: [], now };

  it('a cap cuts the group total with a fit.cap contribution, so the value is still the sum', () => {
    // 30 + 25 = 55, capped at 50: a fit.cap contribution of -5.
    const score = computeScore(rules({ fit, fitLimits: { cap: 50 } }), ceoAtBigCo);
    assert.deepEqual(score.contributions.at(-1), {
      rule: 'fit.cap',
      label: 'Fit capped at 50',
      group: 'fit',
      points: -5,
      evidence: { kind: 'limit', limit: 50, before: 55 },
    });
    assert.equal(score.value, 50);
    assert.equal(sum(score), score.value);
  });

  it('a total at or below the cap is left alone', () => {
    const score = computeScore(rules({ fit, fitLimits: { cap: 55 } }), ceoAtBigCo);
    assert.deepEqual(score.contributions.map((c) => c.rule), ['ceo', 'big']);
    assert.equal(score.value, 55);
  });

  it('a floor raises the group total with an engagement.floor contribution', () => {
    // Two no-shows × -8 = -16, raised to the floor of -10: +6. Fit: 30 (CEO). Value 30 - 16 + 6 = 20.
    const engagement = [{ id: 'no-show', points: -8, match: { types: ['meeting' as const], outcomes: ['no-show'] } }];
    const interactions = [entry('meeting', 1, { outcome: 'no-show' }), entry('meeting', 3, { outcome: 'No-Show' })];
    const score = computeScore(rules({ fit, engagement, engagementLimits: { floor: -10 } }), { ...ceoAtBigCo, company: undefined, interactions });
    assert.deepEqual(
      score.contributions.map((c) => [c.rule, c.points]),
      [
        ['ceo', 30],
        ['no-show', -16],
        ['engagement.floor', 6],
      ],
    );
    assert.deepEqual(score.contributions.at(-1)?.evidence, { kind: 'limit', limit: -10, before: -16 });
    assert.equal(score.contributions.at(-1)?.label, 'Engagement raised to -10');
    assert.equal(score.value, 20);
  });

  it('a floor applies even when no rule matched', () => {
    // No fit rule holds: 0, raised to the floor of 5.
    const score = computeScore(rules({ fit, fitLimits: { floor: 5, cap: 10 } }), { contact: contact(), interactions: [], now });
    assert.deepEqual(score.contributions.map((c) => [c.rule, c.points]), [['fit.floor', 5]]);
    assert.equal(score.value, 5);
  });

  it('the grade is the first whose min the value reaches; the last takes the rest', () => {
    const gradeOf = (value: number) =>
      computeScore(rules({ fit: [{ id: 'v', points: value, when: { field: 'contact.firstName', exists: true } }] }), { contact: contact(), interactions: [], now }).grade;
    assert.equal(gradeOf(100), 'A');
    assert.equal(gradeOf(60), 'A');
    assert.equal(gradeOf(59.99), 'B');
    assert.equal(gradeOf(35), 'B');
    assert.equal(gradeOf(15), 'C');
    assert.equal(gradeOf(14.99), 'D');
    assert.equal(gradeOf(-40), 'D');
  });

  it('grades can be named and banded as the workspace likes', () => {
    const named = [{ name: 'Hot', min: 50 }, { name: 'Warm', min: 0 }, { name: 'Cold' }];
    const gradeOf = (points: number) =>
      computeScore(rules({ fit: [{ id: 'v', points, when: { field: 'contact.firstName', exists: true } }], grades: named }), { contact: contact(), interactions: [], now }).grade;
    assert.equal(gradeOf(50), 'Hot');
    assert.equal(gradeOf(0), 'Warm');
    assert.equal(gradeOf(-0.01), 'Cold');
    assert.equal(computeScore(rules({ grades: [{ name: 'Everyone' }] }), { contact: contact(), interactions: [], now }).grade, 'Everyone');
  });

  it('points keep two decimals and the value is their exact sum', () => {
    // 0.1 + 0.2 + 0.005 (rounds to 0.01): 0.31, not 0.30000000000000004.
    const fitRules = [0.1, 0.2, 0.005].map((points, i) => ({ id: `p${i}`, points, when: { field: 'contact.firstName', exists: true } }));
    const score = computeScore(rules({ fit: fitRules }), { contact: contact(), interactions: [], now });
    assert.deepEqual(score.contributions.map((c) => c.points), [0.1, 0.2, 0.01]);
    assert.equal(score.value, 0.31);
  });
});

describe('computeScore: the default rules', () => {
  it('scores a realistic lead as hand-computed', () => {
    const mia = contact({
      firstName: 'Mia',
      title: 'VP Marketing',
      emails: ['mia@northwind.io'],
      phones: ['+4930123456'],
      lifecycleStage: 'salesQualified',
      companyId: '0196a1b2-0000-7000-8000-0000000000a1',
    });
    const northwind = company({ name: 'Northwind', size: '201-500' });
    const newestMeeting = entry('meeting', 0);
    const interactions = [
      entry('formSubmission', 30), // 10 × 0.5 = 5
      entry('formSubmission', 60), // 10 × 0.25 = 2.5
      entry('meeting', 45), // 8 × 0.5 = 4
      newestMeeting, // 8
      entry('call', 0, { outcome: 'connected' }), // 5
      entry('call', 0, { outcome: 'voicemail' }), // not counted
      entry('email', 21, { direction: 'inbound' }), // 3 × 0.5 = 1.5
      entry('email', 0, { direction: 'outbound' }), // not counted
      entry('note', 0), // not counted
      entry('stageChange', 180, { stageChange: { toStageId: '0196a1b2-0000-7000-8000-0000000000e1', toStatus: 'won' } }), // 15 × 0.5 = 7.5
      entry('meeting', -2), // next week: not yet
    ];
    const score = computeScore(defaultScoringRules, { contact: mia, company: northwind, interactions, now: new Date(now) });
    // Fit: senior title 15 + mid-size 15 + phone 5 + sales-qualified 10 = 45 (cap 50, not reached).
    // Engagement: forms 7.5 + meetings 12 + call 5 + reply 1.5 + won deal 7.5 = 33.5 (cap 50).
    // Value 78.5: grade A (60+).
    assert.deepEqual(
      score.contributions.map((c) => [c.rule, c.points]),
      [
        ['senior-title', 15],
        ['mid-size-company', 15],
        ['has-phone', 5],
        ['sales-qualified', 10],
        ['form-submission', 7.5],
        ['meeting', 12],
        ['call-connected', 5],
        ['email-reply', 1.5],
        ['deal-won', 7.5],
      ],
    );
    assert.equal(score.value, 78.5);
    assert.equal(score.grade, 'A');
    assert.deepEqual(score.contributions[0], {
      rule: 'senior-title',
      label: 'Senior title',
      group: 'fit',
      points: 15,
      evidence: { kind: 'fields', fields: [{ field: 'contact.title', value: 'VP Marketing' }] },
    });
    const meeting = score.contributions.find((c) => c.rule === 'meeting');
    assert.deepEqual(meeting?.evidence, { kind: 'interactions', count: 2, interactionIds: [newestMeeting.id, interactions[2]?.id], latestAt: now });
  });

  it('scores a personal address against the lead, and caps a very engaged one at 50', () => {
    const sam = contact({ title: 'Founder', emails: ['sam@gmail.com'], companyId: '0196a1b2-0000-7000-8000-0000000000a1' });
    const big = company({ size: '5001+' });
    // Forms: newest 3 of 4 today × 10 = 30; meetings: newest 5 of 6 today × 8 = 40. 70, capped at 50: -20.
    const interactions = [...Array.from({ length: 4 }, () => entry('formSubmission', 0)), ...Array.from({ length: 6 }, () => entry('meeting', 0))];
    const score = computeScore(defaultScoringRules, { contact: sam, company: big, interactions, now });
    // Fit: founder 15 + large company 20 - personal address 10 = 25.
    assert.deepEqual(
      score.contributions.map((c) => [c.rule, c.points]),
      [
        ['senior-title', 15],
        ['large-company', 20],
        ['free-mail', -10],
        ['form-submission', 30],
        ['meeting', 40],
        ['engagement.cap', -20],
      ],
    );
    assert.deepEqual(score.contributions[2]?.evidence, { kind: 'fields', fields: [{ field: 'contact.emails', value: 'gmail.com' }] });
    // 25 + 50 = 75: A.
    assert.equal(score.value, 75);
    assert.equal(score.grade, 'A');
  });

  it('is itself a valid rules document', () => {
    assert.doesNotThrow(() => computeScore(JSON.parse(JSON.stringify(defaultScoringRules)), { contact: contact(), interactions: [], now }));
  });
});
