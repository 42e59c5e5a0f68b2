// Every Rapport element whose define.ts exists, on one page served with a strict Content Security
// Policy (no 'unsafe-inline', no 'unsafe-eval'), inside a <rapport-provider> over a seeded
// in-memory workspace (test/fixtures/widgets-page.ts), in Chromium. Then the same page again
// with a hostile global stylesheet: the elements must look the same size.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Box, Rendered } from './fixtures/widgets-page.js';
import { bundlePage } from '../tools/browser/bundle.js';
import { launchChromium } from '../tools/browser/chromium.js';

const csp = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'";

/** Layout only: a fixed-width column, so that the hostile sheet cannot change the space the elements get. */
const pageCss = `
main { inline-size: 880px; margin: 0; padding: 0; }
section.widget { display: block; inline-size: 880px; margin: 0 0 24px; padding: 0; border: 0; }
`;

/** What a careless or hostile host page puts in its global stylesheet. */
const hostileCss = `
html { font-size: 40px; }
body { font: italic 700 22px/4 serif; color: red; text-align: center; text-indent: 3em; white-space: pre; word-spacing: 9px; }
* {
  line-height: 3 !important;
  letter-spacing: 3px;
  text-transform: uppercase;
  box-sizing: content-box !important;
  font-family: "Courier New", monospace;
  font-size: 19px;
  font-weight: 700;
  word-spacing: 11px;
  text-align: right;
  text-indent: 20px;
  white-space: nowrap;
}
button { all: unset; }
input, select, textarea { all: unset; }
`;

function page(withHostileCss: boolean): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rapport widgets</title>',
    '<link rel="stylesheet" href="/page.css">',
    withHostileCss ? '<link rel="stylesheet" href="/hostile.css">' : '',
    '<script type="module" src="/widgets.js"></script>',
    '</head><body><main></main></body></html>',
  ].join('');
}

/** The tags registered by each packages/widgets/src/<folder>/define.ts, and those files. */
async function defineFiles(): Promise<{ file: string; tags: string[] }[]> {
  const root = 'packages/widgets/src';
  const found: { file: string; tags: string[] }[] = [];
  for (const folder of (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory())) {
    const file = resolve(root, folder.name, 'define.ts');
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) found.push({ file, tags: [...text.matchAll(/defineElement\('([^']+)'/g)].map((m) => m[1]!) });
  }
  // The provider first, so that it is defined before the elements that look for it.
  return found.sort((a, b) => Number(b.tags.includes('rapport-provider')) - Number(a.tags.includes('rapport-provider')));
}

/** Serves the pages and the bundle on 127.0.0.1 with the strict CSP on every response. */
async function serve(files: Record<string, { type: string; body: string }>): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = files[path];
    const headers = { 'content-security-policy': csp, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (!file) {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end(`Not found: ${path}`);
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': `${file.type}; charset=utf-8` }).end(file.body);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface Visit {
  page: Page;
  problems: string[];
  external: string[];
}

describe('widgets on a strict-CSP page', () => {
  let workDir: string;
  let tags: string[];
  let origin: string;
  let server: Server;
  let browser: Browser;
  let plain: Visit;
  let hostile: Visit;

  /** Opens `path`, recording CSP violations (from the first script on), page errors, console errors and requests to other origins. */
  async function visit(path: string): Promise<Visit> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const problems: string[] = [];
    const external: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(`${origin}/`) && !request.url().startsWith('data:')) external.push(request.url());
    });
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
    });
    await page.goto(`${origin}${path}`);
    await page.waitForSelector('body[data-ready]', { state: 'attached', timeout: 15_000 });
    await page
      .waitForFunction(() => window.widgets.rendered().every((r) => r.done), undefined, { timeout: 15_000, polling: 50 })
      .catch(() => undefined); // the test below says which element is not done
    return { page, problems, external };
  }

  /** The key boxes once layout has settled (two measurements a few frames apart agree). */
  async function settledBoxes(page: Page): Promise<Record<string, Box>> {
    let last = '';
    for (let i = 0; i < 20; i++) {
      const boxes = await page.evaluate(async () => {
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return window.widgets.measure();
      });
      const json = JSON.stringify(boxes);
      if (json === last) return boxes;
      last = json;
      await page.waitForTimeout(50);
    }
    return JSON.parse(last) as Record<string, Box>;
  }

  before(async () => {
    const defines = await defineFiles();
    tags = defines.flatMap((d) => d.tags);
    workDir = await mkdtemp(join(tmpdir(), 'rapport-widgets-e2e-'));
    const entry = join(workDir, 'entry.ts');
    await writeFile(
      entry,
      [
        ...defines.map((d) => `import ${JSON.stringify(d.file)};`),
        `import { renderWidgets } from ${JSON.stringify(resolve('test/fixtures/widgets-page.ts'))};`,
        `await renderWidgets(${JSON.stringify(tags)});`,
      ].join('\n'),
    );
    const script = await bundlePage(entry);
    ({ url: origin, server } = await serve({
      '/': { type: 'text/html', body: page(false) },
      '/hostile.html': { type: 'text/html', body: page(true) },
      '/page.css': { type: 'text/css', body: pageCss },
      '/hostile.css': { type: 'text/css', body: hostileCss },
      '/widgets.js': { type: 'text/javascript', body: script },
      '/favicon.ico': { type: 'image/x-icon', body: '' }, // asked for by Chromium itself
    }));
    browser = await launchChromium();
    plain = await visit('/');
    hostile = await visit('/hostile.html');
  });

  after(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('covers the provider and every element that has a define.ts', async () => {
    assert.ok(tags.includes('rapport-provider'));
    assert.ok(tags.length >= 2, `tags: ${tags.join(', ')}`);
    assert.deepEqual(await plain.page.evaluate(() => window.widgets.tags), tags.filter((t) => t !== 'rapport-provider' && t !== 'rapport-field'));
  });

  it('serves the page with the strict CSP', async () => {
    const response = await plain.page.request.get(`${origin}/`);
    assert.equal(response.headers()['content-security-policy'], csp);
  });

  it('runs without CSP violations, page errors, console errors or requests to other origins', async () => {
    for (const [name, v] of Object.entries({ plain, hostile })) {
      assert.deepEqual(await v.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), [], `${name}: CSP violations`);
      assert.deepEqual(v.problems, [], `${name}: problems`);
      assert.deepEqual(v.external, [], `${name}: requests to other origins`);
    }
  });

  it('renders content in every shadow root, past initial, loading and error', async () => {
    for (const [name, v] of Object.entries({ plain, hostile })) {
      const notDone = (await v.page.evaluate(() => window.widgets.rendered())).filter((r: Rendered) => !r.done);
      assert.deepEqual(notDone, [], `${name} page`);
    }
  });

  it('keeps every key box the same size under the hostile stylesheet (within 1 px)', async () => {
    const [before, after] = [await settledBoxes(plain.page), await settledBoxes(hostile.page)];
    assert.ok(Object.keys(before).length > tags.length, 'parts were measured');
    const differences: string[] = [];
    for (const [key, box] of Object.entries(before)) {
      const other = after[key];
      if (!other) differences.push(`${key}: missing under the hostile stylesheet`);
      else if (Math.abs(box.width - other.width) > 1 || Math.abs(box.height - other.height) > 1) {
        differences.push(`${key}: ${box.width}×${box.height} → ${other.width}×${other.height}`);
      }
    }
    for (const key of Object.keys(after)) if (!(key in before)) differences.push(`${key}: only under the hostile stylesheet`);
    assert.deepEqual(differences, [], 'boxes the hostile stylesheet changed (plain → hostile)');
  });
});
