/** Where a visitor came from, as the lead's `source` carries it. */
export interface LeadSource {
  readonly utmSource?: string;
  readonly utmMedium?: string;
  readonly utmCampaign?: string;
  readonly utmTerm?: string;
  readonly utmContent?: string;
  readonly referrer?: string;
  readonly landingPage?: string;
}

const utmParameters = {
  utm_source: 'utmSource',
  utm_medium: 'utmMedium',
  utm_campaign: 'utmCampaign',
  utm_term: 'utmTerm',
  utm_content: 'utmContent',
} as const;

const storageKey = 'rapport-lead-source';
// Core's limits for these values.
const maxUtm = 500;
const maxUrl = 2048;

/**
 * The first touch of this visit: the UTM parameters, referrer and landing page of the first page
 * in this tab that loaded the form (kept in `sessionStorage`), unless this page came from a new
 * campaign link, which then wins. URLs are cut to origin and path: a query string or fragment can
 * hold personal data (an email address in a link) and must not end up in the CRM.
 *
 * @example
 * const source = pageSource(location.href, document.referrer);
 */
export function pageSource(href: string, referrer: string, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = sessionStore()): LeadSource {
  const current = sourceOf(href, referrer);
  const hasCampaign = Object.keys(current).some((key) => key.startsWith('utm'));
  if (!hasCampaign) {
    const stored = readStored(storage);
    if (stored) return stored;
  }
  try {
    storage?.setItem(storageKey, JSON.stringify(current));
  } catch {
    // Storage full or refused: this page's source is still right.
  }
  return current;
}

function sourceOf(href: string, referrer: string): LeadSource {
  const source: Record<string, string> = {};
  let url: URL | undefined;
  try {
    url = new URL(href);
  } catch {
    return source;
  }
  for (const [parameter, key] of Object.entries(utmParameters)) {
    const value = url.searchParams.get(parameter)?.trim().slice(0, maxUtm).trim();
    if (value) source[key] = value;
  }
  const landingPage = pageUrl(href);
  if (landingPage) source.landingPage = landingPage;
  const from = pageUrl(referrer);
  if (from) source.referrer = from;
  return source;
}

/** An http(s) URL without query and fragment, or undefined. */
function pageUrl(href: string): string | undefined {
  try {
    const url = new URL(href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const kept = `${url.origin}${url.pathname}`;
    return kept.length <= maxUrl ? kept : undefined;
  } catch {
    return undefined;
  }
}

/** The stored first touch, held to the same rules as a fresh one (another script may have written it); undefined when unusable. */
function readStored(storage: Pick<Storage, 'getItem'> | undefined): LeadSource | undefined {
  let value: unknown;
  try {
    value = JSON.parse(storage?.getItem(storageKey) ?? 'null');
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const stored = value as Record<string, unknown>;
  const source: Record<string, string> = {};
  for (const key of Object.values(utmParameters)) {
    const utm = stored[key];
    const kept = typeof utm === 'string' ? utm.trim().slice(0, maxUtm).trim() : '';
    if (kept) source[key] = kept;
  }
  for (const key of ['referrer', 'landingPage'] as const) {
    const url = typeof stored[key] === 'string' ? pageUrl(stored[key]) : undefined;
    if (url) source[key] = url;
  }
  return Object.keys(source).length ? source : undefined;
}

function sessionStore(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    // Reading `sessionStorage` throws where storage is blocked.
    return undefined;
  }
}
