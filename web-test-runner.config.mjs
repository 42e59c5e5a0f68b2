import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';

/**
 * papaparse ships UMD files only. Served as they are, a browser cannot import them; wrapped with a
 * `module` object, the UMD takes its CommonJS branch and the wrapper exports the result.
 */
const umdAsModule = {
  name: 'umd-as-module',
  transform(context) {
    if (!context.path.endsWith('/node_modules/papaparse/papaparse.min.js')) return undefined;
    return { body: `const module = { exports: {} };\nconst exports = module.exports;\n${context.body}\nexport default module.exports;\n` };
  },
};

/**
 * Dexie's package entry default-imports its UMD build, which a browser cannot do unbundled;
 * point bare 'dexie' at its real ES module build instead.
 */
const dexieModule = {
  name: 'dexie-module',
  resolveImport({ source }) {
    if (source === 'dexie') return '/node_modules/dexie/dist/dexie.mjs';
  },
};

/** Prints one plain closing line, "browser: N passed, N failed", for CI log readers. */
const plainSummary = () => ({
  onTestRunFinished({ sessions }) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const walk = (s) => {
      for (const t of s?.tests ?? []) t.skipped ? skipped++ : t.passed ? passed++ : failed++;
      for (const c of s?.suites ?? []) walk(c);
    };
    for (const s of sessions) {
      walk(s.testResults);
      // A file that failed to load has no results but did fail.
      if (!s.passed && !s.testResults?.tests?.length && !s.testResults?.suites?.length) failed++;
    }
    const line = `browser: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.once('exit', () => process.stdout.write(`${line}\n`));
  },
});

export default {
  files: ['packages/*/src/**/*.browser.test.ts', 'test/**/*.browser.test.ts'],
  // Workspace packages resolve to their TypeScript sources, as in the Node tests.
  nodeResolve: { browser: true, exportConditions: ['rapport-source', 'browser', 'development'] },
  // The virtualizer's harmless "ResizeObserver loop" error events reach the log as a bare null.
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode') && !(args.length === 1 && args[0] === null),
  plugins: [
    umdAsModule,
    dexieModule,
    // target must not be 'auto': on a current Chromium it leaves TC39 decorators in place.
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' }),
  ],
  testFramework: { config: { timeout: 10000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      },
    }),
  ],
  reporters: [defaultReporter(), plainSummary()],
  coverageConfig: { include: ['packages/*/src/**'] },
};
