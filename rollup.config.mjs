// Library ESM and .d.ts come from `tsc -b` (project references). Rollup bundles what a browser
// loads as one file: for now the demo page; later issues add the widgets' CDN bundles.
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { transform } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** Compiles the demo's own TypeScript; the packages it imports are already built by `tsc -b`. */
const typescript = () => ({
  name: 'esbuild-typescript',
  async transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const result = await transform(code, { loader: 'ts', target: 'es2022', sourcemap: true, sourcefile: id });
    return { code: result.code, map: result.map };
  },
});

/**
 * Dexie's package entry default-imports its UMD build; bundle its real ES module build instead.
 */
const dexieModule = () => ({
  name: 'dexie-module',
  resolveId(source) {
    if (source === 'dexie') return fileURLToPath(new URL('./node_modules/dexie/dist/dexie.mjs', import.meta.url));
    return null;
  },
});

export default [
  {
    input: 'demo/src/main.ts',
    // One file: the virtualizer loads its default layout with a dynamic import.
    output: { file: 'demo/build/demo.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
    plugins: [
      typescript(),
      dexieModule(),
      // `browser: true` picks papaparse's browser build, which needs no Node stream module.
      nodeResolve({ browser: true, extensions: ['.ts', '.js'] }),
      commonjs({ include: /node_modules/ }),
      terser({ module: true, format: { comments: false } }),
    ],
  },
];
