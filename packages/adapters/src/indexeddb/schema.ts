/**
 * The IndexedDB layout, version by version. IndexedDB leaves a record out of an index when the
 * indexed value is absent, and absent values must sort first in Rapport's queries; so every
 * optional field an index uses is stored a second time under a derived key (`k_<field>`) that
 * holds the value or, when absent, the lowest key of its type ('' or -Infinity). Every ordered
 * index ends with the primary key, so (value, id) keyset paging lands exactly on its cursor.
 */
import { collections, type CollectionName } from '@rapport/core';

/** An ordered index: equality on a prefix of `fields`, then order or a range on the next field; `id` last. */
export interface IndexSpec {
  /** Query fields, in index order (the trailing `id` is implied). */
  readonly fields: readonly string[];
}

/** What the adapter knows about one collection's store. */
export interface StoreSpec {
  /** Ordered compound indexes. */
  readonly indexes: readonly IndexSpec[];
  /** Multi-entry indexes over list fields (and `_t`, the search tokens). */
  readonly multi: readonly string[];
  /** Optional fields stored again under a derived key, because an index uses them. */
  readonly derived: readonly string[];
}

const softDeleted = (...sorts: string[]): IndexSpec[] => [{ fields: ['deletedAt'] }, ...sorts.map((s) => ({ fields: ['deletedAt', s] }))];

/** The current layout: the indexes every query the services make is answered from. */
export const stores: Readonly<Record<CollectionName, StoreSpec>> = {
  contacts: {
    // Lists always say `deletedAt: null`, so the sort indexes start with it.
    indexes: [...softDeleted('lastName', 'firstName', 'companyName', 'updatedAt', 'createdAt', 'score.value'), { fields: ['companyId'] }, { fields: ['ownerId'] }],
    multi: ['emails', 'tags', '_t'],
    derived: ['deletedAt', 'lastName', 'firstName', 'companyName', 'score.value', 'companyId', 'ownerId'],
  },
  companies: {
    indexes: [...softDeleted('name', 'updatedAt', 'createdAt'), { fields: ['ownerId'] }],
    multi: ['tags', '_t'],
    derived: ['deletedAt', 'ownerId'],
  },
  pipelines: {
    indexes: [{ fields: ['name'] }],
    multi: [],
    derived: [],
  },
  deals: {
    // A board column: pipeline, stage, then position.
    indexes: [{ fields: ['pipelineId', 'stageId', 'position'] }, ...softDeleted('updatedAt', 'createdAt', 'expectedCloseDate'), { fields: ['companyId'] }, { fields: ['ownerId'] }],
    multi: ['contactIds', 'tags'],
    derived: ['deletedAt', 'expectedCloseDate', 'companyId', 'ownerId'],
  },
  interactions: {
    // Timelines, newest first, and an assignee's tasks by due time.
    indexes: [
      { fields: ['contactId', 'occurredAt'] },
      { fields: ['companyId', 'occurredAt'] },
      { fields: ['dealId', 'occurredAt'] },
      { fields: ['assigneeId', 'dueAt'] },
      { fields: ['ownerId', 'occurredAt'] },
      { fields: ['occurredAt'] },
    ],
    multi: [],
    derived: ['contactId', 'companyId', 'dealId', 'assigneeId', 'dueAt', 'ownerId'],
  },
};

/** The property a field's index key is stored under: the field itself, or its derived key. */
export function keyPathOf(collection: CollectionName, field: string): string {
  if (field === 'id') return 'id';
  return stores[collection].derived.includes(field) ? derivedKey(field) : field;
}

/** `score.value` → `k_score_value`. */
export function derivedKey(field: string): string {
  return `k_${field.replaceAll('.', '_')}`;
}

/** The key an absent value of `field` is indexed under: the lowest key of its type. */
export function absentKey(collection: CollectionName, field: string): string | number {
  return collections[collection].fields[field]?.type === 'number' ? -Infinity : '';
}

/** The Dexie name of an ordered index. */
export function indexName(collection: CollectionName, spec: IndexSpec): string {
  return `[${[...spec.fields.map((f) => keyPathOf(collection, f)), 'id'].join('+')}]`;
}

/** Dexie's store definitions for the current layout. */
function currentStores(): Record<CollectionName, string> {
  const out = {} as Record<CollectionName, string>;
  for (const [name, spec] of Object.entries(stores) as [CollectionName, StoreSpec][]) {
    const unique = collections[name].unique.map((f) => `&${f}`);
    out[name] = ['id', ...unique, ...spec.multi.map((m) => `*${m}`), ...spec.indexes.map((i) => indexName(name, i))].join(', ');
  }
  return out;
}

/**
 * Every schema version, oldest first. Version 1 stored records as they are, with a few plain
 * indexes; version 2 added the derived keys, the search tokens and the compound indexes, and its
 * upgrade rewrites every record to carry them. A new version goes at the end, never in between.
 */
export const schemaVersions: readonly { readonly version: number; readonly stores: Record<string, string>; readonly rewritesRecords: boolean }[] = [
  {
    version: 1,
    stores: {
      contacts: 'id, lastName, companyId, *emails, *tags',
      companies: 'id, &domain, name',
      pipelines: 'id',
      deals: 'id, pipelineId, stageId, companyId, *contactIds',
      interactions: 'id, contactId, companyId, dealId, occurredAt',
    },
    rewritesRecords: false,
  },
  { version: 2, stores: currentStores(), rewritesRecords: true },
];

/** The version this code opens a database at. */
export const currentSchemaVersion = schemaVersions[schemaVersions.length - 1]?.version as number;
