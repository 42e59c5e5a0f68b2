import { z } from '../schema/zod.js';
import { companySchema } from '../companies/company.schema.js';
import { contactSchema } from '../contacts/contact.schema.js';
import { interactionSchema, interactionTypes, type Interaction } from '../interactions/interaction.schema.js';
import { timestampSchema } from '../schema/common.schema.js';
import { parseInput } from '../validation.js';
import { compileCondition, type ConditionTest, type FieldEvidence } from './condition.js';
import { compileMatch, decayWeight } from './engagement.js';
import { freeMailDomains } from './free-mail-domains.js';
import type { ScoreSubject } from './score-fields.js';
import { scoringRulesSchema, type ScoringRules, type ScoringRulesInput } from './scoring-rules.schema.js';

/** Why a contribution was made: the fields that matched, the entries counted, or a group limit. */
export type ScoreEvidence =
  | { readonly kind: 'fields'; readonly fields: readonly FieldEvidence[] }
  | { readonly kind: 'interactions'; readonly count: number; readonly interactionIds: readonly string[]; readonly latestAt: string }
  | { readonly kind: 'limit'; readonly limit: number; readonly before: number };

/** Points one rule (or a group's cap or floor) added to a score, and why. */
export interface ScoreContribution {
  /** The rule's id; `fit.cap`, `fit.floor`, `engagement.cap` or `engagement.floor` for a group limit. */
  readonly rule: string;
  readonly label: string;
  readonly group: 'fit' | 'engagement';
  /** Points, to two decimals; negative for penalties and for a cap that cut the group's total. */
  readonly points: number;
  readonly evidence: ScoreEvidence;
}

/** A contact's lead score: the value, its grade, and every point explained. `value` is the sum of the contributions. */
export interface Score {
  readonly value: number;
  readonly grade: string;
  readonly contributions: readonly ScoreContribution[];
}

/** What a score is computed from: the contact, its company, its timeline, and the time. */
export interface ScoreInput extends ScoreSubject {
  /** The contact's timeline entries, in any order. Entries after `now` do not count yet. */
  readonly interactions: readonly Interaction[];
  readonly now: Date | string;
}

/** The most entry ids one contribution lists as evidence (the newest ones). */
export const maxEvidenceIds = 20;

/** Rules compiled once, ready to score many contacts. */
export interface ScoreEngine {
  readonly rules: ScoringRules;
  score(input: ScoreInput): Score;
}

// Points are kept in hundredths while adding up, so the value is exactly the sum of what is shown.
const hundredths = (points: number) => Math.round(points * 100);

const byIdDescending = (a: Interaction, b: Interaction) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Compiles validated scoring rules into an engine. Use it to score many contacts with the same
 * rules; {@link computeScore} is the one-off form.
 */
