import { lifecycleStages, type LifecycleStage, type ScoreEvidence } from '@rapport/core';

/** The strings evidence is worded with; `<rapport-score-badge>`'s `strings` carry them. */
export interface EvidenceStrings {
  evidenceField: string;
  evidenceFieldSeparator: string;
  evidenceInteractionsOne: string;
  evidenceInteractionsOther: string;
  evidenceLimit: string;
  fieldOfCompany: string;
  noValue: string;
  yes: string;
  no: string;
  'stage.subscriber': string;
  'stage.lead': string;
  'stage.marketingQualified': string;
  'stage.salesQualified': string;
  'stage.opportunity': string;
  'stage.customer': string;
  'stage.evangelist': string;
  'stage.other': string;
}

/** A lifecycle stage by its label (`Sales qualified`), anything else as it is. */
function stageLabel(value: unknown, wording: EvidenceWording): string | undefined {
  return typeof value === 'string' && (lifecycleStages as readonly string[]).includes(value) ? wording.t(`stage.${value as LifecycleStage}`) : undefined;
}

/** What wording evidence needs: a string lookup and the locale's formats. */
export interface EvidenceWording {
  t(key: keyof EvidenceStrings, values?: Readonly<Record<string, string | number>>): string;
  locale: string;
}

/** `lifecycleStage` → `lifecycle stage`, `customFields.seats` → `seats`, `source.utmSource` → `source utm source`. */
function humanize(path: string): string {
  return path
    .replace(/^customFields\./, '')
    .replace(/[._-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
}

function capitalize(text: string, locale: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const head = String.fromCodePoint(first);
  return head.toLocaleUpperCase(locale) + text.slice(head.length);
}

/** A scoring field path (`contact.title`, `company.size`) as words: `Title`, `Company size`. */
export function fieldName(field: string, wording: EvidenceWording): string {
  const dot = field.indexOf('.');
  const owner = dot < 0 ? '' : field.slice(0, dot);
  const name = humanize(dot < 0 ? field : field.slice(dot + 1));
  return capitalize(owner === 'company' ? wording.t('fieldOfCompany', { name }) : name, wording.locale);
}

/** A matched value as text: lists joined, booleans as yes or no, numbers formatted. */
export function fieldValue(value: unknown, wording: EvidenceWording): string {
  if (value === undefined || value === null) return wording.t('noValue');
  if (Array.isArray(value)) return value.length ? value.map((v) => fieldValue(v, wording)).join(', ') : wording.t('noValue');
  if (typeof value === 'boolean') return wording.t(value ? 'yes' : 'no');
  if (typeof value === 'number') return new Intl.NumberFormat(wording.locale).format(value);
  return String(value);
}

/** Why a rule gave its points, in words. */
export function describeEvidence(evidence: ScoreEvidence, wording: EvidenceWording): string {
  const number = new Intl.NumberFormat(wording.locale, { maximumFractionDigits: 2 });
  switch (evidence.kind) {
    case 'fields':
      return evidence.fields
        .map((f) => {
          const value = (f.field === 'contact.lifecycleStage' && stageLabel(f.value, wording)) || fieldValue(f.value, wording);
          return wording.t('evidenceField', { field: fieldName(f.field, wording), value });
        })
        .join(wording.t('evidenceFieldSeparator'));
    case 'interactions': {
      const plural = new Intl.PluralRules(wording.locale).select(evidence.count);
      const latest = new Date(evidence.latestAt);
      const date = Number.isNaN(latest.getTime()) ? evidence.latestAt : new Intl.DateTimeFormat(wording.locale, { dateStyle: 'medium' }).format(latest);
      return wording.t(plural === 'one' ? 'evidenceInteractionsOne' : 'evidenceInteractionsOther', { count: number.format(evidence.count), date });
    }
    case 'limit':
      return wording.t('evidenceLimit', { before: number.format(evidence.before), limit: number.format(evidence.limit) });
  }
}
