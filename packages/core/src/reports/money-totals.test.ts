import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../errors.js';
import { parseInput } from '../validation.js';
import { conversionSchema, CurrencyConverter, MoneyTotals } from './money-totals.js';
import { money } from './report-fixtures.test-support.js';

const converter = (to: string, rates: Record<string, number>) => new CurrencyConverter(parseInput(conversionSchema, { to, rates }, 'test'), 'test');

describe('MoneyTotals', () => {
  it('keeps one sum per currency, sorted by code, never mixing them', () => {
    const totals = new MoneyTotals();
    totals.add(money(100, 'USD'));
    totals.add(money(250, 'EUR'));
    totals.add(money(5, 'USD'));
    assert.deepEqual(totals.amounts(), [money(250, 'EUR'), money(105, 'USD')]);
    assert.deepEqual(new MoneyTotals().amounts(), []);
  });

  it('weights and rounds once per group, not once per amount', () => {
    const totals = new MoneyTotals();
    // 3 × (1 × 0.5) = 1.5 → 2; rounding each amount first would give 1 + 1 + 1 = 3.
    for (let i = 0; i < 3; i++) totals.add(money(1), 0.5);
    assert.deepEqual(totals.weighted(), [money(2)]);
    assert.deepEqual(totals.amounts(), [money(3)]);
  });

  it('converts across exponents: JPY has none, KWD three, EUR two', () => {
    const totals = new MoneyTotals(converter('EUR', { JPY: 0.006, KWD: 3 }));
    // ¥1000 × 0.006 = €6 = 600 cents; 1.500 KWD (1500 fils) × 3 = €4.50 = 450 cents
    totals.add(money(1000, 'JPY'));
    totals.add(money(1500, 'KWD'));
    totals.add(money(50, 'EUR'));
    assert.deepEqual(totals.amounts(), [money(1100)]);
    // And the other way: €1.00 at 150 JPY per EUR is ¥150.
    const yen = new MoneyTotals(converter('JPY', { EUR: 150 }));
    yen.add(money(100, 'EUR'));
    assert.deepEqual(yen.amounts(), [money(150, 'JPY')]);
  });

  it('reports a converted group as exactly one entry, 0 when empty', () => {
    assert.deepEqual(new MoneyTotals(converter('EUR', {})).amounts(), [money(0)]);
    assert.deepEqual(new MoneyTotals(converter('EUR', {})).weighted(), [money(0)]);
  });

  it('adds groups as they are reported, so a total is exactly the sum of its groups', () => {
    const convert = converter('EUR', { USD: 0.333 });
    const groups = [new MoneyTotals(convert), new MoneyTotals(convert)];
    groups[0]?.add(money(1, 'USD'), 1); // 0.333 → 0
    groups[1]?.add(money(1, 'USD'), 1); // 0.333 → 0
    const total = new MoneyTotals(convert);
    for (const group of groups) total.addTotals(group);
    assert.deepEqual(total.amounts(), [money(0)]);
  });

  it('names the currency that has no rate', () => {
    const totals = new MoneyTotals(converter('EUR', { USD: 0.9 }));
    assert.throws(
      () => totals.add(money(100, 'GBP')),
      (error) => error instanceof ValidationError && JSON.stringify(error.issues[0]?.path) === '["convert","rates","GBP"]' && /GBP/.test(error.message),
    );
  });
});

describe('conversionSchema', () => {
  const refused = (input: unknown, path: (string | number)[]) => {
    const result = conversionSchema.safeParse(input);
    assert.equal(result.success, false, JSON.stringify(input));
    assert.ok(
      result.error?.issues.some((issue) => JSON.stringify(issue.path.slice(0, path.length)) === JSON.stringify(path)),
      JSON.stringify(result.error?.issues.map((i) => i.path)),
    );
  };

  it('upper-cases codes and accepts the target at 1', () => {
    assert.deepEqual(conversionSchema.parse({ to: 'eur', rates: { usd: 0.9, EUR: 1 } }), { to: 'EUR', rates: { USD: 0.9, EUR: 1 } });
  });

  it('refuses unknown codes, rates that are not positive finite numbers, and a target rate other than 1', () => {
    refused({ to: 'EURO', rates: {} }, ['to']);
    refused({ to: 'EUR', rates: { XYZ: 1 } }, ['rates', 'XYZ']);
    for (const rate of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '0.9', null]) refused({ to: 'EUR', rates: { USD: rate } }, ['rates', 'USD']);
    refused({ to: 'EUR', rates: { EUR: 2 } }, ['rates', 'EUR']);
    refused({ to: 'EUR', rates: JSON.parse('{"__proto__": 1}') }, ['rates', '__proto__']);
    refused({ to: 'EUR' }, ['rates']);
    refused({ to: 'EUR', rates: {}, extra: 1 }, []);
  });
});
