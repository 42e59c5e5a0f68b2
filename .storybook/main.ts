import type { StorybookConfig } from '@storybook/web-components-vite';
import { transform } from 'esbuild';
import type { Plugin } from 'vite';

/**
 * Vite 8 transpiles TypeScript with Oxc, which leaves TC39 (standard, non-legacy) decorators in
 * place, and Chromium cannot parse them yet. Lower them with esbuild first, as
 * @web/dev-server-esbuild does in the browser tests.
 */
const lowerDecorators = (): Plugin => ({
  name: 'lower-tc39-decorators',
  enforce: 'pre',
  async transform(code, id) {
    if (!/\.ts$/.test(id) || id.includes('/node_modules/') || !/^\s*@\w/m.test(code)) return null;
    const result = await transform(code, {
      loader: 'ts',
      target: 'es2022',
      sourcemap: true,
      sourcefile: id,
      tsconfigRaw: { compilerOptions: { experimentalDecorators: false, useDefineForClassFields: true, verbatimModuleSyntax: true } },
    });
    return { code: result.code, map: result.map };
  },
});

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../packages/widgets/stories/**/*.stories.ts'],
  addons: ['@storybook/addon-a11y'],
  // No network here, and none wanted: no telemetry, no "what's new" fetches.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: async (config) => ({
    ...config,
    plugins: [lowerDecorators(), ...(config.plugins ?? [])],
    // axe-core (the a11y addon) alone is 660 kB; a static Storybook is not a page load budget.
    build: { ...config.build, chunkSizeWarningLimit: 1500 },
    // Workspace packages resolve to their TypeScript sources, as in the tests; Dexie to its ES module build.
    resolve: {
      ...config.resolve,
      conditions: ['rapport-source', 'browser', 'module', 'import', 'default'],
      alias: [...(Array.isArray(config.resolve?.alias) ? config.resolve.alias : []), { find: /^dexie$/, replacement: 'dexie/dist/dexie.mjs' }],
    },
  }),
};
export default config;