export function compileScoringRules(rules: ScoringRules): ScoreEngine {
  const domains = new Set([...freeMailDomains, ...(rules.freeMailDomains ?? [])]);
  // Everything that depends on the rules alone is worked out here, once, not once per contact.
  const fit = rules.fit.rules.map((rule) => ({ id: rule.id, label: rule.label ?? rule.id, points: hundredths(rule.points), test: compileCondition(rule.when, domains) as ConditionTest }));
  const engagement = rules.engagement.rules.map((rule) => ({ rule, label: rule.label ?? rule.id, matches: compileMatch(rule.match) }));
  // The engagement rules that may count an entry, by the entry's type (in rule order): a rule
  // with `types` never counts an entry of another type, so it is not even tested on one.
  const untyped = engagement.flatMap(({ rule }, r) => (rule.match.types ? [] : [r]));
  const rulesByType = new Map<string, readonly number[]>(
    interactionTypes.map((type) => [type, engagement.flatMap(({ rule }, r) => (!rule.match.types || rule.match.types.includes(type) ? [r] : []))]),
  );
  const { grades } = rules;

  function limit(group: 'fit' | 'engagement', total: number, out: ScoreContribution[]): number {
    const { cap, floor } = rules[group];
    const bound = cap !== undefined && total > hundredths(cap) ? { kind: 'cap', at: cap } : floor !== undefined && total < hundredths(floor) ? { kind: 'floor', at: floor } : undefined;
    if (!bound) return total;
    const label = `${group === 'fit' ? 'Fit' : 'Engagement'} ${bound.kind === 'cap' ? 'capped at' : 'raised to'} ${bound.at}`;
    out.push({ rule: `${group}.${bound.kind}`, label, group, points: (hundredths(bound.at) - total) / 100, evidence: { kind: 'limit', limit: bound.at, before: total / 100 } });
    return hundredths(bound.at);
  }

  return {
    rules,
    score(input) {
      const now = typeof input.now === 'string' ? Date.parse(input.now) : input.now.getTime();
      const contributions: ScoreContribution[] = [];

      let fitTotal = 0;
      for (const rule of fit) {
        const fields = rule.test(input);
        if (!fields) continue;
        fitTotal += rule.points;
        contributions.push({ rule: rule.id, label: rule.label, group: 'fit', points: rule.points / 100, evidence: { kind: 'fields', fields } });
      }
      fitTotal = limit('fit', fitTotal, contributions);

      let engagementTotal = 0;
      const entries = input.interactions;
      if (engagement.length && entries.length) {
        // One pass over the timeline: each entry is tested by the rules for its type only, and its
        // time is read (parsed once) only when a rule matches it.
        const times: number[] = new Array<number>(entries.length);
        const counted: (number[] | undefined)[] = new Array<number[] | undefined>(engagement.length);
        for (let i = 0; i < entries.length; i++) {
          const entry = entries[i] as Interaction;
          const candidates = rulesByType.get(entry.type) ?? untyped;
          let parsed = false;
          for (const r of candidates) {
            const { rule, matches } = engagement[r] as (typeof engagement)[number];
            if (!matches(entry)) continue;
            if (!parsed) {
              times[i] = Date.parse(entry.occurredAt);
              parsed = true;
            }
            if (decayWeight(times[i] as number, now, rule.halfLifeDays, rule.withinDays) > 0) (counted[r] ??= []).push(i);
          }
        }
        for (let r = 0; r < engagement.length; r++) {
          const list = counted[r];
          if (!list) continue;
          const { rule, label } = engagement[r] as (typeof engagement)[number];
          // Newest first; entries of the same moment by id (also newest first, ids being UUIDv7), so
          // `maxCount` and the evidence pick the same entries whatever order the timeline came in.
          if (list.length > 1) list.sort((a, b) => (times[b] as number) - (times[a] as number) || byIdDescending(entries[a] as Interaction, entries[b] as Interaction));
          if (rule.maxCount !== undefined && list.length > rule.maxCount) list.length = rule.maxCount;
          let points = 0;
          for (const i of list) points += rule.points * decayWeight(times[i] as number, now, rule.halfLifeDays, rule.withinDays);
          const earned = hundredths(points);
          if (earned === 0) continue;
          engagementTotal += earned;
          const newest = entries[list[0] as number] as Interaction;
          const interactionIds: string[] = [];
          for (let k = 0; k < list.length && k < maxEvidenceIds; k++) interactionIds.push((entries[list[k] as number] as Interaction).id);
          contributions.push({
            rule: rule.id,
            label,
            group: 'engagement',
            points: earned / 100,
            evidence: { kind: 'interactions', count: list.length, interactionIds, latestAt: newest.occurredAt },
          });
        }
      }
      engagementTotal = limit('engagement', engagementTotal, contributions);

      const value = (fitTotal + engagementTotal) / 100;
      let grade = grades[grades.length - 1] as ScoringRules['grades'][number];
      for (const g of grades) {
        if (g.min !== undefined && value >= g.min) {
          grade = g;
          break;
        }
      }
      return { value, grade: grade.name, contributions };
    },
  };
}

/** Validates scoring rules written as JSON; the error names every offending field. */
export function parseScoringRules(rules: unknown): ScoringRules {
  return parseInput(scoringRulesSchema, rules, 'scoring rules');
}

/**
 * Scores one contact with `rules`: a pure function, so it runs alike in browsers, Node, workers
 * and next to the data on a server. Malformed rules or input fail with a `ValidationError` that
 * names the field.
 *
 * @example
 * const { value, grade, contributions } = computeScore(defaultScoringRules, { contact, company, interactions, now: new Date() });
 */
export function computeScore(rules: ScoringRulesInput | ScoringRules, input: ScoreInput): Score {
  const engine = compileScoringRules(parseScoringRules(rules));
  return engine.score(parseInput(scoreInputSchema, input, 'score input'));
}

// The one-off form checks its input, as a public boundary: an invalid `now` would otherwise count
// every entry at full weight, and a missing timeline would fail with a TypeError. The engine,
// fed by the scoring service from the store, trusts its input.
const scoreInputSchema = z.strictObject({
  contact: contactSchema,
  company: companySchema.optional(),
  interactions: z.array(interactionSchema),
  now: timestampSchema,
});
