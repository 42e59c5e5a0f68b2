import type { DemoConfig } from './config.js';
import { h } from './dom.js';

/**
 * Says on the page where the workspace lives, in the `#mode` paragraph and as
 * `<body data-storage>` (which the tests read).
 */
export function showMode(config: DemoConfig): void {
  document.body.dataset.storage = config.storage;
  const mode = document.getElementById('mode');
  if (!mode) return;
  const code = (text: string) => h('code', {}, text);
  mode.replaceChildren(
    ...(config.storage === 'rest'
      ? [
          'A CRM workspace on the Rapport reference server at ',
          code(config.baseUrl),
          ' (PGlite in memory), reached through ',
          code('@rapport/adapters/rest'),
          '. Changes reach every open tab over server-sent events; stopping the server discards them.',
        ]
      : [
          "A CRM workspace kept in this browser's IndexedDB by ",
          code('@rapport/core'),
          ' and ',
          code('@rapport/adapters/indexeddb'),
          ', seeded with generated data on the first visit. It survives reloads.',
        ]),
  );
}
