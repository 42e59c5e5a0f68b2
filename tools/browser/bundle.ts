/**
 * Bundles a module for a page in Chromium with esbuild: benchmark pages and test harnesses.
 * Workspace packages resolve to their TypeScript sources (the `rapport-source` condition), as in
 * the Node tests and `npm run bench`.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The bundled module (ES module text) whose entry is `entry`, a `.ts` file (a URL, or a path
 * from the working directory).
 *
 * @example
 * const js = await bundlePage(new URL('./page/search.page.ts', import.meta.url));
 */
export async function bundlePage(entry: URL | string): Promise<string> {
  const file = typeof entry === 'string' ? entry : fileURLToPath(entry);
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    platform: 'browser', // papaparse then resolves to its browser build (package.json "browser")
    format: 'esm',
    target: 'es2022',
    conditions: ['rapport-source'],
    // Dexie's package entry default-imports its UMD file; its real ES module build is this one.
    alias: { dexie: 'dexie/dist/dexie.mjs' },
    // Readable names in Chromium's profiles; the bundle is served locally, size does not matter.
    minify: false,
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${file}`);
  return output.text;
}
