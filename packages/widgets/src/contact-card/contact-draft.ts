import type { Contact, ContactPatch, LifecycleStage, ValidationIssue } from '@rapport/core';

/**
 * The lifecycle stages, in journey order, for the stage select. Kept here rather than imported
 * from core's schema module so that the card does not pull the schemas (and zod) into a bundle;
 * the type check below fails if core gains a stage this list lacks.
 */
export const stages = ['subscriber', 'lead', 'marketingQualified', 'salesQualified', 'opportunity', 'customer', 'evangelist', 'other'] as const satisfies readonly LifecycleStage[];
type MissingStage = Exclude<LifecycleStage, (typeof stages)[number]>;
const allStagesListed: MissingStage extends never ? true : false = true;
void allStagesListed;

/** The fields of the edit form, in the order they appear. */
export const draftFields = ['firstName', 'lastName', 'title', 'emails', 'phones', 'lifecycleStage', 'tags'] as const;

/** One field of the edit form. */
export type DraftField = (typeof draftFields)[number];

/** What the edit form holds: each field as the user typed it. */
export type ContactDraft = Record<DraftField, string>;

/** Emails and phones: one per line. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Tags: separated by commas. */
export function tagList(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/** The form's starting values for a stored contact. */
export function draftOf(contact: Contact): ContactDraft {
  return {
    firstName: contact.firstName ?? '',
    lastName: contact.lastName ?? '',
    title: contact.title ?? '',
    emails: contact.emails.join('\n'),
    phones: contact.phones.join('\n'),
    lifecycleStage: contact.lifecycleStage,
    tags: contact.tags.join(', '),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The changes the draft makes to `base`, as `crm.contacts.update` takes them: only the fields
 * that differ; an emptied name or title becomes `null` (cleared).
 */
export function patchOf(base: Contact, draft: ContactDraft): ContactPatch {
  const patch: ContactPatch = {};
  for (const key of ['firstName', 'lastName', 'title'] as const) {
    const value = draft[key].trim();
    if (value !== (base[key] ?? '')) patch[key] = value === '' ? null : value;
  }
  const emails = lines(draft.emails);
  if (!sameList(emails, base.emails)) patch.emails = emails;
  const phones = lines(draft.phones);
  if (!sameList(phones, base.phones)) patch.phones = phones;
  const tags = tagList(draft.tags);
  if (!sameList(tags, base.tags)) patch.tags = tags;
  if (draft.lifecycleStage !== base.lifecycleStage) patch.lifecycleStage = draft.lifecycleStage as LifecycleStage;
  return patch;
}

/** The contact as it will look once `patch` is stored: what the card shows while the save runs. */
export function withPatch(contact: Contact, patch: ContactPatch): Contact {
  const next: Record<string, unknown> = { ...contact };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as Contact;
}

/** The form field an issue concerns (`['emails', 2]` → `emails`), or `undefined` for the form as a whole. */
export function fieldOf(issue: ValidationIssue): DraftField | undefined {
  const [first] = issue.path;
  return (draftFields as readonly unknown[]).includes(first) ? (first as DraftField) : undefined;
}

/** For an issue about one item of a list field (`['emails', 2]`), that item as the user typed it. */
export function itemOf(issue: ValidationIssue, draft: ContactDraft): string | undefined {
  const [field, index] = issue.path;
  if (typeof index !== 'number') return undefined;
  if (field === 'emails' || field === 'phones') return lines(draft[field])[index];
  if (field === 'tags') return tagList(draft.tags)[index];
  return undefined;
}
