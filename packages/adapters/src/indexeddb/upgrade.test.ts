import { after, before, describe, it } from 'node:test';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { upgradeScenario } from './upgrade.test-support.js';

upgradeScenario({ describe, it, before, after }, { name: 'fake-indexeddb', indexedDB, IDBKeyRange });
