import type { Deal } from '@rapport/core';

/** Text for matching: lower case, without accents and other combining marks ("Émile" matches "emile"). */
export function fold(text: string, locale: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase(locale);
}

/** What the board's filters ask for; empty fields ask for nothing. */
export interface DealFilter {
  readonly owner: string;
  /** The search text, already {@link fold}ed and trimmed. */
  readonly search: string;
  readonly locale: string;
  /** The company and first contact's names of a deal, as far as they are known. */
  readonly names: (deal: Deal) => readonly (string | null | undefined)[];
}

/** Whether a filter asks for anything. */
export const filtering = (filter: DealFilter): boolean => filter.owner !== '' || filter.search !== '';

/** Whether `deal` passes: its owner is the one asked for, and the search text is part of its title, company name or contact name. */
export function matches(deal: Deal, filter: DealFilter): boolean {
  if (filter.owner && deal.ownerId !== filter.owner) return false;
  if (!filter.search) return true;
  if (fold(deal.title, filter.locale).includes(filter.search)) return true;
  return filter.names(deal).some((name) => !!name && fold(name, filter.locale).includes(filter.search));
}
