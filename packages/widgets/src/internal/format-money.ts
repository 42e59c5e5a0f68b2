import { currencyExponent, type Money } from '@rapport/core';

/** `minor` in major units as an exact decimal string (`123456` at exponent 2 is `"1234.56"`): no float rounding. */
export function majorUnits(minor: number, exponent: number): string {
  const digits = String(Math.abs(Math.trunc(minor))).padStart(exponent + 1, '0');
  const sign = minor < 0 ? '-' : '';
  return exponent === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** How {@link formatMoney} writes an amount. */
export interface MoneyFormat {
  /** Short form for axes and tight spaces (`€1.2M`); the default is exact, with the currency's own decimals. */
  readonly compact?: boolean;
}

/** A money amount in `locale`: exact with the currency's own number of decimals, or compact. */
export function formatMoney(amount: Money, locale: string, { compact = false }: MoneyFormat = {}): string {
  const exponent = currencyExponent(amount.currency);
  const format = new Intl.NumberFormat(
    locale,
    compact
      ? { style: 'currency', currency: amount.currency, notation: 'compact', maximumFractionDigits: 1 }
      : { style: 'currency', currency: amount.currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent },
  );
  // Intl.NumberFormat formats a decimal string exactly (Chrome 106, Firefox 116, Safari 15.4); the
  // ES2022 typings only know numbers, hence the cast.
  return (format as unknown as { format(value: string): string }).format(majorUnits(amount.minor, exponent));
}
