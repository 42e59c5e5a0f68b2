import type { Contact, CustomFieldValue } from '@rapport/core';

/** The first letter or digit of `text` (a whole grapheme, so accents and emoji stay intact). */
function firstSign(text: string | undefined, locale: string): string {
  if (!text) return '';
  for (const { segment } of new Intl.Segmenter(locale, { granularity: 'grapheme' }).segment(text)) {
    // Skip punctuation, markup and invisible controls such as U+202E: initials are letters.
    if (/^[\p{L}\p{N}]/u.test(segment)) return segment;
  }
  return '';
}

/** Up to two initials for the avatar: from the first and last name, else the first email address. */
export function initialsOf(contact: Contact, locale: string): string {
  const fromName = firstSign(contact.firstName, locale) + firstSign(contact.lastName, locale);
  return (fromName || firstSign(contact.emails[0], locale)).toLocaleUpperCase(locale);
}

/** The name to show: first and last name, else the first email address; empty when there is neither. */
export function displayName(contact: Contact): string {
  return [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.emails[0] || '';
}

/** The custom fields worth showing: those with a value, by name. */
export function shownCustomFields(contact: Contact): [string, Exclude<CustomFieldValue, null>][] {
  return Object.entries(contact.customFields ?? {}).filter((entry): entry is [string, Exclude<CustomFieldValue, null>] => entry[1] !== null && entry[1] !== '');
}
