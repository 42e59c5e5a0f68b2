import { z } from '../schema/zod.js';
import { isCurrencyCode } from './currencies.js';

/** An ISO 4217 currency code such as `EUR`; lower case is accepted and upper-cased. */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrencyCode, { message: 'Unknown currency: use an ISO 4217 code such as EUR or USD' });

/**
 * An amount of money as an integer count of the currency's minor unit (cents for EUR) and its
 * ISO 4217 code. Money is never a float: `{ minor: 1999, currency: 'EUR' }` is €19.99.
 */
export const moneySchema = z.strictObject({
  minor: z
    .number({ message: 'Must be a number of minor units (e.g. cents)' })
    .refine(Number.isInteger, { message: 'Must be a whole number of minor units (e.g. cents), not a fraction', abort: true })
    .min(0, { message: 'Must not be negative' })
    .max(Number.MAX_SAFE_INTEGER, { message: `Must be at most ${Number.MAX_SAFE_INTEGER} minor units` }),
  currency: currencySchema,
});

/** An amount of money in integer minor units with its currency. */
export type Money = z.output<typeof moneySchema>;
