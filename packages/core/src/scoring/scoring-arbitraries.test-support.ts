/**
 * Arbitraries for the scoring property tests: valid scoring rules, the contacts, companies and
 * timelines they score, and junk planted at one known place of a rules document.
 *
 * Test-only, free of Node imports, like `testing-support/arbitraries.test-support.ts`. The
 * vocabularies are small on purpose, so that generated conditions often hold and generated
 * entries often match: a property about contributions says little when nothing ever scores.
 */
import fc from 'fast-check';
import { companySizes, dealStatuses, interactionTypes, lifecycleStages, type Company, type Contact, type Interaction } from '../index.js';
import { directions } from '../interactions/interaction.schema.js';
import { badRequiredText, hugeString, notAList, notANumber, notAnObject, notAString } from '../testing-support/arbitraries.test-support.js';
import type { ScoringRulesInput } from './scoring-rules.schema.js';

/** The moment every generated subject is scored at. */
export const scoringNow = '2026-05-01T08:00:00.000Z';
const nowMs = Date.parse(scoringNow);
const day = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Valid rules
// ---------------------------------------------------------------------------------------------

/** Field paths a condition may read, custom fields (one with a dot in its name) included. */
export const scoreFieldPath = fc.constantFrom(
  'contact.firstName',
  'contact.title',
  'contact.emails',
  'contact.phones',
  'contact.lifecycleStage',
  'contact.tags',
  'contact.companyName',
  'contact.source.channel',
  'contact.customFields.seats',
  'contact.customFields.plan.name',
  'company.name',
  'company.size',
  'company.industry',
  'company.tags',
  'company.customFields.tier',
  'company.customFields.seats',
);

const words = ['CEO', 'vp', 'Engineer', 'acme', 'gold', 'Lead', 'customer', 'vip', 'smb', '51-200', '5001+', 'ads', 'Software', 'ann'];
const word = fc.constantFrom(...words);
const scalar = fc.oneof(word, fc.integer({ min: -5, max: 120 }), fc.boolean());
/** Numbers a range bound may take: whole, fractional, negative. */
const bound = fc.oneof(fc.integer({ min: -10, max: 120 }), fc.double({ min: -10, max: 120, noNaN: true }));

const operator = fc.oneof(
  scalar.map((equals) => ({ equals })),
  fc.array(scalar, { minLength: 1, maxLength: 4 }).map((values) => ({ in: values })),
  fc.boolean().map((exists) => ({ exists })),
  fc
    .tuple(fc.option(bound, { nil: undefined }), fc.option(bound, { nil: undefined }))
    .filter(([a, b]) => a !== undefined || b !== undefined)
    .map(([a, b]) => {
      const [min, max] = a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];
      return { range: { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) } };
    }),
  word.map((contains) => ({ contains })),
);

const negate = fc.option(fc.boolean(), { nil: undefined }).map((n) => (n === undefined ? {} : { negate: n }));

/** One field test: a field and exactly one operator (`freeMail` on `contact.emails` only). */
export const fieldCondition = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(scoreFieldPath, operator, negate).map(([field, op, neg]) => ({ field, ...op, ...neg })) },
  { weight: 1, arbitrary: fc.tuple(fc.boolean(), negate).map(([freeMail, neg]) => ({ field: 'contact.emails', freeMail, ...neg })) },
);

/** A condition: one field test, or several under `all` or `any`. */
export const condition = fc.oneof(
  { weight: 3, arbitrary: fieldCondition },
  { weight: 1, arbitrary: fc.array(fieldCondition, { minLength: 1, maxLength: 3 }).map((all) => ({ all })) },
  { weight: 1, arbitrary: fc.array(fieldCondition, { minLength: 1, maxLength: 3 }).map((any) => ({ any })) },
);

/** Points: often whole, sometimes any finite number the schema allows. */
export const points = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1000, max: 1000, noNaN: true }));

const ruleId = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,12}$/).filter((id) => !/^(fit|engagement)\.(cap|floor)$/.test(id));
const label = fc.option(fc.constantFrom('Senior title', 'Met with us', 'Big company'), { nil: undefined }).map((l) => (l === undefined ? {} : { label: l }));

