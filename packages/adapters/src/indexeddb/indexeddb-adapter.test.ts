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

describe('indexedDbAdapter in Node', () => {
  it('lets a script end without closing the adapter', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const script = [
      "import { IDBKeyRange, indexedDB } from 'fake-indexeddb';",
      "import { createCrm } from '@rapport/core';",
      "import { indexedDbAdapter } from '@rapport/adapters/indexeddb';",
      "const crm = createCrm({ storage: indexedDbAdapter({ databaseName: 'left-open', indexedDB, IDBKeyRange }) });",
      "await crm.contacts.create({ firstName: 'Ann' });",
    ].join('\n');
    // Ends on its own, or the timeout kills it and the call rejects.
    await promisify(execFile)(process.execPath, ['--conditions=rapport-source', '--import', 'tsx', '--input-type=module', '-e', script], { timeout: 15_000 });
  });
});
