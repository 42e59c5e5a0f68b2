/**
 * The reference server the samples marked `server` talk to: one `createServer` on PGlite in
 * memory for the whole run, and a fresh workspace with its own keys for each sample, so samples
 * running side by side never see each other's records (or collide on a unique domain).
 */
import { createServer, type RapportServer } from '../../packages/server/src/server.js';

/** The origin every form key accepts besides the sample pages': the docs' example site. */
export const exampleSiteOrigin = 'https://www.example.com';

/** What a sample gets: RAPPORT_URL, RAPPORT_API_KEY and RAPPORT_FORM_KEY. */
export interface SampleServerEnv {
  readonly RAPPORT_URL: string;
  readonly RAPPORT_API_KEY: string;
  readonly RAPPORT_FORM_KEY: string;
}

/** A started reference server. */
export interface ReferenceServer {
  /** The base URL, without a trailing slash. */
  readonly url: string;
  /** A new workspace, its API key and a form key (see {@link startReferenceServer}). */
  provision(name: string): Promise<SampleServerEnv>;
  close(): Promise<void>;
}

/**
 * Starts the server on a free 127.0.0.1 port. Browser apps on `pageOrigin` may call its private
 * API; form keys accept leads from `pageOrigin` and from https://www.example.com (the site the
 * docs' curl examples post from), with no minimum fill time, so a sample may submit at once.
 * The lead rate limits are raised: every sample posts from 127.0.0.1.
 *
 * @example
 * const server = await startReferenceServer('http://127.0.0.1:41234');
 * const { RAPPORT_API_KEY } = await server.provision('docs/rest.md:41');
 */
export async function startReferenceServer(pageOrigin: string): Promise<ReferenceServer> {
  const server: RapportServer = await createServer({ log: false, corsOrigins: [pageOrigin], leads: { perIpPerMinute: 100_000, perKeyPerMinute: 100_000 } });
  const { url } = await server.listen(0, '127.0.0.1');
  const base = url.replace(/\/+$/, '');
  return {
    url: base,
    async provision(name) {
      const workspace = await server.admin.createWorkspace(name);
      const apiKey = await server.admin.createApiKey(workspace, name);
      const formKey = await server.admin.createFormKey(workspace, { allowedOrigins: [pageOrigin, exampleSiteOrigin], minFillMs: 0 });
      return { RAPPORT_URL: base, RAPPORT_API_KEY: apiKey, RAPPORT_FORM_KEY: formKey };
    },
    close: () => server.close(),
  };
}
