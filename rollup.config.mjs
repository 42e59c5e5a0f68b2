// Library ESM and .d.ts come from `tsc -b` (project references). Rollup bundles what a browser
// loads as one file: the demo pages and the widgets' CDN bundles (built from tsc's output).
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { transform } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { minifyCssLiterals } from './scripts/rollup/minify-css-literals.mjs';

/**
 * Compiles the demo's own TypeScript, and the React page's TSX with React 19's automatic JSX
 * runtime; the packages it imports are already built by `tsc -b`.
 */
const typescript = () => ({
  name: 'esbuild-typescript',
  async transform(code, id) {
    const loader = id.endsWith('.tsx') ? 'tsx' : id.endsWith('.ts') ? 'ts' : undefined;
    if (!loader) return null;
    const result = await transform(code, { loader, jsx: 'automatic', target: 'es2022', sourcemap: true, sourcefile: id });
    return { code: result.code, map: result.map };
  },
});

/**
 * React's CommonJS entries pick their build from `process.env.NODE_ENV`, which a browser does not
 * have: the demo ships the production build.
 */
const productionReact = () => ({
  name: 'production-react',
  transform(code, id) {
    if (!/node_modules[\\/](react|react-dom|scheduler)[\\/]/.test(id) || !code.includes('process.env.NODE_ENV')) return null;
    return { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null };
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

const widgets = fileURLToPath(new URL('./packages/widgets/dist/', import.meta.url));
const elementFolders = readdirSync(widgets).filter((name) => existsSync(`${widgets}${name}/define.js`));

/**
 * A CDN entry: a module that only imports the `define` files of some elements, so that loading
 * the bundle registers their tags. It is generated here rather than kept as a source file because
 * it exists only to be bundled.
 */
const cdnEntry = (name, folders) => ({
  name: 'cdn-entry',
  resolveId: (id) => (id === name ? id : null),
  load: (id) => (id === name ? folders.map((folder) => `import ${JSON.stringify(`${widgets}${folder}/define.js`)};`).join('\n') : null),
});

/** A self-contained ES module for a `<script type="module">`: Lit and everything else bundled, minified. */
const cdnBundle = (name, folders) => ({
  input: name,
  output: { file: `packages/widgets/dist/cdn/${name}.js`, format: 'es', sourcemap: true, inlineDynamicImports: true },
  plugins: [
    cdnEntry(name, folders),
    nodeResolve({ browser: true }),
    commonjs({ include: /node_modules/ }),
    minifyCssLiterals({ include: /packages\/widgets\/dist\/.*\.js$/ }),
    terser({ module: true, format: { comments: false } }),
  ],
});

/** One demo page's script: its code and everything it imports, in one minified ES module. */
const demoBundle = (input, file) => ({
  input,
  // One file: the virtualizer loads its default layout with a dynamic import.
  output: { file, format: 'es', sourcemap: true, inlineDynamicImports: true },
  plugins: [
    typescript(),
    dexieModule(),
    productionReact(),
    // `browser: true` picks papaparse's browser build, which needs no Node stream module.
    nodeResolve({ browser: true, extensions: ['.ts', '.tsx', '.js'] }),
    commonjs({ include: /node_modules/ }),
    terser({ module: true, format: { comments: false } }),
  ],
});

export default [
  // The lead form alone, for sites that only capture leads: no Dexie, no full zod (20 KB gzip budget).
  cdnBundle('rapport-lead-form', ['lead-form']),
  // Every element, for pages that show CRM views without a build step.
  cdnBundle('rapport-widgets', elementFolders),
  // The demo's pages: the CRM workspace, and the same widgets in a React 19 app.
  demoBundle('demo/src/main.ts', 'demo/build/demo.js'),
  demoBundle('demo/src/react/main.tsx', 'demo/build/react.js'),
];
