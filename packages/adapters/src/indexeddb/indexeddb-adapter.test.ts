import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { adapterConformance } from '@rapport/core/testing';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { indexedDbAdapter, type IndexedDbAdapter } from './index.js';

adapterConformance(
  { describe, it },
  {
    name: 'indexedDbAdapter (Node, fake-indexeddb)',
    create: () => indexedDbAdapter({ databaseName: `conformance-${randomUUID()}`, indexedDB, IDBKeyRange }),
    dispose: (adapter) => (adapter as IndexedDbAdapter).deleteDatabase(),
  },
);
