import { collectionNames, createCrm, type Crm } from '@rapport/core';
import { seedWorkspace } from '@rapport/core/seed';
import { indexedDbAdapter } from '@rapport/adapters/indexeddb';
import { restAdapter } from '@rapport/adapters/rest';
import type { DemoConfig } from './config.js';

/** The workspace a demo page works on. */
export interface DemoWorkspace {
  readonly crm: Crm;
  readonly config: DemoConfig;
  /** One line on what the workspace holds and where. */
  describe(): Promise<string>;
  /** Deletes the workspace (IndexedDB only: the server's workspace belongs to the server). */
  readonly reset: (() => Promise<void>) | undefined;
}

/** The IndexedDB database every demo page shares, so the main page and the React page show one workspace. */
export const demoDatabaseName = 'rapport-demo';

/**
 * Opens the workspace the config names. On IndexedDB the first visit generates a workspace and
 * scores every contact; the REST mode's server did both before it printed its URL. Either way,
 * scores then follow the changes made through this page (`rescoreOnChange`).
 */
export async function openWorkspace(config: DemoConfig, progress: (message: string) => void): Promise<DemoWorkspace> {
  if (config.storage === 'rest') {
    const storage = restAdapter({ baseUrl: config.baseUrl, apiKey: config.apiKey });
    const crm = createCrm({ storage });
    crm.scoring.rescoreOnChange();
    return { crm, config, reset: undefined, describe: () => describe(crm, `on the reference server at ${config.baseUrl}`) };
  }
  const storage = indexedDbAdapter({ databaseName: demoDatabaseName });
  const crm = createCrm({ storage });
  // The first visit seeds; later visits find the workspace where they left it.
  if ((await storage.collection('pipelines').count()) === 0) {
    progress('Generating a workspace for this browser…');
    await seedWorkspace(storage, { seed: 42, contacts: 400, now: new Date() });
  }
  // Scored apart from seeding, so that a visit closed while scoring finishes the job next time.
  if ((await storage.collection('contacts').count({ where: { 'score.value': null } })) > 0) {
    progress('Scoring the contacts…');
    await crm.scoring.scoreAll();
  }
  crm.scoring.rescoreOnChange();
  return { crm, config, reset: () => storage.deleteDatabase(), describe: () => describe(crm, 'stored in this browser') };
}

async function describe(crm: Crm, where: string): Promise<string> {
  const [contacts, companies, , deals, interactions] = await Promise.all(collectionNames.map((name) => crm.storage.collection(name).count()));
  return `${contacts} contacts, ${companies} companies, ${deals} deals and ${interactions} interactions, ${where}.`;
}
