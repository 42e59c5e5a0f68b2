/**
 * Bundles an in-page benchmark module for Chromium with esbuild: workspace packages resolve to
 * their TypeScript sources (the `rapport-source` condition), as in `npm run bench` itself.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The bundled module (ES module text) whose entry is `entry`, a `.ts` file.
 *
 * @example
 * const js = await bundlePage(new URL('./page/search.page.ts', import.meta.url));
 */
export async function bundlePage(entry: URL): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
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
  if (!output) throw new Error(`esbuild produced no output for ${fileURLToPath(entry)}`);
  return output.text;
}
