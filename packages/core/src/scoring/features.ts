import type { Interaction } from '../interactions/interaction.schema.js';
import { compileCondition } from './condition.js';
import { compileMatch, decayWeight } from './engagement.js';
import type { Feature } from './feature.schema.js';
import { freeMailDomains } from './free-mail-domains.js';
import { readScoreField, type ScoreSubject } from './score-fields.js';
import type { ScoringRules } from './scoring-rules.schema.js';

/** Reads a model's inputs for one person as of a moment: only what happened before it counts. */
export type FeatureReader = (subject: ScoreSubject, interactions: readonly Interaction[], asOfMs: number) => number[];

/**
 * The features a model learns from when none are declared: one per scoring rule, so training
 * tells how much each rule actually predicts a win.
 */
export function featuresFromRules(rules: ScoringRules): Feature[] {
  return [
    ...rules.fit.rules.map((rule): Feature => ({ name: rule.id, kind: 'condition', when: rule.when })),
    ...rules.engagement.rules.map(
      (rule): Feature => ({
        name: rule.id,
        kind: 'activity',
        match: rule.match,
        ...(rule.halfLifeDays !== undefined ? { halfLifeDays: rule.halfLifeDays } : {}),
        ...(rule.withinDays !== undefined ? { withinDays: rule.withinDays } : {}),
      }),
    ),
  ];
}

/** Compiles declared features once into a reader of their values. */
export function compileFeatures(features: readonly Feature[], extraFreeMailDomains: readonly string[] = []): FeatureReader {
  const domains = new Set([...freeMailDomains, ...extraFreeMailDomains]);
  const readers = features.map((feature): ((subject: ScoreSubject, entries: readonly Interaction[], times: readonly number[], asOf: number) => number) => {
    if (feature.kind === 'condition') {
      const test = compileCondition(feature.when, domains);
      return (subject) => (test(subject) ? 1 : 0);
    }
    if (feature.kind === 'number') {
      const missing = feature.missing ?? 0;
      return (subject) => {
        const value = readScoreField(subject, feature.field);
        return typeof value === 'number' && Number.isFinite(value) ? value : missing;
      };
    }
    const matches = compileMatch(feature.match);
    return (_subject, entries, times, asOf) => {
      let count = 0;
      entries.forEach((entry, i) => {
        const at = times[i] as number;
        // Strictly before: the stage change that closed a deal must not predict its own outcome.
        if (at < asOf && matches(entry)) count += decayWeight(at, asOf, feature.halfLifeDays, feature.withinDays);
      });
      return Math.log1p(count);
    };
  });
  return (subject, interactions, asOfMs) => {
    const times = interactions.map((entry) => Date.parse(entry.occurredAt));
    return readers.map((read) => read(subject, interactions, times, asOfMs));
  };
}
