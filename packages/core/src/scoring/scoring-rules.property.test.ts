import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createCrm, memoryAdapter, ValidationError, type Interaction } from '../index.js';
import { anyJunk, badList, badTimestamp, notAnObject } from '../testing-support/arbitraries.test-support.js';
import { checkError, checkSync, PropertyFailure, show } from '../testing-support/refusal.test-support.js';
import { computeScore, maxEvidenceIds, parseScoringRules, type Score } from './compute-score.js';
import { rulesWithJunk, scoredCompany, scoredContact, scoringNow, scoringRules, timeline } from './scoring-arbitraries.test-support.js';
import type { ScoringRules } from './scoring-rules.schema.js';

/** Points in hundredths, as the engine adds them up. */
const cents = (points: number) => Math.round(points * 100);

/** Runs `call`, which must throw a ValidationError with an issue whose path starts with `path`. */
function refuses(call: () => unknown, path: readonly (string | number)[]): ValidationError {
  let error: unknown;
  try {
    const value = call();
    throw new PropertyFailure(`Expected a ValidationError at ${show(path)}, but it returned ${show(value)}`);
  } catch (caught) {
    if (caught instanceof PropertyFailure) throw caught;
    error = caught;
  }
  return checkError(error, { code: 'validation', path }) as ValidationError;
}

/** A subject and the time scoring sees. */
const subject = fc.record({ contact: scoredContact, company: scoredCompany, interactions: timeline });

/** Checks what must hold of every score, whatever the rules and the subject. */
function checkScore(rules: ScoringRules, score: Score, interactions: readonly Interaction[]): void {
  // Every point is explained: the value is the sum of the contributions, each to two decimals.
  for (const c of score.contributions) assert.ok(Math.abs(c.points * 100 - cents(c.points)) < 1e-6, `${c.rule} has more than two decimals: ${c.points}`);
  assert.equal(score.contributions.reduce((sum, c) => sum + cents(c.points), 0), cents(score.value), 'value is the sum of the contributions');

  for (const group of ['fit', 'engagement'] as const) {
    const { cap, floor } = rules[group];
    const mine = score.contributions.filter((c) => c.group === group);
    const total = mine.reduce((sum, c) => sum + cents(c.points), 0);
    if (cap !== undefined) assert.ok(total <= cents(cap), `${group} total ${total / 100} is above its cap ${cap}`);
    if (floor !== undefined) assert.ok(total >= cents(floor), `${group} total ${total / 100} is below its floor ${floor}`);
    // A limit is one contribution, after the group's rules, and only when it moved the total.
    const limits = mine.filter((c) => c.evidence.kind === 'limit');
    assert.ok(limits.length <= 1, `${group} has ${limits.length} limit contributions`);
    if (limits[0]) {
      assert.equal(mine.at(-1), limits[0], 'the limit comes last in its group');
      assert.notEqual(limits[0].points, 0);
      assert.ok([`${group}.cap`, `${group}.floor`].includes(limits[0].rule));
    }
    const ids = new Set(rules[group].rules.map((r) => r.id));
    for (const c of mine) if (c.evidence.kind !== 'limit') assert.ok(ids.has(c.rule), `${c.rule} is not a ${group} rule`);
  }

  // The grade is the first whose min the value reaches; every better grade's min is out of reach.
  const index = rules.grades.findIndex((g) => g.name === score.grade);
  assert.ok(index >= 0, `unknown grade ${score.grade}`);
  const min = rules.grades[index]?.min;
  if (min !== undefined) assert.ok(score.value >= min, `${score.value} has not reached ${score.grade} (${min})`);
  else assert.equal(index, rules.grades.length - 1, 'only the last grade has no min');
  for (const better of rules.grades.slice(0, index)) assert.ok(score.value < (better.min as number), `${score.value} reaches the better grade ${better.name}`);

  // Engagement evidence: distinct entries, newest first, none in the future, at most maxCount counted.
  const byId = new Map(interactions.map((entry) => [entry.id, entry]));
  for (const c of score.contributions) {
    if (c.evidence.kind !== 'interactions') continue;
    const { count, interactionIds, latestAt } = c.evidence;
    const rule = rules.engagement.rules.find((r) => r.id === c.rule);
    assert.ok(count >= 1 && count <= (rule?.maxCount ?? Infinity), `${c.rule} counted ${count}`);
    assert.equal(interactionIds.length, Math.min(count, maxEvidenceIds));
    assert.equal(new Set(interactionIds).size, interactionIds.length, 'evidence ids are distinct');
    const times = interactionIds.map((id) => Date.parse((byId.get(id) as Interaction).occurredAt));
    assert.ok(times.every((t, i) => t <= Date.parse(scoringNow) && (i === 0 || t <= (times[i - 1] as number))), 'newest first, none in the future');
    assert.equal(latestAt, byId.get(interactionIds[0] as string)?.occurredAt);
  }
}

