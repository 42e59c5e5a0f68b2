import { upgradeScenario } from './upgrade.test-support.js';

upgradeScenario({ describe, it, before, after }, { name: 'Chromium', indexedDB, IDBKeyRange });