const outcomes = ['connected', 'Voicemail', 'no-answer'];
const formIds = ['demo-request', 'newsletter'];
/** Mostly absent, so that generated rules often match generated entries. */
const optionalList = <T>(values: readonly T[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.subarray([...values], { minLength: 1 }) });

/** Which entries an engagement rule counts: any subset of the lists, each non-empty. */
export const engagementMatch = fc
  .record({
    types: optionalList(interactionTypes),
    outcomes: optionalList(outcomes),
    directions: optionalList(directions),
    formIds: optionalList(formIds),
    toStatuses: optionalList(dealStatuses),
  })
  .map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)));

function fitRule(id: string) {
  return fc.tuple(points, condition, label).map(([p, when, l]) => ({ id, points: p, when, ...l }));
}

function engagementRule(id: string) {
  return fc
    .record(
      {
        halfLifeDays: fc.oneof(fc.constantFrom(1, 7, 30), fc.double({ min: 0.01, max: 3650, noNaN: true })),
        withinDays: fc.integer({ min: 1, max: 500 }),
        maxCount: fc.integer({ min: 1, max: 5 }),
      },
      { requiredKeys: [] },
    )
    .chain((decay) => fc.tuple(points, engagementMatch, label).map(([p, match, l]) => ({ id, points: p, match, ...decay, ...l })));
}

/** A cap, a floor, both or neither, the floor never above the cap. */
const limits = fc
  .tuple(fc.option(fc.integer({ min: -60, max: 120 }), { nil: undefined }), fc.option(fc.integer({ min: -60, max: 120 }), { nil: undefined }))
  .map(([a, b]) => {
    if (a !== undefined && b !== undefined) return { cap: Math.max(a, b), floor: Math.min(a, b) };
    return { ...(a === undefined ? {} : { cap: a }), ...(b === undefined ? {} : { floor: b }) };
  });

/** Grades from best to worst: strictly falling mins, the last without one; names like A, Hot, Tier-2. */
export const grades = fc
  .tuple(
    fc.uniqueArray(fc.stringMatching(/^[A-Z][a-z0-9+-]{0,8}$/), { minLength: 1, maxLength: 6 }),
    fc.uniqueArray(fc.oneof(fc.integer({ min: -50, max: 150 }), fc.double({ min: -50, max: 150, noNaN: true })), { minLength: 5, maxLength: 5, comparator: 'SameValueZero' }),
  )
  .map(([names, mins]) => {
    const falling = [...mins].sort((a, b) => b - a);
    return names.map((name, i) => (i === names.length - 1 ? { name } : { name, min: falling[i] as number }));
  });

/** Options for {@link scoringRules}: the fewest rules of each group. */
export interface RulesShape {
  minFit?: number;
  minEngagement?: number;
  minGrades?: number;
}

/** A valid scoring-rules document, as a user would write it (JSON). */
export function scoringRules(shape: RulesShape = {}): fc.Arbitrary<ScoringRulesInput> {
  const { minFit = 0, minEngagement = 0, minGrades = 1 } = shape;
  return fc
    .tuple(
      fc.uniqueArray(ruleId, { minLength: minFit + minEngagement, maxLength: minFit + minEngagement + 8 }),
      limits,
      limits,
      grades.filter((g) => g.length >= minGrades),
      fc.option(fc.constantFrom(['acme-mail.example'], ['Corp.Example', 'acme.io']), { nil: undefined }),
    )
    .chain(([ids, fitLimits, engagementLimits, gradeList, extraDomains]) =>
      fc.integer({ min: minFit, max: ids.length - minEngagement }).chain((split) =>
        fc
          .tuple(fc.tuple(...ids.slice(0, split).map(fitRule)), fc.tuple(...ids.slice(split).map(engagementRule)))
          .map(([fit, engagement]) => ({
            fit: { ...fitLimits, rules: fit },
            engagement: { ...engagementLimits, rules: engagement },
            grades: gradeList,
            ...(extraDomains ? { freeMailDomains: extraDomains } : {}),
          })),
      ),
    ) as fc.Arbitrary<ScoringRulesInput>;
}

// ---------------------------------------------------------------------------------------------
// What rules score
// ---------------------------------------------------------------------------------------------

