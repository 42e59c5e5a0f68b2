// The packages as users get them: every workspace package packed with `npm pack`, the tarballs
// installed into a fresh project outside the repo, and every entry point used from there: in plain
// Node (with the bins), typechecked by TypeScript under `bundler` and `node16` resolution, and in
// Chromium through a bundler (esbuild, and rollup for `sideEffects`) and as the CDN bundles' one
// script tag. Needs `npm run build` first; `npm run lint:packages` checks the tarballs themselves
// (test/packed-packages.lint.test.ts runs it).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { promisify } from 'node:util';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { rollup } from 'rollup';
import { launchChromium } from '../tools/browser/chromium.js';
import { serveFiles, type ServedFile, type StaticServer } from '../tools/browser/serve-files.js';
import { browserPageEntry, nodeCheckScript, pageHtml, recordViolations, rollupPageEntry, typecheckConfig, typecheckSource } from './packed-packages.consumer.js';
import { createConsumerProject, moduleEntries, type ConsumerProject } from './packed-packages.project.js';

const run = promisify(execFile);
const tsc = join(process.cwd(), 'node_modules/typescript/bin/tsc');
// A child Node without this test's TypeScript loader and `rapport-source` condition: a consumer's.
const plainEnv = { ...process.env, NODE_OPTIONS: '' };

/** Milliseconds since `start`, for the timings each test prints. */
const since = (start: number) => `${((Date.now() - start) / 1000).toFixed(1)} s`;

