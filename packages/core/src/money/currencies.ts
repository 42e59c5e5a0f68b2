/**
 * Active ISO 4217 currency codes. A static list rather than `Intl.supportedValuesOf('currency')`,
 * whose answer differs between runtimes: a record valid in Node must stay valid in every browser.
 */
const CODES =
  'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
  'CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP ' +
  'GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR ' +
  'KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN ' +
  'MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD ' +
  'SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX ' +
  'USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG';

/** Currencies whose minor unit is not 1/100 (ISO 4217's "minor unit" column). */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Every active ISO 4217 code, upper case. */
export const currencyCodes: ReadonlySet<string> = new Set(CODES.split(' '));

/** Whether `code` is an active ISO 4217 currency code (upper case, e.g. `EUR`). */
export function isCurrencyCode(code: string): boolean {
  return currencyCodes.has(code);
}

/**
 * How many decimal places the currency's minor unit has: 2 for EUR (cents), 0 for JPY, 3 for KWD.
 *
 * @example
 * const major = deal.amount.minor / 10 ** currencyExponent(deal.amount.currency);
 */
export function currencyExponent(code: string): number {
  return EXPONENTS[code] ?? 2;
}
