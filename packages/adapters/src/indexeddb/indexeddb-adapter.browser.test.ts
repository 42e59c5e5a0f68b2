import { adapterConformance } from '@rapport/core/testing';
import { indexedDbAdapter, type IndexedDbAdapter } from './index.js';

adapterConformance(
  { describe, it },
  {
    name: 'indexedDbAdapter (Chromium)',
    create: () => indexedDbAdapter({ databaseName: `conformance-${crypto.randomUUID()}` }),
    dispose: (adapter) => (adapter as IndexedDbAdapter).deleteDatabase(),
  },
);