const meta = { version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const defined = <T extends object>(record: T) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;

/** A stored contact (always valid: it has a last name), with values from the small vocabulary the conditions use. */
export const scoredContact: fc.Arbitrary<Contact> = fc
  .record({
    firstName: optional(fc.constantFrom('Ann', 'ann', 'Bob')),
    title: optional(fc.constantFrom('CEO', 'VP Sales', 'Engineer', 'Lead engineer', 'ceo')),
    emails: fc.subarray(['ann@gmail.com', 'bob@acme.io', 'c@acme-mail.example', 'd@corp.example']),
    phones: fc.subarray(['+4930123456']),
    lifecycleStage: fc.constantFrom(...lifecycleStages),
    tags: fc.subarray(['vip', 'smb', 'customer']),
    companyName: optional(fc.constantFrom('Acme', 'acme')),
    source: optional(fc.constantFrom({ channel: 'ads' }, { channel: 'seo' })),
    customFields: fc.record({ seats: fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constant('75')), 'plan.name': fc.constantFrom('gold', 'free') }, { requiredKeys: [] }),
  })
  .map((c) => defined({ id: '0196a1b2-0000-7000-8000-0000000000c1', ...meta, lastName: 'Lee', consent: [], ...c }) as Contact);

/** The contact's company, or none. */
export const scoredCompany: fc.Arbitrary<Company | undefined> = optional(
  fc
    .record({
      name: fc.constantFrom('Acme', 'Globex'),
      size: optional(fc.constantFrom(...companySizes)),
      industry: optional(fc.constantFrom('Software', 'Retail')),
      tags: fc.subarray(['vip', 'enterprise']),
      customFields: fc.record({ tier: fc.constantFrom('gold', 'silver'), seats: fc.integer({ min: 0, max: 120 }) }, { requiredKeys: [] }),
    })
    .map((c) => defined({ id: '0196a1b2-0000-7000-8000-0000000000a1', ...meta, ...c }) as Company),
);

/** How long ago an entry happened, in days: a few shared values (so entries tie), any age, or the future. */
const ageDays = fc.oneof(fc.constantFrom(0, 1, 30, 30, 90), fc.double({ min: -3, max: 800, noNaN: true }));

const entryFields = fc.record({
  type: fc.constantFrom(...interactionTypes),
  age: ageDays,
  outcome: optional(fc.constantFrom(...outcomes, 'CONNECTED')),
  direction: optional(fc.constantFrom(...directions)),
  formId: optional(fc.constantFrom(...formIds)),
  toStatus: fc.constantFrom(...dealStatuses),
});

/** A timeline of up to 14 entries with distinct ids, in no particular order. */
export const timeline: fc.Arbitrary<Interaction[]> = fc.array(entryFields, { maxLength: 14 }).map((entries) =>
  entries.map(({ type, age, outcome, direction, formId, toStatus }, i) =>
    defined({
      id: `0196a1b2-0000-7000-8000-${String(i).padStart(12, '0')}`,
      ...meta,
      type,
      contactId: '0196a1b2-0000-7000-8000-0000000000c1',
      occurredAt: new Date(nowMs - Math.round(age * day)).toISOString(),
      outcome,
      direction,
      data: type === 'formSubmission' && formId ? { formId } : undefined,
      dealId: type === 'stageChange' ? '0196a1b2-0000-7000-8000-0000000000d1' : undefined,
      stageChange: type === 'stageChange' ? { toStageId: '0196a1b2-0000-7000-8000-0000000000e1', toStatus } : undefined,
    }) as Interaction,
  ),
);

// ---------------------------------------------------------------------------------------------
// Junk planted at one place of a rules document
// ---------------------------------------------------------------------------------------------

type Path = (string | number)[];

/** A rules document with one thing wrong, and the path an issue must start with. */
export interface PlantedJunk {
  readonly doc: unknown;
  /** Where the junk was put: every error must name it, or the condition or list that holds it. */
  readonly path: Path;
  readonly what: string;
}

