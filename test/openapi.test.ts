// docs/openapi.yaml against the OpenAPI 3.1 schema and against core: the collections and the
// fields each one can be queried by, the record schemas (property names and required fields, at
// every level), the reports and their parameters, the error codes, and the examples, which must
// be accepted by core's own schemas and query parser. A change in core that the document does
// not follow fails here.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { parse } from 'yaml';
import { z } from 'zod';
import * as core from '@rapport/core';
import {
  collectionNames,
  collections,
  companySchema,
  contactSchema,
  dealSchema,
  interactionSchema,
  parseQuery,
  pipelineSchema,
  reportDefinitions,
  reportNames,
  staleDealsQuerySchema,
  type CollectionName,
  type ErrorCode,
} from '@rapport/core';

const documentUrl = new URL('../docs/openapi.yaml', import.meta.url);

/** The parts of a JSON Schema the checks read. */
interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema | boolean>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  anyOf?: Schema[];
  items?: Schema;
  enum?: unknown[];
}
interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { value?: unknown; $ref?: string }>;
}
interface Response {
  $ref?: string;
  content?: Record<string, MediaType>;
  headers?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  security?: unknown[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, Response>;
}
type PathItem = Partial<Record<(typeof methods)[number], Operation>> & { parameters?: unknown[] };
interface OpenApiDocument {
  openapi: string;
  servers: { url: string }[];
  security: unknown[];
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, Schema>;
    responses: Record<string, Response>;
    examples: Record<string, { value: unknown }>;
    securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }>;
  };
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

// `satisfies` makes the compiler insist on every collection and every error code, so a new one in
// core fails the type check until it is added here (and then the document is checked for it).
const schemaNames = {
  contacts: 'Contact',
  companies: 'Company',
  pipelines: 'Pipeline',
  deals: 'Deal',
  interactions: 'Interaction',
} satisfies Record<CollectionName, string>;
const recordSchemas = {
  contacts: contactSchema,
  companies: companySchema,
  pipelines: pipelineSchema,
  deals: dealSchema,
  interactions: interactionSchema,
} satisfies Record<CollectionName, z.ZodType>;
/** The statuses the contract allows for each error code. */
const statusesByCode = {
  validation: [400, 413, 415, 422],
  not_found: [404],
  conflict: [409, 412],
  unauthorized: [401, 403],
  rate_limited: [429],
  unavailable: [503],
  quota: [507],
} satisfies Record<ErrorCode, number[]>;
const errorCodes = Object.keys(statusesByCode) as ErrorCode[];
/**
 * What each report takes over HTTP: what `crm.reports` takes (core's `ReportParamsMap`), so
 * `staleDeals` without `asOf` is measured from now, as the server does.
 */
function reportParamsSchema(name: (typeof reportNames)[number]): z.ZodObject {
  return (name === 'staleDeals' ? staleDealsQuerySchema : reportDefinitions[name].params) as unknown as z.ZodObject;
}

let doc: OpenApiDocument;

before(async () => {
  doc = parse(await readFile(documentUrl, 'utf8')) as OpenApiDocument;
});

