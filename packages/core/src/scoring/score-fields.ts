import type { Company } from '../companies/company.schema.js';
import type { Contact } from '../contacts/contact.schema.js';

/** The contact fields a scoring condition or feature may read. */
export const contactScoreFields = [
  'firstName',
  'lastName',
  'emails',
  'phones',
  'title',
  'ownerId',
  'lifecycleStage',
  'tags',
  'companyName',
  'source.channel',
  'source.utmSource',
  'source.utmMedium',
  'source.utmCampaign',
  'source.utmTerm',
  'source.utmContent',
  'source.referrer',
  'source.landingPage',
  'source.formId',
] as const;

/** The company fields a scoring condition or feature may read (the contact's company). */
export const companyScoreFields = ['name', 'domain', 'industry', 'size', 'ownerId', 'tags'] as const;

const known = new Set<string>([...contactScoreFields.map((f) => `contact.${f}`), ...companyScoreFields.map((f) => `company.${f}`)]);
const customField = /^(contact|company)\.customFields\.[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/**
 * Whether `path` names a field scoring may read: `contact.<field>`, `company.<field>`, or a custom
 * field as `contact.customFields.<name>` / `company.customFields.<name>`.
 */
export function isScoreField(path: string): boolean {
  return known.has(path) || customField.test(path);
}

/** A sentence listing the fields scoring reads, for error messages. */
export const scoreFieldHint = 'Must be contact.<field>, company.<field> or contact.customFields.<name> (such as contact.title or company.size)';

/** What scoring reads about one person: the contact and, when it has one, its company. */
export interface ScoreSubject {
  readonly contact: Contact;
  readonly company?: Company | undefined;
}

/**
 * Reads a field path (already checked with {@link isScoreField}) from a subject. Custom-field
 * names may contain dots, so the path is split only as far as the record's own shape goes.
 */
export function readScoreField(subject: ScoreSubject, path: string): unknown {
  const dot = path.indexOf('.');
  const record = path.slice(0, dot) === 'contact' ? subject.contact : subject.company;
  if (!record) return undefined;
  const rest = path.slice(dot + 1);
  if (rest.startsWith('customFields.')) {
    const fields = record.customFields as Record<string, unknown>;
    const name = rest.slice('customFields.'.length);
    return Object.hasOwn(fields, name) ? fields[name] : undefined;
  }
  const sub = rest.indexOf('.');
  if (sub < 0) return (record as Record<string, unknown>)[rest];
  const parent = (record as Record<string, unknown>)[rest.slice(0, sub)];
  return typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[rest.slice(sub + 1)] : undefined;
}