/** Not a finite number: NaN, infinities, numeric strings, other types. */
const badFinite: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '10'), notANumber);
const badBoolean: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom('true', 0, 1, 'yes'), notAString.filter((v) => typeof v !== 'boolean'));
const badRuleId: fc.Arbitrary<unknown> = fc.oneof(notAString, hugeString, fc.constantFrom('', 'has space', 'x'.repeat(65), 'é', 'a/b', ' '));
/** Field paths scoring must not read: prototype names, unknown records and fields, bad custom-field names. */
export const badFieldPath: fc.Arbitrary<unknown> = fc.oneof(
  notAString,
  hugeString,
  fc.constantFrom(
    'contact.__proto__',
    'contact.constructor',
    'contact.toString',
    'company.__proto__',
    'contact.customFields.',
    'contact.customFields.1st',
    'company.customFields.has space',
    'contact.source',
    'contact.source.__proto__',
    'contact.score.value',
    'contact.consent',
    'deal.title',
    'contact',
    'title',
    '',
    'Contact.title',
    `contact.customFields.${'x'.repeat(65)}`,
  ),
);
const badPoints: fc.Arbitrary<unknown> = fc.oneof(badFinite, fc.constantFrom(1000.5, -1001, 1e9));
const badPositiveDays: fc.Arbitrary<unknown> = fc.oneof(badFinite, fc.constantFrom(0, -1, 3650.5, 1e6));
const badWholeDays: fc.Arbitrary<unknown> = fc.oneof(badFinite, fc.constantFrom(0, -1, 1.5, 36501));
const badMaxCount: fc.Arbitrary<unknown> = fc.oneof(badFinite, fc.constantFrom(0, -1, 1.5, 1001));
/** A list for an enum-valued match field with one wrong element, or no list at all, or an empty one. */
function badEnumList(values: readonly string[]): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(notAString, fc.constantFrom('', 'Meeting', ' won', 'phone', 'pending'), fc.string({ maxLength: 8 })).filter((v) => !values.includes(v as string));
  return fc.oneof(notAList, fc.constant([]), fc.tuple(fc.subarray([...values]), wrong).map(([good, bad]) => [...good, bad]));
}
const badTextList: fc.Arbitrary<unknown> = fc.oneof(
  notAList,
  fc.constant([]),
  badRequiredText.map((bad) => ['ok', bad]),
);
/** Not a string, number or boolean a condition compares with: objects, lists, NaN, a megabyte. */
const notAScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>({}, [], ['a'], null, Number.NaN, Number.POSITIVE_INFINITY, new Date(0), Symbol('junk'), () => 1, 10n),
  hugeString,
  fc.dictionary(fc.string(), fc.string(), { minKeys: 1, maxKeys: 2 }),
);
const unknownKey = fc.constantFrom('foo', 'Points', '__proto__', 'constructor', 'weight', 'decay');

/** An operator part of a field condition that breaks it: a wrong value, a second operator, or none. */
const badOperator: fc.Arbitrary<{ patch: Record<string, unknown>; drop?: boolean }> = fc.oneof(
  notAScalar.map((equals) => ({ patch: { equals } })),
  fc.oneof(notAList, fc.constant([]), fc.constant([{}])).map((values) => ({ patch: { in: values } })),
  badBoolean.map((exists) => ({ patch: { exists } })),
  fc.constantFrom<unknown>({}, { min: 'a' }, { min: 5, max: 1 }, { min: Number.NaN }, { from: 1 }, 5, [1, 2]).map((range) => ({ patch: { range } })),
  badRequiredText.map((contains) => ({ patch: { contains } })),
  badBoolean.map((n) => ({ patch: { negate: n } })),
  fc.constant({ patch: { equals: 'x', in: ['y'] } }),
  fc.constant({ patch: {}, drop: true }),
  fc.constant({ patch: { field: 'contact.title', freeMail: true }, drop: true }),
);

/** Deep copy of a JSON document (the generated rules are plain data). */
function copy<T>(doc: T): T {
  return structuredClone(doc);
}

/** Sets `value` at `path` as an own property (so `__proto__` is a key, not the prototype). */
function setAt(doc: unknown, path: Path, value: unknown): void {
  let node = doc as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  Object.defineProperty(node, path[path.length - 1] as string | number, { value, enumerable: true, configurable: true, writable: true });
}

