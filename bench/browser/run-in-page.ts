/**
 * Runs one exported function of an in-page benchmark module in headless Chromium and returns
 * what it returns (plain data): bundles the module, serves it with a page from 127.0.0.1, opens
 * the page, calls the function with `page.evaluate`, and closes everything.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { bundlePage } from '../../tools/browser/bundle.ts';
import { launchChromium } from '../../tools/browser/chromium.ts';
import { serveFiles } from '../../tools/browser/serve-files.ts';

/** What an in-page module's export is called with, and returns: structured-clonable data. */
export type PlainData = null | boolean | number | string | readonly PlainData[] | { readonly [key: string]: PlainData | undefined };

/** Lines the page logs with this prefix are progress, printed under the entry's heading. */
export const progressPrefix = 'bench:';

// The page exposes the bundle's exports on this global once they have loaded.
const html = `<!doctype html>
<meta charset="utf-8">
<title>Rapport bench</title>
<link rel="icon" href="data:,">
<script type="module">
  import * as bench from './bench.js';
  globalThis.rapportBench = bench;
  document.documentElement.dataset.ready = '';
</script>
`;

/**
 * When `BENCH_CPU_PROFILE` is set, records a V8 CPU profile of the call through the Chrome
 * DevTools Protocol and writes it to the temp directory (open it in Chromium's DevTools,
 * Performance panel, or https://www.speedscope.app).
 */
async function profiled<T>(page: Page, label: string, fn: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_CPU_PROFILE) return fn();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    const file = join(tmpdir(), `rapport-bench-${label}-${Date.now()}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    console.log(`  CPU profile: ${file}`);
  }
}

/**
 * Calls `exportName(arg)` from the module `pageModule` inside Chromium and resolves with its
 * result. Page errors and console errors fail the run; `bench:` console lines are printed as progress.
 *
 * @example
 * const timings = await runInPage<Timings>(new URL('./page/board.page.ts', import.meta.url), 'boardColumn', { deals: 10_000 });
 */
export async function runInPage<T>(pageModule: URL, exportName: string, arg: PlainData = null): Promise<T> {
  const bundle = await bundlePage(pageModule);
  const server = await serveFiles({
    '/index.html': { type: 'text/html', body: html },
    '/bench.js': { type: 'text/javascript', body: bundle },
  });
  // The page may then collect garbage between timed runs, as bench/measure.ts does in Node.
  const browser = await launchChromium(['--js-flags=--expose-gc']);
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith(progressPrefix)) console.log(`  · ${text.slice(progressPrefix.length).trim()}`);
      else if (message.type() === 'error') problems.push(`console error: ${text}`);
    });
    await page.goto(server.url);
    await page.waitForSelector('html[data-ready]', { state: 'attached' });
    // Plain data crosses as `unknown`: Playwright's serializable types are too deep for PlainData.
    const call: [string, unknown] = [exportName, arg];
    const result = await profiled(page, exportName, () =>
      page.evaluate(([name, input]: [string, unknown]) => {
        const fn = (globalThis as unknown as { rapportBench: Record<string, (arg: unknown) => Promise<unknown>> }).rapportBench[name];
        if (typeof fn !== 'function') throw new Error(`The page module has no export named ${name}`);
        return fn(input);
      }, call),
    );
    if (problems.length) throw new Error(`${exportName} in Chromium:\n${problems.join('\n')}`);
    return result as T;
  } finally {
    await browser.close();
    await server.close();
  }
}
