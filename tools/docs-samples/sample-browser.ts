/**
 * Runs browser samples in one headless Chromium: each sample gets its own browser context (its
 * own IndexedDB and localStorage, so samples run side by side), a page under a strict CSP served
 * from one 127.0.0.1 origin, and fails on an exception, a console error or a CSP violation.
 */
import { posix } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../browser/chromium.js';
import { serveFiles, type ServedFile, type StaticServer } from '../browser/serve-files.js';
import { withDeadline } from './deadline.js';
import type { ModuleOutcome } from './page-api.js';
import type { SampleServerEnv } from './reference-server.js';
import { samplePage, strictPolicy } from './sample-page.js';

/** How a browser sample went. */
export interface BrowserRunResult {
  readonly ok: boolean;
  /** Exceptions, console errors, CSP violations and the runner's own findings. */
  readonly problems: readonly string[];
  readonly ms: number;
  /** For a module that threw: the index of the chain's block it was running (-1: before the first). */
  readonly failedBlock?: number;
}

/** What every run needs to know about the reference server. */
export interface PageOptions {
  /** The reference server's origin, which the page's CSP lets it connect to. */
  readonly apiOrigin: string;
  /** Set as globals (`RAPPORT_URL`…) before the page's scripts run, for samples marked `server`. */
  readonly env?: SampleServerEnv;
}

/** Chromium and the page server, ready for samples. */
export interface SampleBrowser {
  /** The pages' origin (`http://127.0.0.1:<port>`). */
  readonly origin: string;
  /** Runs a bundled ts/js sample module (its entry sets `window.docsSampleRun`) on an empty page. */
  runModule(id: string, bundle: string, options: PageOptions): Promise<BrowserRunResult>;
  /** Loads `html` as the body of a page that has the CDN bundle rapport-widgets.js. */
  runHtml(id: string, html: string, options: PageOptions): Promise<BrowserRunResult>;
  /** Applies `css` to such a page and reports the rules and declarations Chromium dropped. */
  runCss(id: string, css: string, options: PageOptions): Promise<BrowserRunResult>;
  close(): Promise<void>;
}

/** Files the pages may load: the widgets' CDN bundles by file name (`rapport-widgets.js`). */
export type CdnFiles = Readonly<Record<string, string>>;

/** How long one page may take, from opening to the last check. */
const timeoutMs = 25_000;
const widgetsBundle = '/cdn/rapport-widgets.js';

/**
 * Launches Chromium and serves sample pages, with `harness` (page-harness.ts, bundled) run first
 * in every page and the CDN bundles under `/cdn/` (and wherever a sample's `<script src>` names one).
 *
 * @example
 * const browser = await startSampleBrowser({ harness, cdn: { 'rapport-widgets.js': code } });
 */
export async function startSampleBrowser(options: { readonly harness: string; readonly cdn: CdnFiles }): Promise<SampleBrowser> {
  // serveFiles reads this object on every request, so pages added later are served too.
  const files: Record<string, ServedFile> = { '/favicon.ico': { type: 'image/x-icon', body: '' } };
  for (const [name, body] of Object.entries(options.cdn)) files[`/cdn/${name}`] = { type: 'text/javascript', body };
  const server: StaticServer = await serveFiles(files);
  const origin = new URL(server.url).origin;
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await server.close();
    throw error;
  }

  /** Opens `path` in a fresh context, runs `check` on the page, and gathers every problem. */
  async function visit(path: string, pageOptions: PageOptions, check: (page: Page) => Promise<string[]>): Promise<Omit<BrowserRunResult, 'failedBlock'>> {
    const started = performance.now();
    const context = await browser.newContext();
    const problems: string[] = [];
    const steps = async () => {
      await context.addInitScript({ content: options.harness });
      if (pageOptions.env) {
        const globals = Object.entries(pageOptions.env).map(([name, value]) => `globalThis.${name} = ${JSON.stringify(value)};`);
        await context.addInitScript({ content: globals.join('\n') });
      }
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.stack ?? error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      const response = await page.goto(`${origin}${path}`, { timeout: timeoutMs });
      if (!response?.ok()) problems.push(`the page answered ${response?.status()}`);
      problems.push(...(await check(page)));
      problems.push(...(await page.evaluate(() => window.docsProblems)));
    };
    try {
      await withDeadline(steps(), timeoutMs, `the sample did not finish within ${timeoutMs / 1000} s`);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    } finally {
      await withDeadline(context.close(), 10_000, 'closing the context').catch(() => undefined);
      delete files[path];
    }
    return { ok: problems.length === 0, problems, ms: Math.round(performance.now() - started) };
  }

  return {
    origin,
    async runModule(id, bundle, pageOptions) {
      const script = `/s/${id}.js`;
      files[script] = { type: 'text/javascript', body: bundle };
      const path = `/s/${id}.html`;
      files[path] = { type: 'text/html', body: samplePage({ policy: strictPolicy(pageOptions.apiOrigin), scripts: [script], body: '' }) };
      let failedBlock: number | undefined;
      try {
        const result = await visit(path, pageOptions, async (page) => {
          await page.waitForFunction(() => window.docsSampleRun !== undefined, undefined, { timeout: timeoutMs });
          const outcome: ModuleOutcome = await page.evaluate(() => window.docsSampleRun!);
          const settled = await page.evaluate(() => window.docsSettle());
          if (outcome.ok) return settled;
          failedBlock = outcome.block;
          return [`threw: ${outcome.error}`, ...settled];
        });
        return failedBlock === undefined ? result : { ...result, failedBlock };
      } finally {
        delete files[script];
      }
    },
    async runHtml(id, html, pageOptions) {
      const path = `/s/${id}.html`;
      serveNamedBundles(html, path);
      files[path] = { type: 'text/html', body: samplePage({ policy: strictPolicy(pageOptions.apiOrigin), scripts: [widgetsBundle], body: html }) };
      return visit(path, pageOptions, (page) => page.evaluate(() => window.docsSettle()));
    },
    async runCss(id, css, pageOptions) {
      const path = `/s/${id}.html`;
      files[path] = { type: 'text/html', body: samplePage({ policy: strictPolicy(pageOptions.apiOrigin), scripts: [widgetsBundle], body: '' }) };
      return visit(path, pageOptions, async (page) => [...(await page.evaluate((text) => window.docsCheckCss(text), css)), ...(await page.evaluate(() => window.docsSettle()))]);
    },
    async close() {
      await withDeadline(browser.close(), 10_000, 'closing Chromium').catch(() => undefined);
      await server.close();
    },
  };

  /** A sample's `<script src>` that names a CDN bundle by its file name gets that bundle at that path. */
  function serveNamedBundles(html: string, pagePath: string): void {
    for (const [, src = ''] of html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)) {
      const url = new URL(src, `${origin}${pagePath}`);
      const body = options.cdn[posix.basename(url.pathname)];
      if (url.origin === origin && body !== undefined) files[url.pathname] = { type: 'text/javascript', body };
    }
  }
}
