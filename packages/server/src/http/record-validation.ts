/**
 * Every record written through the API is validated with core's schema for its collection, so
 * the database only ever holds records core itself could have written. Unknown fields are
 * refused by name. `version` is the store's to set, so whatever the caller sent is ignored.
 */
import {
  ValidationError,
  collectionNames,
  companySchema,
  contactSchema,
  dealSchema,
  interactionSchema,
  pipelineSchema,
  type CollectionName,
  type RecordMap,
  type ValidationIssue,
  type WriteRecord,
} from '@rapport/core';
import { isJsonObject } from './body.js';

/** What a zod issue looks like, as far as the server reads one. */
interface SchemaIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
}

/** The part of a zod schema the server uses: it keeps the server free of a direct zod import. */
interface RecordSchema {
  safeParse(input: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly SchemaIssue[] } };
}

const recordSchemas: Record<CollectionName, RecordSchema> = {
  contacts: contactSchema as unknown as RecordSchema,
  companies: companySchema as unknown as RecordSchema,
  pipelines: pipelineSchema as unknown as RecordSchema,
  deals: dealSchema as unknown as RecordSchema,
  interactions: interactionSchema as unknown as RecordSchema,
};

/**
 * The collections as a route parameter's regular expression. The group matters: Hono splices the
 * expression into a larger one, where a bare `a|b` would let `/v1/contacts/x` match `/v1/:c{a|b}`.
 */
export const collectionPattern = `(?:${collectionNames.join('|')})`;

/** zod's issues as Rapport's, under `prefix`: one issue per unknown field, as core reports them. */
export function issuesOf(issues: readonly SchemaIssue[], prefix: readonly (string | number)[] = []): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) out.push({ path: [...path, key], message: 'Unknown field', code: 'unknown_field' });
    } else {
      out.push({ path, message: issue.message, code: issue.code });
    }
  }
  return out;
}

/** Options of {@link validateRecord}. */
export interface ValidateRecordOptions {
  /** The id the URL names: the body's `id`, when present, must equal it. */
  pathId?: string;
  /** The id to give a record whose body has none (a create). */
  newId?: string;
  /** Where the record sits in the request body, for issue paths (`['ops', 2, 'record']`). */
  at?: readonly (string | number)[];
}

/**
 * The record in `body`, validated with core's schema for `collection` (defaults filled, values
 * normalised), ready for the store. Throws a ValidationError naming every offending field.
 *
 * @example
 * const record = validateRecord('contacts', body, { pathId: c.req.param('id') });
 */
export function validateRecord<N extends CollectionName>(collection: N, body: unknown, options: ValidateRecordOptions = {}): WriteRecord<RecordMap[N]> {
  const at = options.at ?? [];
  if (!isJsonObject(body)) throw new ValidationError(`Invalid ${collection} record`, [{ path: [...at], message: 'Must be a JSON object', code: 'invalid_type' }]);
  if (options.pathId !== undefined && 'id' in body && body.id !== options.pathId) {
    throw new ValidationError(`Invalid ${collection} record`, [{ path: [...at, 'id'], message: 'Must equal the id in the URL', code: 'invalid_value' }]);
  }
  const id = 'id' in body ? body.id : (options.pathId ?? options.newId);
  // The store sets the version; a placeholder satisfies the schema and is then dropped.
  const result = recordSchemas[collection].safeParse({ ...body, id, version: 1 });
  if (!result.success) throw new ValidationError(`Invalid ${collection} record`, issuesOf(result.error.issues, at));
  const { version: _ignored, ...record } = result.data as Record<string, unknown>;
  return record as unknown as WriteRecord<RecordMap[N]>;
}
