import type { Money } from '@rapport/core';

/** The amount in `currency` of a per-currency list (`Money[]`, as reports give), or zero when there is none. */
export function amountIn(amounts: readonly Money[], currency: string): Money {
  return amounts.find((amount) => amount.currency === currency) ?? { minor: 0, currency };
}

/** The amounts of a per-currency list in any other currency than `currency`: listed beside a chart, never added to it. */
export function otherThan(amounts: readonly Money[], currency: string): Money[] {
  return amounts.filter((amount) => amount.currency !== currency);
}

/** Every currency met in some per-currency lists, by code. */
export function currenciesIn(lists: Iterable<readonly Money[]>): string[] {
  const seen = new Set<string>();
  for (const list of lists) for (const amount of list) seen.add(amount.currency);
  return [...seen].sort();
}

/** A per-currency list with `currency` first (zero when absent), then the others by code: for table cells. */
export function currencyFirst(amounts: readonly Money[], currency: string): Money[] {
  return [amountIn(amounts, currency), ...otherThan(amounts, currency)];
}
