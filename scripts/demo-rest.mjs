// The REST mode of `npm start -- --rest`: the reference server in this process on PGlite (in
// memory), with a workspace seeded as the IndexedDB demo seeds its own, scored, and the keys the
// demo page needs. Imports the packages' built `dist` (`npm start` builds first).
import { createCrm } from '@rapport/core';
import { seedWorkspace } from '@rapport/core/seed';
import { restAdapter } from '@rapport/adapters/rest';
import { createServer } from '@rapport/server';

/**
 * Starts the server on 127.0.0.1 and prepares the demo workspace. `origins` are the demo page's
 * origins: allowed to call the private API (CORS) and to post leads with the form key.
 *
 * @param {{ origins: string[], port?: number }} options
 * @returns {Promise<{ baseUrl: string, apiKey: string, formKey: string, counts: Record<string, number>, close(): Promise<void> }>}
 */
export async function startRestWorkspace({ origins, port = 0 }) {
  // The request log stays off: the terminal is for the URLs (`npm run server` shows a logging server).
  const server = await createServer({ log: false, corsOrigins: origins });
  try {
    const { url: baseUrl } = await server.listen(port, '127.0.0.1');
    const workspaceId = await server.admin.createWorkspace('Rapport demo');
    const apiKey = await server.admin.createApiKey(workspaceId, 'demo page');
    // A person takes longer than 1.5 s to fill the form in; a script posting at once is refused.
    const formKey = await server.admin.createFormKey(workspaceId, { allowedOrigins: origins, formId: 'demo-site', minFillMs: 1500 });
    // Seeded through the REST adapter, as any client would write: the same path the page's reads take.
    const storage = restAdapter({ baseUrl, apiKey });
    let counts;
    try {
      ({ counts } = await seedWorkspace(storage, { seed: 42, contacts: 400, now: new Date() }));
      await createCrm({ storage }).scoring.scoreAll();
    } finally {
      await storage.close?.();
    }
    return { baseUrl, apiKey, formKey, counts, close: () => server.close() };
  } catch (error) {
    await server.close();
    throw error;
  }
}
