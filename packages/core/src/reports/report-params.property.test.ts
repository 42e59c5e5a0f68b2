import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoryAdapter } from '../index.js';
import { anyJunk, junkForCreate, junkWhereEmptyIsValid, unknownField, withField } from '../testing-support/arbitraries.test-support.js';
import { check, checkError, checkSync, PropertyFailure } from '../testing-support/refusal.test-support.js';
import { paramJunk } from './report-arbitraries.test-support.js';
import { reportDefinitions, reportNames, type ReportName } from './report-definitions.js';
import { reportsWorkspace, uid } from './report-fixtures.test-support.js';

const pipelineId = uid(0x10);
const noData = { pipelines: [], deals: [], contacts: [], interactions: [] };
const compute = (name: ReportName) => reportDefinitions[name].compute as (data: unknown, params: unknown) => unknown;

/** Calls `call`, which must throw a ValidationError naming `path`. */
function refuses(call: () => unknown, path?: (string | number)[]): void {
  let error: unknown;
  try {
    call();
  } catch (caught) {
    error = caught;
  }
  if (error === undefined) throw new PropertyFailure('Expected a ValidationError, but the call returned');
  checkError(error, { code: 'validation', ...(path ? { path } : {}) });
}

describe('reports: junk parameters are refused by name, never with a TypeError', () => {
  it('the junk table covers every parameter of every report', () => {
    for (const name of reportNames) {
      const shape = (reportDefinitions[name].params as unknown as { shape?: Record<string, unknown>; def?: { in?: { shape?: object } } }).shape;
      assert.ok(shape, name);
      assert.deepEqual(Object.keys(paramJunk[name]?.fields ?? {}).sort(), Object.keys(shape).sort(), name);
    }
  });

  it('each pure function names the one field that is wrong, or that it does not know', () => {
    for (const name of reportNames) {
      const { valid, fields } = paramJunk[name] as (typeof paramJunk)[string];
      checkSync(
        fc.property(fc.oneof(junkForCreate(fields), unknownField(Object.keys(fields))), ({ field, value }) =>
          refuses(() => compute(name)(noData, withField(valid(pipelineId), field, value)), [field]),
        ),
        120,
      );
    }
  });

  it('each pure function refuses parameters that are not an object of known fields', () => {
    const known = new Set(reportNames.flatMap((name) => Object.keys(paramJunk[name]?.fields ?? {})));
    // Objects made only of known names could be valid parameters; everything else is junk.
    const junk = fc.oneof(anyJunk, fc.constant(undefined)).filter((v) => v === undefined || typeof v !== 'object' || v === null || Object.keys(v).some((k) => !known.has(k)) || Array.isArray(v));
    for (const name of reportNames) {
      checkSync(
        fc.property(junk.filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)), (params) =>
          refuses(() => compute(name)(noData, params)),
        ),
        60,
      );
    }
  });

  it('each pure function names the data it was not given', () => {
    for (const name of reportNames) {
      const { valid } = paramJunk[name] as (typeof paramJunk)[string];
      const definition = reportDefinitions[name] as unknown as { params: { parse(v: unknown): never }; load(p: never): object };
      const reads = Object.keys(definition.load(definition.params.parse(valid(pipelineId))));
      checkSync(
        fc.property(fc.oneof(anyJunk, fc.record({ deals: anyJunk, pipelines: anyJunk })), (data) => {
          // Junk that happens to hold every array the report reads is data: leave it.
          if (typeof data === 'object' && data !== null && reads.every((k) => Array.isArray((data as Record<string, unknown>)[k]))) return;
          refuses(() => compute(name)(data, valid(pipelineId)));
        }),
        60,
      );
    }
  });

  it('crm.reports names the wrong field before asking the store, for every report', async () => {
    const { reports } = reportsWorkspace('2026-01-01T00:00:00Z', memoryAdapter());
    for (const name of reportNames) {
      const { valid, fields } = paramJunk[name] as (typeof paramJunk)[string];
      await check(
        fc.asyncProperty(fc.oneof(junkForCreate(fields), unknownField(Object.keys(fields))), async ({ field, value }) => {
          const error = await reports.run(name, withField(valid(pipelineId), field, value) as never).then(
            () => undefined,
            (caught: unknown) => caught,
          );
          if (error === undefined) throw new PropertyFailure(`crm.reports.${name} accepted ${field}`);
          checkError(error, { code: 'validation', path: [field] });
        }),
        40,
      );
      await check(
        fc.asyncProperty(junkWhereEmptyIsValid, async (params) => {
          const error = await reports.run(name, params as never).then(
            () => undefined,
            (caught: unknown) => caught,
          );
          if (error !== undefined) checkError(error, { code: 'validation' });
        }),
        30,
      );
    }
  });
});
