import type { Company } from '../companies/company.schema.js';
import type { Contact } from '../contacts/contact.schema.js';
import type { Deal } from '../deals/deal.schema.js';
import type { Interaction } from '../interactions/interaction.schema.js';
import type { Pipeline } from '../pipelines/pipeline.schema.js';

/** The record type stored in each collection. */
export interface RecordMap {
  contacts: Contact;
  companies: Company;
  pipelines: Pipeline;
  deals: Deal;
  interactions: Interaction;
}

/** The name of a collection the port stores. */
export type CollectionName = keyof RecordMap;

/** The scalar kind of a queryable field. Timestamps and dates are strings that sort correctly. */
export type FieldType = 'string' | 'number' | 'boolean';

/** How a field may be queried. */
export interface FieldSpec {
  readonly type: FieldType;
  /** The field holds a list; a condition matches when any element matches. Lists cannot be sorted on. */
  readonly multi?: boolean;
}

/** What the port knows about a collection: the fields a query may use, and which values must be unique. */
export interface CollectionSpec {
  /** Queryable fields by dotted path (`amount.currency`). Anything else in a query is rejected. */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Fields whose value, when present, no two records may share; adapters enforce this. */
  readonly unique: readonly string[];
  /** Whether `search` (token-prefix text search) is offered; see `searchTokens`. */
  readonly searchable: boolean;
}

const str: FieldSpec = { type: 'string' };
const num: FieldSpec = { type: 'number' };
const strList: FieldSpec = { type: 'string', multi: true };
const meta = { id: str, version: num, createdAt: str, updatedAt: str };

/**
 * The declared shape of every collection. Adapters build their indexes from it; the query
 * validator rejects every field not listed here.
 */
export const collections: Readonly<Record<CollectionName, CollectionSpec>> = {
  contacts: {
    fields: {
      ...meta,
      firstName: str,
      lastName: str,
      emails: strList,
      phones: strList,
      companyId: str,
      companyName: str,
      ownerId: str,
      lifecycleStage: str,
      tags: strList,
      deletedAt: str,
      mergedIntoId: str,
      'source.channel': str,
      'source.formId': str,
      'score.value': num,
      'score.grade': str,
    },
    unique: [],
    searchable: true,
  },
  companies: {
    fields: {
      ...meta,
      name: str,
      domain: str,
      industry: str,
      size: str,
      ownerId: str,
      tags: strList,
      deletedAt: str,
      mergedIntoId: str,
    },
    unique: ['domain'],
    searchable: true,
  },
  pipelines: {
    fields: { ...meta, name: str, currency: str },
    unique: [],
    searchable: false,
  },
  deals: {
    fields: {
      ...meta,
      title: str,
      pipelineId: str,
      stageId: str,
      position: str,
      status: str,
      contactIds: strList,
      companyId: str,
      ownerId: str,
      expectedCloseDate: str,
      closedAt: str,
      deletedAt: str,
      tags: strList,
      'amount.currency': str,
      'amount.minor': num,
    },
    unique: [],
    searchable: false,
  },
  interactions: {
    fields: {
      ...meta,
      type: str,
      contactId: str,
      companyId: str,
      dealId: str,
      occurredAt: str,
      ownerId: str,
      assigneeId: str,
      dueAt: str,
      completedAt: str,
    },
    unique: [],
    searchable: false,
  },
};

/** Every collection name, in a stable order. */
export const collectionNames = Object.keys(collections) as CollectionName[];

/** Whether `name` is a collection the port stores. */
export function isCollectionName(name: unknown): name is CollectionName {
  return typeof name === 'string' && Object.hasOwn(collections, name);
}

/** The value at a dotted path (`amount.currency`) of a record, or `undefined`. */
export function fieldValue(record: object, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