/** What went wrong in a page: uncaught errors, console errors, failed requests. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => void (message.type() === 'error' && problems.push(`console error: ${message.text()}`)));
  page.on('response', (response) => void (response.status() >= 400 && problems.push(`HTTP ${response.status()}: ${response.url()}`)));
  return problems;
}

const violations = (page: Page) => page.evaluate(() => (globalThis as { packedViolations?: string[] }).packedViolations);

describe('the packed packages, installed from their tarballs into a fresh project', () => {
  let project: ConsumerProject;
  let node: string[];
  let browserEntries: string[];
  let allEntries: string[];
  let tags: string[];

  before(async () => {
    project = await createConsumerProject();
    const [core, adapters, widgets, server] = await Promise.all(['@rapport/core', '@rapport/adapters', '@rapport/widgets', '@rapport/server'].map((name) => project.installedManifest(name)));
    assert.ok(core && adapters && widgets && server);
    // Everything but the widgets runs in Node; the widgets need a DOM. The CDN bundles are pages of their own.
    node = [...moduleEntries(core), ...moduleEntries(adapters), ...moduleEntries(server)];
    browserEntries = [...moduleEntries(core), ...moduleEntries(adapters), ...moduleEntries(widgets).filter((entry) => !entry.includes('/cdn/'))];
    allEntries = [...node, ...moduleEntries(widgets)];
    const manifest = JSON.parse(await readFile(join(project.dir, 'node_modules/@rapport/widgets/custom-elements.json'), 'utf8')) as { modules: { declarations?: { tagName?: string }[] }[] };
    tags = manifest.modules.flatMap((module) => (module.declarations ?? []).flatMap((declaration) => (declaration.tagName ? [declaration.tagName] : [])));
    assert.ok(tags.length >= 10, 'the installed manifest lists the elements');
  });

  after(async () => {
    await project?.remove();
  });

  it('packs each package and installs the tarballs from the npm cache', (t: TestContext) => {
    t.diagnostic(`npm pack: ${(project.timings.pack / 1000).toFixed(1)} s, npm install: ${(project.timings.install / 1000).toFixed(1)} s`);
    assert.deepEqual(project.packages.map((p) => p.name).sort(), ['@rapport/adapters', '@rapport/core', '@rapport/server', '@rapport/widgets']);
  });

  it('in Node: every entry point loads from node_modules and works; the server serves the REST adapter', async (t: TestContext) => {
    const start = Date.now();
    await writeFile(join(project.dir, 'node-check.mjs'), nodeCheckScript(node));
    const { stdout } = await run(process.execPath, ['node-check.mjs'], { cwd: project.dir, env: plainEnv });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    for (const specifier of node) {
      const folder = specifier.split('/').slice(0, 2).join('/');
      assert.match(result.entries[specifier]?.resolved ?? '', new RegExp(`/app/node_modules/${folder}/dist/.+\\.js$`), `${specifier} resolves to the installed build`);
      // @rapport/adapters itself only documents its entries; every other entry exports something.
      if (specifier !== '@rapport/adapters') assert.ok(result.entries[specifier].exports > 0, `${specifier} exports something`);
    }
    assert.equal(result.memory, 'Ann');
    assert.equal(result.deepEqual, true);
    assert.equal(result.seeded, 5);
    assert.equal(result.indexedDbInNode, 'unavailable', 'the IndexedDB adapter loads in Node and says what is missing');
    assert.match(result.rest.url, /^http:\/\/127\.0\.0\.1:\d+/);
    assert.deepEqual(result.rest.listed, ['Bo']);
    t.diagnostic(`Node entries: ${node.length}, ${since(start)}`);
  });

  it('runs every bin with --help', async (t: TestContext) => {
    const start = Date.now();
    const bins = [...Object.keys((await project.installedManifest('@rapport/server')).bin ?? {}), ...Object.keys((await project.installedManifest('@rapport/adapters')).bin ?? {})];
    assert.deepEqual(bins.sort(), ['rapport-conformance', 'rapport-server']);
    for (const bin of bins) {
      const { stdout } = await run(join(project.dir, 'node_modules/.bin', bin), ['--help'], { cwd: project.dir, env: plainEnv });
      assert.match(stdout, new RegExp(`^Usage:[\\s\\S]*${bin}`), `${bin} --help prints its usage`);
    }
    t.diagnostic(`bins: ${bins.join(', ')}, ${since(start)}`);
  });

  it('typechecks a file importing every entry, under moduleResolution bundler and node16', async (t: TestContext) => {
    const start = Date.now();
    await writeFile(join(project.dir, 'consumer.ts'), typecheckSource(allEntries));
    const results = await Promise.all(
      (['bundler', 'node16'] as const).map(async (resolution) => {
        const config = join(project.dir, `tsconfig.${resolution}.json`);
        await writeFile(config, typecheckConfig(resolution, 'consumer.ts'));
        try {
          await run(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { cwd: project.dir, env: plainEnv, maxBuffer: 16 << 20 });
          return `${resolution}: ok`;
        } catch (error) {
          return `${resolution}: ${(error as { stdout?: string }).stdout ?? String(error)}`;
        }
      }),
    );
    assert.deepEqual(results, ['bundler: ok', 'node16: ok']);
    t.diagnostic(`typechecked ${allEntries.length} entries twice, ${since(start)}`);
  });

  describe('in Chromium', () => {
    let browser: Browser;
    let server: StaticServer;
    const contexts: BrowserContext[] = [];

    /** A page in a fresh context, recording problems and CSP violations from its first script on. */
    async function open(path: string): Promise<{ page: Page; problems: string[]; context: BrowserContext }> {
      const context = await browser.newContext();
      contexts.push(context);
      await context.addInitScript(recordViolations);
      const page = await context.newPage();
      const problems = watch(page);
      await page.goto(new URL(path, server.url).href);
      return { page, problems, context };
    }

    before(async () => {
      const start = Date.now();
      await writeFile(join(project.dir, 'page.js'), browserPageEntry(browserEntries));
      await writeFile(join(project.dir, 'rollup-page.js'), rollupPageEntry);
      const [esbuilt, rolled, launched] = await Promise.all([
        // resolveDir is the consumer project: its node_modules, never the repo's, and no source condition.
        build({ entryPoints: [join(project.dir, 'page.js')], absWorkingDir: project.dir, bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'silent' }),
        rollup({ input: join(project.dir, 'rollup-page.js'), plugins: [nodeResolve({ browser: true, rootDir: project.dir }), commonjs()], onwarn: () => undefined }).then((bundle) => bundle.generate({ format: 'es' })),
        launchChromium(),
      ]);
      browser = launched;
      const cdn = join(project.dir, 'node_modules/@rapport/widgets/dist/cdn');
      const script = (body: string): ServedFile => ({ type: 'text/javascript', body });
      server = await serveFiles({
        '/index.html': { type: 'text/html', body: pageHtml('/page.js') },
        '/page.js': script(esbuilt.outputFiles[0]?.text ?? ''),
        '/rollup.html': { type: 'text/html', body: pageHtml('/rollup-page.js') },
        '/rollup-page.js': script(rolled.output[0].code),
        '/lead-form.html': { type: 'text/html', body: pageHtml('/rapport-lead-form.js', '<rapport-lead-form endpoint="http://127.0.0.1:9" form-key="pk_packed"></rapport-lead-form>') },
        '/rapport-lead-form.js': script(await readFile(join(cdn, 'rapport-lead-form.js'), 'utf8')),
        '/widgets.html': { type: 'text/html', body: pageHtml('/rapport-widgets.js') },
        '/rapport-widgets.js': script(await readFile(join(cdn, 'rapport-widgets.js'), 'utf8')),
        '/favicon.ico': { type: 'image/x-icon', body: '' },
      });
      console.log(`# bundled (esbuild, rollup) and launched Chromium in ${since(start)}`);
    });

    after(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close();
      await server?.close();
    });

    it('an esbuild bundle of every browser entry: every element is defined, and a contact is stored in IndexedDB and shown', async (t: TestContext) => {
      const start = Date.now();
      const { page, problems } = await open('/index.html');
      await page.waitForFunction(() => 'packed' in window);
      const exported = await page.evaluate(() => (window as unknown as { packed: { exports: Record<string, number> } }).packed.exports);
      assert.deepEqual(Object.keys(exported).sort(), [...browserEntries].sort());
      // Define entries only register tags, and @rapport/adapters only documents its entries.
      for (const [specifier, count] of Object.entries(exported)) if (!specifier.endsWith('/define') && specifier !== '@rapport/adapters') assert.ok(count > 0, `${specifier} exports something in the browser`);
      const undefinedTags = await page.evaluate((names) => names.filter((name) => !customElements.get(name)), tags);
      assert.deepEqual(undefinedTags, [], 'every element of the manifest is defined by the define entries');

      const databaseName = 'packed-packages';
      const id = await page.evaluate((name) => (window as unknown as { packed: { run(name: string): Promise<string> } }).packed.run(name), databaseName);
      assert.equal(await page.locator('rapport-contact-card [part="name"]').textContent({ timeout: 10_000 }), 'Ann Packed', 'the card shows the contact through the provider');
      await page.reload();
      await page.waitForFunction(() => 'packed' in window);
      const lastName = await page.evaluate(([name, contact]) => (window as unknown as { packed: { read(name: string, id: string): Promise<string> } }).packed.read(name as string, contact as string), [databaseName, id]);
      assert.equal(lastName, 'Packed', 'the contact outlived the page: it is in IndexedDB');
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(problems, []);
      t.diagnostic(`${browserEntries.length} browser entries, ${tags.length} elements, ${since(start)}`);
    });

    it("a rollup bundle keeps what the packages' sideEffects declare: core's CSP-safe zod setup and define entries", async () => {
      const { page, problems } = await open('/rollup.html');
      await page.waitForFunction(() => 'packedRollup' in window);
      const result = await page.evaluate(() => (window as unknown as { packedRollup(): Promise<unknown> }).packedRollup());
      assert.deepEqual(result, { name: 'Bo', defined: true });
      assert.deepEqual(await violations(page), [], 'no eval under script-src \'self\'');
      assert.deepEqual(problems, []);
    });

    it('dist/cdn/rapport-lead-form.js from node_modules, in one script tag, renders the lead form', async () => {
      const { page, problems } = await open('/lead-form.html');
      await page.locator('rapport-lead-form [part="submit"]').waitFor({ timeout: 10_000 });
      assert.deepEqual(await page.evaluate(() => ['rapport-lead-form', 'rapport-field'].filter((name) => !customElements.get(name))), []);
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(problems, []);
    });

    it('dist/cdn/rapport-widgets.js from node_modules, in one script tag, defines every element', async () => {
      const { page, problems } = await open('/widgets.html');
      await page.waitForFunction((names) => names.every((name) => customElements.get(name)), tags, { timeout: 10_000 });
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(problems, []);
    });
  });
});