describe('scoring rules: valid documents', () => {
  it('any valid rules document parses, and parsing it again changes nothing', () => {
    checkSync(
      fc.property(scoringRules(), (doc) => {
        const rules = parseScoringRules(doc);
        assert.equal(rules.fit.rules.length, doc.fit.rules.length);
        assert.equal(rules.engagement.rules.length, doc.engagement.rules.length);
        assert.deepEqual(parseScoringRules(rules), rules);
      }),
      100,
    );
  });

  it('every score adds up: value is the sum of contributions, groups stay within cap and floor, the grade fits the thresholds', () => {
    checkSync(
      fc.property(scoringRules(), subject, (doc, { contact, company, interactions }) => {
        const rules = parseScoringRules(doc);
        checkScore(rules, computeScore(rules, { contact, company, interactions, now: scoringNow }), interactions);
      }),
      100,
    );
  });

  it('the order of the timeline does not matter', () => {
    const shuffled = timeline.chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length })));
    checkSync(
      fc.property(scoringRules({ minEngagement: 1 }), scoredContact, shuffled, (doc, contact, [entries, reordered]) => {
        const rules = parseScoringRules(doc);
        const now = new Date(scoringNow);
        assert.deepEqual(computeScore(rules, { contact, interactions: reordered, now }), computeScore(rules, { contact, interactions: entries, now }));
      }),
      100,
    );
  });
});

describe('scoring rules: junk is refused with a ValidationError naming its place', () => {
  it('parseScoringRules names the place of junk planted anywhere in a document', () => {
    checkSync(
      fc.property(rulesWithJunk, ({ doc, path }) => {
        refuses(() => parseScoringRules(doc), path);
      }),
      300,
    );
  });

  it('computeScore refuses the same documents, before scoring anything', () => {
    checkSync(
      fc.property(rulesWithJunk, scoredContact, ({ doc, path }, contact) => {
        refuses(() => computeScore(doc as never, { contact, interactions: [], now: scoringNow }), path);
      }),
      100,
    );
  });

  it('createCrm refuses them as scoring.rules, every issue under that path', () => {
    checkSync(
      fc.property(rulesWithJunk, ({ doc, path }) => {
        const error = refuses(() => createCrm({ storage: memoryAdapter(), scoring: { rules: doc as never } }), ['scoring', 'rules', ...path]);
        for (const issue of error.issues) assert.deepEqual(issue.path.slice(0, 2), ['scoring', 'rules'], show(issue));
      }),
      100,
    );
  });

  it('computeScore refuses an input that is not a stored contact, company, timeline and time, naming the field', () => {
    // One part of a valid input made wrong: not an object, a record missing what it must have, a bad entry, a bad time.
    const brokenContact = scoredContact.chain((c) => fc.constantFrom<unknown>({ ...c, id: 'ann' }, { ...c, emails: ['not an email'] }, { ...c, lastName: undefined, firstName: undefined, emails: [] }, { ...c, customFields: { 'has space': 1 } }));
    const brokenEntry = timeline.filter((t) => t.length > 0).chain((t) => fc.constantFrom<unknown>({ ...t[0], occurredAt: 'yesterday' }, { ...t[0], type: 'visit' }, { ...t[0], id: undefined }));
    const junk = fc.oneof(
      fc.oneof(notAnObject, brokenContact).map((value) => ({ field: 'contact', value })),
      fc.oneof(notAnObject, fc.constant({ name: '' })).map((value) => ({ field: 'company', value })),
      fc.oneof(badList(brokenEntry, fc.constant(undefined)).filter((v) => !Array.isArray(v) || v.length < 1000), brokenEntry.map((e) => [e])).map((value) => ({ field: 'interactions', value })),
      fc.oneof(badTimestamp, fc.constant(undefined)).map((value) => ({ field: 'now', value })),
    );
    checkSync(
      fc.property(scoringRules(), subject, junk, (doc, input, { field, value }) => {
        refuses(() => computeScore(doc, { ...input, now: scoringNow, [field]: value } as never), [field]);
      }),
      100,
    );
  });

  it('anything that is not a rules document is refused, never with a TypeError', () => {
    checkSync(
      fc.property(anyJunk, (junk) => {
        refuses(() => parseScoringRules(junk), []);
        refuses(() => computeScore(junk as never, { contact: {} as never, interactions: [], now: scoringNow }), []);
        if (junk === undefined) return; // no rules: createCrm uses the default ones
        const error = refuses(() => createCrm({ storage: memoryAdapter(), scoring: { rules: junk as never } }), ['scoring', 'rules']);
        for (const issue of error.issues) assert.deepEqual(issue.path.slice(0, 2), ['scoring', 'rules'], show(issue));
      }),
      100,
    );
  });
});