/**
 * A valid rules document (with at least one fit rule, one engagement rule and two grades) with one
 * piece of junk planted in it, and the place an issue must name. Junk inside a condition is
 * expected to be named at the condition (`when`) or deeper: zod reports a union that no branch
 * matched at the union itself.
 */
export const rulesWithJunk: fc.Arbitrary<PlantedJunk> = scoringRules({ minFit: 1, minEngagement: 1, minGrades: 2 }).chain((valid) => {
  const doc = valid as { fit: { rules: { id: string; when: Record<string, unknown> }[] }; engagement: { rules: { id: string }[] }; grades: { name: string; min?: number }[] };
  const fitIndex = fc.nat({ max: doc.fit.rules.length - 1 });
  const engagementIndex = fc.nat({ max: doc.engagement.rules.length - 1 });
  const gradeIndex = fc.nat({ max: doc.grades.length - 1 });
  const group = fc.constantFrom('fit' as const, 'engagement' as const);
  const anyRule = group.chain((g) => fc.nat({ max: doc[g].rules.length - 1 }).map((i) => ({ g, i, place: [g, 'rules', i] as Path })));
  const at = (path: Path, value: unknown, what: string, expect: Path = path): PlantedJunk => {
    const out = copy(valid);
    setAt(out, path, value);
    return { doc: out, path: expect, what };
  };
  const plants: fc.Arbitrary<PlantedJunk>[] = [
    fc.constantFrom('fit', 'engagement').chain((g) => notAnObject.map((v) => at([g], v, `${g} is not an object`))),
    fc.oneof(notAList, fc.constant([])).map((v) => at(['grades'], v, 'grades is not a non-empty list')),
    group.chain((g) => notAList.map((v) => at([g, 'rules'], v, `${g}.rules is not a list`))),
    fc.tuple(group, fc.constantFrom('cap', 'floor'), badFinite).map(([g, k, v]) => at([g, k], v, `${g}.${k} is not a finite number`)),
    anyRule.chain(({ place }) => notAnObject.map((v) => at(place, v, 'a rule is not an object'))),
    anyRule.chain(({ place }) => badRuleId.map((v) => at([...place, 'id'], v, 'a bad rule id'))),
    anyRule.chain(({ place }) => badPoints.map((v) => at([...place, 'points'], v, 'points out of range or not a number'))),
    anyRule.chain(({ place }) => badRequiredText.map((v) => at([...place, 'label'], v, 'a bad label'))),
    anyRule.chain(({ place }) => fc.constantFrom('fit.cap', 'fit.floor', 'engagement.cap', 'engagement.floor').map((v) => at([...place, 'id'], v, 'a reserved id'))),
    // Duplicate ids: a later rule takes an earlier one's id; the later one is named.
    fc.constant(null).map(() => at(['engagement', 'rules', 0, 'id'], doc.fit.rules[0]?.id, 'an id used twice')),
    // Conditions.
    fitIndex.chain((i) => fc.oneof(notAnObject, fc.constant({})).map((v) => at(['fit', 'rules', i, 'when'], v, 'when is not a condition'))),
    fitIndex.chain((i) => badFieldPath.map((v) => at(['fit', 'rules', i, 'when'], { field: v, exists: true }, 'a field scoring must not read', ['fit', 'rules', i, 'when']))),
    fitIndex.chain((i) =>
      fc.tuple(badOperator, fc.constantFrom('top', 'all', 'any')).map(([{ patch, drop }, where]) => {
        const broken = { ...(drop ? { field: 'contact.title' } : { field: 'contact.title', exists: true }), ...patch };
        const when = where === 'top' ? broken : { [where]: [{ field: 'contact.tags', contains: 'vip' }, broken] };
        return at(['fit', 'rules', i, 'when'], when, `a broken operator (${Object.keys(patch).join(', ') || 'none'}) in ${where}`);
      }),
    ),
    fitIndex.chain((i) =>
      fc.oneof(notAList, fc.constant([]), fc.constant(Array.from({ length: 21 }, () => ({ field: 'contact.title', exists: true })))).chain((list) =>
        fc.constantFrom('all', 'any').map((k) => at(['fit', 'rules', i, 'when'], { [k]: list }, `${k} is not a list of 1 to 20 conditions`)),
      ),
    ),
    fitIndex.chain((i) => unknownKey.map((k) => at(['fit', 'rules', i, 'when'], { field: 'contact.title', exists: true, [k]: 1 }, `unknown key ${k} in a condition`))),
    // Engagement matches and decay.
    engagementIndex.chain((i) => fc.oneof(notAnObject).map((v) => at(['engagement', 'rules', i, 'match'], v, 'match is not an object'))),
    engagementIndex.chain((i) =>
      fc.oneof(
        badEnumList(interactionTypes).map((v) => ['types', v] as const),
        badEnumList(directions).map((v) => ['directions', v] as const),
        badEnumList(dealStatuses).map((v) => ['toStatuses', v] as const),
        badTextList.map((v) => ['outcomes', v] as const),
        badTextList.map((v) => ['formIds', v] as const),
        fc.constant(['tpyes', ['meeting']] as const),
      ).map(([k, v]) => at(['engagement', 'rules', i, 'match', k], v, `match.${k} is wrong`)),
    ),
    engagementIndex.chain((i) =>
      fc.oneof(
        badPositiveDays.map((v) => ['halfLifeDays', v] as const),
        badWholeDays.map((v) => ['withinDays', v] as const),
        badMaxCount.map((v) => ['maxCount', v] as const),
      ).map(([k, v]) => at(['engagement', 'rules', i, k], v, `${k} is wrong`)),
    ),
    // Grades.
    gradeIndex.chain((i) => badRequiredText.map((v) => at(['grades', i, 'name'], v, 'a bad grade name'))),
    gradeIndex.chain((i) => fc.constant('x'.repeat(33)).map((v) => at(['grades', i, 'name'], v, 'a grade name too long'))),
    fc.integer({ min: 1, max: doc.grades.length - 1 }).map((i) => at(['grades', i, 'name'], doc.grades[i - 1]?.name, 'a grade name used twice')),
    fc.nat({ max: doc.grades.length - 2 }).chain((i) => badFinite.map((v) => at(['grades', i, 'min'], v, 'a grade min not a finite number'))),
    fc.nat({ max: doc.grades.length - 2 }).map((i) => {
      const out = copy(valid) as typeof doc;
      delete out.grades[i]?.min;
      return { doc: out, path: ['grades', i, 'min'], what: 'a grade other than the last without min' };
    }),
    fc.constant(null).map(() => at(['grades', doc.grades.length - 1, 'min'], -1000, 'a min on the last grade')),
    // Non-descending: a grade's min at or above the one before it.
    fc.integer({ min: 1, max: doc.grades.length - 1 }).chain((i) =>
      fc.nat({ max: 50 }).map((up) => {
        const previous = doc.grades[i - 1]?.min as number;
        const out = copy(valid) as typeof doc;
        if (i === doc.grades.length - 1) return at(['grades', i, 'min'], previous + up, 'a min on the last grade, above the one before');
        (out.grades[i] as { min?: number }).min = previous + up;
        return { doc: out, path: ['grades', i, 'min'], what: 'grades not from best to worst' };
      }),
    ),
    // Limits and the document itself.
    group.map((g) => {
      const out = copy(valid);
      Object.assign(out[g], { cap: 10, floor: 10.5 });
      return { doc: out, path: [g, 'floor'], what: 'a floor above the cap' };
    }),
    fc.oneof(notAList, badRequiredText.map((bad) => ['acme.example', bad]), fc.constant(Array.from({ length: 1001 }, (_, i) => `d${i}.example`))).map((v) => at(['freeMailDomains'], v, 'freeMailDomains is wrong')),
    fc.tuple(fc.constantFrom<Path>([], ['fit'], ['engagement'], ['grades', 0]), unknownKey).map(([place, k]) => at([...place, k], true, `unknown key ${k}`)),
    anyRule.chain(({ place }) => unknownKey.map((k) => at([...place, k], 1, `unknown key ${k} in a rule`))),
    engagementIndex.chain((i) => unknownKey.map((k) => at(['engagement', 'rules', i, 'match', k], ['x'], `unknown key ${k} in a match`))),
  ];
  return fc.oneof(...plants);
});