/** The schema a local `$ref` points to. */
function deref<T extends { $ref?: string }>(node: T): T {
  let current = node;
  for (let hops = 0; current.$ref !== undefined; hops++) {
    assert.ok(hops < 10, `$ref loop at ${current.$ref}`);
    assert.match(current.$ref, /^#\//, `only local $refs: ${current.$ref}`);
    let target: unknown = doc;
    for (const key of current.$ref.slice(2).split('/')) target = (target as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')];
    assert.ok(target !== undefined, `dangling $ref ${current.$ref}`);
    current = target as T;
  }
  return current;
}

/** A schema with its `$ref` and `allOf` parts merged: what it says about properties, items and values. */
interface Resolved {
  properties: Record<string, Schema>;
  required: Set<string>;
  closed: boolean;
  items: Schema | undefined;
  enum: unknown[] | undefined;
}

function resolveObject(node: Schema): Resolved {
  const out: Resolved = { properties: {}, required: new Set(), closed: false, items: undefined, enum: undefined };
  // Two schemas that both hold must both be met: keep both, resolved together when needed.
  const both = (a: Schema | undefined, b: Schema): Schema => (a ? { allOf: [a, b] } : b);
  const parts = [...(node.$ref !== undefined ? [deref({ $ref: node.$ref })] : []), ...(node.allOf ?? [])];
  for (const part of parts) {
    const inner = resolveObject(part);
    for (const [name, property] of Object.entries(inner.properties)) out.properties[name] = both(out.properties[name], property);
    inner.required.forEach((name) => out.required.add(name));
    out.closed ||= inner.closed;
    if (inner.items) out.items = both(out.items, inner.items);
    out.enum = inner.enum ?? out.enum;
  }
  for (const [name, property] of Object.entries(node.properties ?? {})) {
    if (typeof property === 'object') out.properties[name] = both(out.properties[name], property);
  }
  node.required?.forEach((name) => out.required.add(name));
  out.closed ||= node.additionalProperties === false;
  if (node.items) out.items = both(out.items, node.items);
  out.enum = node.enum ?? out.enum;
  return out;
}

/**
 * Walks core's JSON Schema (from zod) and the document's side by side: wherever core has an object,
 * the document must name the same properties, require the same ones and be closed to others too.
 */
function assertSameShape(fromCore: Schema, documented: Schema, path: string): void {
  if (fromCore.properties) {
    const ours = resolveObject(documented);
    assert.deepEqual(Object.keys(ours.properties).sort(), Object.keys(fromCore.properties).sort(), `${path}: property names`);
    assert.deepEqual([...ours.required].sort(), [...(fromCore.required ?? [])].sort(), `${path}: required properties`);
    if (fromCore.additionalProperties === false) assert.ok(ours.closed, `${path}: must refuse unknown properties`);
    for (const [name, property] of Object.entries(fromCore.properties)) {
      if (typeof property === 'object') assertSameShape(property, ours.properties[name]!, `${path}.${name}`);
    }
  } else if (fromCore.type === 'array' && fromCore.items) {
    const ours = resolveObject(documented);
    assert.ok(ours.items, `${path}: must be an array with items`);
    assertSameShape(fromCore.items, ours.items, `${path}[]`);
  }
}

function coreJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Schema {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Schema;
}

function operations(): { path: string; method: string; operation: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    methods.flatMap((method) => (item[method] ? [{ path, method, operation: item[method] }] : [])),
  );
}

/** Every example value of a media type, with `$ref`s to components.examples resolved. */
function exampleValues(media: MediaType | undefined): [string, unknown][] {
  if (!media) return [];
  const named = Object.entries(media.examples ?? {}).map(([name, example]): [string, unknown] => [name, deref(example).value]);
  return media.example === undefined ? named : [['example', media.example], ...named];
}

/** The value of an example in components.examples. */
function namedExample(name: string): unknown {
  const example = doc.components.examples[name];
  assert.ok(example, `no example called ${name}`);
  return example.value;
}

describe('docs/openapi.yaml', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    assert.equal(doc.openapi, '3.1.0');
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
    assert.ok(result.valid, `not valid OpenAPI: ${JSON.stringify(result.errors, null, 2)}`);
    assert.equal(validator.version, '3.1');
  });

  it('names only the local example server and resolves every $ref', () => {
    assert.deepEqual(
      doc.servers.map((s) => s.url),
      ['http://127.0.0.1:8787'],
    );
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]*"/g) ?? [];
    assert.ok(refs.length > 100);
    for (const ref of new Set(refs)) deref({ $ref: JSON.parse(`{${ref}}`).$ref as string });
  });

  it('gives every operation a unique operationId', () => {
    const ids = operations().map(({ path, method, operation }) => {
      assert.ok(operation.operationId, `${method.toUpperCase()} ${path} has no operationId`);
      return operation.operationId;
    });
    assert.equal(new Set(ids).size, ids.length, `duplicate operationIds: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(', ')}`);
  });

  it('protects the private API with the bearer key and the lead endpoint with the form key', () => {
    assert.deepEqual(doc.components.securitySchemes.bearerAuth, { ...doc.components.securitySchemes.bearerAuth, type: 'http', scheme: 'bearer' });
    assert.deepEqual(doc.components.securitySchemes.formKey, { ...doc.components.securitySchemes.formKey, type: 'apiKey', in: 'header', name: 'Rapport-Form-Key' });
    assert.deepEqual(doc.security, [{ bearerAuth: [] }]);
    const publicOps = operations()
      .filter(({ operation }) => operation.security !== undefined)
      .map(({ path, method, operation }) => `${method.toUpperCase()} ${path} ${JSON.stringify(operation.security)}`)
      .sort();
    assert.deepEqual(publicOps, ['GET /healthz []', 'GET /readyz []', 'OPTIONS /v1/leads []', 'POST /v1/leads [{"formKey":[]}]']);
  });

  it('documents every collection with the full set of record routes', () => {
    const expected = (c: string) => [
      `DELETE /v1/${c}/{id}`,
      `GET /v1/${c}`,
      `GET /v1/${c}/{id}`,
      `POST /v1/${c}`,
      `POST /v1/${c}/count`,
      `POST /v1/${c}/get`,
      `POST /v1/${c}/query`,
      `PUT /v1/${c}/{id}`,
    ];
    const recordRoutes = operations()
      .filter(({ path }) => /^\/v1\/[a-z]+(\/|$)/.test(path) && !/^\/v1\/(batch|changes|reports|leads)/.test(path))
      .map(({ path, method }) => `${method.toUpperCase()} ${path}`)
      .sort();
    assert.deepEqual(recordRoutes, collectionNames.flatMap(expected).sort());
    assert.deepEqual(doc.components.schemas.CollectionName!.enum, [...collectionNames]);
  });

  it('declares exactly the fields core lets each collection be queried and sorted by', () => {
    for (const c of collectionNames) {
      const name = schemaNames[c];
      const spec = collections[c];
      const where = doc.components.schemas[`${name}Where`]!;
      assert.equal(where.additionalProperties, false, `${name}Where must refuse other fields`);
      const documented = Object.fromEntries(Object.entries(where.properties ?? {}).map(([field, s]) => [field, (s as Schema).$ref]));
      const fromCore = Object.fromEntries(
        Object.entries(spec.fields).map(([field, f]) => [field, `#/components/schemas/${f.type === 'number' ? 'Number' : 'String'}Condition`]),
      );
      assert.deepEqual(documented, fromCore, `${name}Where`);

      const query = resolveObject(doc.components.schemas[`${name}Query`]!);
      const sortable = Object.entries(spec.fields).filter(([, f]) => !f.multi).map(([field]) => field);
      assert.deepEqual(resolveObject(resolveObject(query.properties.orderBy!).properties.field!).enum, sortable, `${name}Query.orderBy.field`);
      const search = (deref(doc.components.schemas[`${name}Query`]!).properties ?? {}).search;
      assert.equal(search === false, !spec.searchable, `${name}Query.search is refused exactly when ${c} is not searchable`);
    }
  });

  it('describes every record as core\'s zod schema stores and accepts it', () => {
    for (const c of collectionNames) {
      const name = schemaNames[c];
      const zodKeys = Object.keys(recordSchemas[c].shape).sort();
      assert.deepEqual(Object.keys(resolveObject(doc.components.schemas[name]!).properties).sort(), zodKeys, `${name}: property names`);
      // The stored record, at every level.
      assertSameShape(coreJsonSchema(recordSchemas[c], 'output'), doc.components.schemas[name]!, name);
      // What a write needs: core's input, except the id (made on create) and the version (set by the server).
      const inputRequired = (coreJsonSchema(recordSchemas[c], 'input').required ?? []).filter((k) => k !== 'id' && k !== 'version');
      assert.deepEqual([...resolveObject(doc.components.schemas[`${name}Write`]!).required].sort(), inputRequired.sort(), `${name}Write: required`);
    }
  });

  it('has record examples that core\'s schemas accept', () => {
    for (const c of collectionNames) {
      const name = schemaNames[c];
      const stored = namedExample(name);
      recordSchemas[c].parse(stored);
      const write = namedExample(`${name}Write`) as Record<string, unknown>;
      recordSchemas[c].parse({ id: (stored as { id: string }).id, ...write, version: 1 });
      const page = namedExample(`${name}Page`) as { items: unknown[] };
      for (const item of page.items) recordSchemas[c].parse(item);
    }
  });

  it('has query and count examples that core\'s query parser accepts', () => {
    for (const c of collectionNames) {
      const queries = exampleValues(doc.paths[`/v1/${c}/query`]?.post?.requestBody?.content['application/json']);
      const counts = exampleValues(doc.paths[`/v1/${c}/count`]?.post?.requestBody?.content['application/json']);
      assert.ok(queries.length > 0 && counts.length > 0, `${c}: query and count examples`);
      for (const [, value] of queries) parseQuery(c, value);
      for (const [, value] of counts) parseQuery(c, value, { countOnly: true });
    }
  });

  it('has batch and change-feed examples whose records core accepts', () => {
    const batch = exampleValues(doc.paths['/v1/batch']?.post?.requestBody?.content['application/json']);
    assert.ok(batch.length > 0);
    for (const [, value] of batch) {
      for (const op of (value as { ops: { op: string; collection: CollectionName; record?: object }[] }).ops) {
        if (op.op === 'put') recordSchemas[op.collection].parse({ ...op.record, version: 1 });
      }
    }
    const feed = exampleValues(doc.paths['/v1/changes']?.get?.responses['200']?.content?.['application/json']);
    for (const [, value] of feed) {
      for (const change of (value as { changes: { type: string; collection: CollectionName; record?: object }[] }).changes) {
        if (change.type === 'put') recordSchemas[change.collection].parse(change.record);
      }
    }
  });

  it('lists every report with core\'s parameters, and examples core accepts', () => {
    assert.deepEqual(doc.components.schemas.ReportName!.enum, [...reportNames]);
    for (const name of reportNames) {
      const params = reportParamsSchema(name);
      const documented = doc.components.schemas[`${name[0]!.toUpperCase()}${name.slice(1)}Params`];
      assert.ok(documented, `no schema for the ${name} parameters`);
      assertSameShape(coreJsonSchema(params, 'input'), documented, name);
    }
    const examples = exampleValues(doc.paths['/v1/reports/{name}']?.post?.requestBody?.content['application/json']);
    assert.ok(examples.length > 0);
    for (const [name, value] of examples) {
      assert.ok((reportNames as readonly string[]).includes(name), `report examples are named after their report: ${name}`);
      reportParamsSchema(name as (typeof reportNames)[number]).parse(value);
    }
  });

  it('lists every error code and answers every error as a problem with a status the contract allows', () => {
    assert.deepEqual([...(doc.components.schemas.ErrorCode!.enum ?? [])].sort(), [...errorCodes].sort());
    let checked = 0;
    for (const { path, method, operation } of operations()) {
      for (const [status, reply] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const media = deref(reply).content?.['application/problem+json'];
        assert.ok(media, `${method.toUpperCase()} ${path} ${status}: not application/problem+json`);
        assert.equal(media.schema?.$ref, '#/components/schemas/Problem');
        for (const [example, value] of exampleValues(media)) {
          const problem = value as { status: number; code: ErrorCode; type: string };
          assert.equal(problem.status, Number(status), `${path} ${status} example ${example}: status`);
          assert.ok(statusesByCode[problem.code].includes(problem.status), `${example}: ${problem.code} is never a ${problem.status}`);
          assert.equal(problem.type, `urn:rapport:problem:${problem.code}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 50);
  });

  it('takes the lead fields core\'s lead schema takes, plus the spam checks', {
    skip: !('leadInputSchema' in core) && 'core does not export leadInputSchema yet',
  }, () => {
    const leadInput = (core as unknown as Record<string, z.ZodObject>).leadInputSchema!;
    const expected = [...Object.keys(leadInput.shape).filter((k) => k !== 'formId'), 'honeypot', 'startedAt'].sort();
    assert.deepEqual(Object.keys(resolveObject(doc.components.schemas.LeadSubmission!).properties).sort(), expected);
  });
});
