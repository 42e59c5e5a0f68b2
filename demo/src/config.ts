/**
 * How the demo server set this page up: where the workspace lives. It is read from the same
 * origin's `/config.json` rather than from the URL, so that the REST mode's API key never shows
 * in an address bar, a history entry or a `Referer` header.
 */
export type DemoConfig =
  | { readonly storage: 'indexeddb' }
  | {
      readonly storage: 'rest';
      /** The reference server's base URL. */
      readonly baseUrl: string;
      /** A private API key of the demo workspace (a local demo only: see docs/demo.md). */
      readonly apiKey: string;
      /** The publishable form key the lead form posts with. */
      readonly formKey: string;
    };

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Reads `/config.json`. A page served by some other static server has none, and runs on
 * IndexedDB, which needs nothing from a server.
 */
export async function loadConfig(): Promise<DemoConfig> {
  let body: unknown;
  try {
    const response = await fetch(new URL('config.json', document.baseURI), { cache: 'no-store' });
    if (!response.ok) return { storage: 'indexeddb' };
    body = await response.json();
  } catch {
    return { storage: 'indexeddb' };
  }
  const { storage, baseUrl, apiKey, formKey } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (storage === 'rest' && isText(baseUrl) && isText(apiKey) && isText(formKey)) return { storage, baseUrl, apiKey, formKey };
  return { storage: 'indexeddb' };
}
