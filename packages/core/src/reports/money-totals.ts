/**
 * Sums of money for reports. Amounts in different currencies are never added together: a
 * {@link MoneyTotals} keeps one sum per currency, or converts every amount into one currency with
 * rates the caller supplies. A list of amounts is `Money[]`, one entry per currency, sorted by
 * currency code.
 */
import { z } from '../schema/zod.js';
import { currencyExponent } from '../money/currencies.js';
import { currencySchema, type Money } from '../money/money.schema.js';
import { fieldError } from '../validation.js';

/** The most rates one conversion takes: more than there are ISO 4217 currencies. */
const maxRates = 200;

const rateSchema = z
  .number({ message: 'Must be a positive number: units of the target currency per one unit of this one' })
  .positive({ message: 'Must be a positive number: units of the target currency per one unit of this one' });

const ratesRecord = z
  .record(currencySchema, rateSchema)
  .refine((rates) => Object.keys(rates).length <= maxRates, { message: `At most ${maxRates} rates` });

/**
 * Validates the `convert` parameter of reports that sum money: the currency to report in, and
 * how many units of it one unit of each other currency is worth. `to` itself is worth 1.
 *
 * @example
 * conversionSchema.parse({ to: 'EUR', rates: { USD: 0.92, GBP: 1.17 } });
 */
export const conversionSchema = z
  .strictObject({
    /** The currency every amount is converted into. */
    to: currencySchema,
    /** Units of `to` per one unit (not minor unit) of each currency, by ISO 4217 code. */
    rates: z
      // zod's record drops an own `__proto__` key without a word; refuse it by name instead.
      .custom<z.input<typeof ratesRecord>>((value) => typeof value !== 'object' || value === null || !Object.hasOwn(value, '__proto__'), {
        message: 'Not a currency code',
        path: ['__proto__'],
      })
      .pipe(ratesRecord),
  })
  .superRefine((conversion, ctx) => {
    const own = conversion.rates[conversion.to];
    if (own !== undefined && own !== 1) {
      ctx.addIssue({ code: 'custom', path: ['rates', conversion.to], message: `${conversion.to} is the target currency: its rate is 1` });
    }
  });

/** What the `convert` parameter holds once parsed. */
export type Conversion = z.output<typeof conversionSchema>;
/** What the `convert` parameter accepts. */
export type ConversionInput = z.input<typeof conversionSchema>;

/**
 * Turns minor units of any currency into minor units of the target, for one report run. Refuses a
 * currency without a rate with a ValidationError naming `convert.rates.<CODE>`.
 */
export class CurrencyConverter {
  /** The target currency. */
  readonly to: string;
  private readonly rates: Readonly<Record<string, number>>;
  private readonly factors = new Map<string, number>();

  /** `what` completes the error message: "Invalid <what>". */
  constructor(
    conversion: Conversion,
    private readonly what: string,
  ) {
    this.to = conversion.to;
    this.rates = conversion.rates;
    this.factors.set(conversion.to, 1);
  }

  /**
   * What one minor unit of `currency` is worth in minor units of the target:
   * `rate × 10^(exponent(to) − exponent(currency))`, so a JPY amount converts to EUR cents.
   */
  factor(currency: string): number {
    const known = this.factors.get(currency);
    if (known !== undefined) return known;
    const rate = Object.hasOwn(this.rates, currency) ? this.rates[currency] : undefined;
    if (rate === undefined) {
      throw fieldError(
        this.what,
        ['convert', 'rates', currency],
        `No exchange rate for ${currency}: add convert.rates.${currency}, the ${this.to} one ${currency} is worth`,
        'missing_rate',
      );
    }
    const shift = currencyExponent(this.to) - currencyExponent(currency);
    // Divide for a negative shift: 10 ** -2 is not exactly 0.01, 100 is exactly 100.
    const factor = shift >= 0 ? rate * 10 ** shift : rate / 10 ** -shift;
    this.factors.set(currency, factor);
    return factor;
  }
}

interface Sum {
  value: number;
  weighted: number;
}

/**
 * Adds up amounts per currency (or, with a converter, in the one target currency), plain and
 * weighted at once. Sums stay unrounded until they are read, so a group's total is rounded once
 * to whole minor units, however many amounts went into it.
 *
 * @example
 * const totals = new MoneyTotals();
 * totals.add({ minor: 1000, currency: 'EUR' }, 0.25);
 * totals.amounts(); // [{ minor: 1000, currency: 'EUR' }]
 * totals.weighted(); // [{ minor: 250, currency: 'EUR' }]
 */
export class MoneyTotals {
  private readonly sums = new Map<string, Sum>();

  constructor(private readonly converter?: CurrencyConverter) {}

  /** Adds `amount` to its currency's sum, and `amount × weight` to the weighted sum. */
  add(amount: Money, weight = 1): void {
    let currency = amount.currency;
    let value = amount.minor;
    if (this.converter) {
      value *= this.converter.factor(currency);
      currency = this.converter.to;
    }
    const sum = this.sums.get(currency);
    if (sum) {
      sum.value += value;
      sum.weighted += value * weight;
    } else {
      this.sums.set(currency, { value, weighted: value * weight });
    }
  }

  /**
   * Adds another group's totals as that group reports them (rounded), so that a total built from
   * groups equals the sum of the groups exactly.
   */
  addTotals(group: MoneyTotals): void {
    for (const [currency, sum] of group.sums) {
      const value = Math.round(sum.value);
      const weighted = Math.round(sum.weighted);
      const own = this.sums.get(currency);
      if (own) {
        own.value += value;
        own.weighted += weighted;
      } else {
        this.sums.set(currency, { value, weighted });
      }
    }
  }

  /** The plain sums, one per currency, sorted by code; with a converter, exactly one entry. */
  amounts(): Money[] {
    return this.list(false);
  }

  /** The weighted sums, one per currency, sorted by code; with a converter, exactly one entry. */
  weighted(): Money[] {
    return this.list(true);
  }

  private list(weighted: boolean): Money[] {
    if (this.converter && this.sums.size === 0) return [{ minor: 0, currency: this.converter.to }];
    const currencies = [...this.sums.keys()].sort();
    return currencies.map((currency) => {
      const sum = this.sums.get(currency) as Sum;
      return { minor: Math.round(weighted ? sum.weighted : sum.value), currency };
    });
  }
}

/** A converter for `conversion`, or `undefined` when amounts stay in their own currencies. */
export function converterFor(conversion: Conversion | undefined, what: string): CurrencyConverter | undefined {
  return conversion ? new CurrencyConverter(conversion, what) : undefined;
}