describe('scoring rules: what the errors name, by example', () => {
  const valid = (): { fit: { cap?: number; rules: unknown[] }; engagement: { rules: unknown[] }; grades: unknown[] } => ({
    fit: { cap: 50, rules: [{ id: 'ceo', points: 20, when: { field: 'contact.title', equals: 'CEO' } }] },
    engagement: { rules: [{ id: 'meeting', points: 8, match: { types: ['meeting'] }, halfLifeDays: 30 }] },
    grades: [{ name: 'A', min: 50 }, { name: 'B', min: 20 }, { name: 'C' }],
  });
  const issuesOf = (doc: unknown) => refuses(() => parseScoringRules(doc), []).issues.map((i) => [i.path.join('.'), i.message]);

  it('a field scoring must not read, such as a prototype name, is named with the fields it may read', () => {
    const doc = valid();
    doc.fit.rules[0] = { id: 'ceo', points: 20, when: { field: 'contact.__proto__', equals: 'x' } };
    assert.deepEqual(issuesOf(doc), [['fit.rules.0.when.field', 'Must be contact.<field>, company.<field> or contact.customFields.<name> (such as contact.title or company.size)']]);
  });

  it('a second rule with the same id, or one named like a group limit, is named at its id', () => {
    const doc = valid();
    doc.engagement.rules.push({ id: 'ceo', points: 1, match: {} }, { id: 'fit.cap', points: 1, match: {} });
    assert.deepEqual(issuesOf(doc), [
      ['engagement.rules.1.id', 'Another rule is already called "ceo"'],
      ['engagement.rules.2.id', 'This id names a group limit in scores; choose another'],
    ]);
  });

  it('grades out of order, and a min on the last grade, are named at the min', () => {
    const doc = valid();
    doc.grades = [{ name: 'A', min: 20 }, { name: 'B', min: 20 }, { name: 'C', min: 0 }];
    assert.deepEqual(issuesOf(doc), [
      ['grades.1.min', 'Grades go from best to worst: each min must be below the one before'],
      ['grades.2.min', 'The last grade takes every lower score; leave out its min'],
    ]);
  });

  it('two operators in one condition, or none, are named at its field', () => {
    const doc = valid();
    doc.fit.rules[0] = { id: 'ceo', points: 20, when: { all: [{ field: 'contact.title', equals: 'CEO', contains: 'C' }, { field: 'contact.tags' }] } };
    assert.deepEqual(issuesOf(doc), [
      ['fit.rules.0.when.all.0.field', 'Use exactly one of equals, in, exists, range, contains, freeMail'],
      ['fit.rules.0.when.all.1.field', 'Use exactly one of equals, in, exists, range, contains, freeMail'],
    ]);
  });

  it('a value of the wrong type inside a condition is named at its operator, also inside all and any', () => {
    const doc = valid();
    doc.fit.rules[0] = { id: 'ceo', points: 20, when: { field: 'contact.title', equals: { text: 'CEO' } } };
    doc.fit.rules[1] = { id: 'vip', points: 5, when: { any: [{ field: 'contact.tags', contains: 'vip' }, { field: 'contact.tags', in: 'vip' }] } };
    assert.deepEqual(issuesOf(doc), [
      ['fit.rules.0.when.equals', 'Must be a string, a number or true/false'],
      ['fit.rules.1.when.any.1.in', 'Invalid input: expected array, received string'],
    ]);
  });

  it('createCrm names the same places under scoring.rules', () => {
    const doc = valid();
    (doc.grades[2] as Record<string, unknown>)['min'] = -5;
    const error = refuses(() => createCrm({ storage: memoryAdapter(), scoring: { rules: doc as never } }), ['scoring', 'rules', 'grades', 2, 'min']);
    assert.deepEqual(error.issues.map((i) => i.path), [['scoring', 'rules', 'grades', 2, 'min']]);
  });
});
