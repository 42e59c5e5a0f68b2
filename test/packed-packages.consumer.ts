/**
 * The code a consumer of the published packages writes, as text for the temporary project of
 * test/packed-packages.e2e.test.ts: a plain Node script, a TypeScript file to typecheck, and page
 * entries for Chromium. Generated from the installed packages' `exports`, so a new entry point is
 * imported everywhere without touching the test.
 */

const list = (specifiers: readonly string[]) => JSON.stringify(specifiers);

/**
 * A plain ES module for Node (no TypeScript loader, no source condition): imports every entry in
 * `specifiers`, then calls one real function of each package, the REST adapter against the
 * installed reference server on 127.0.0.1. Prints one JSON line for the test to check.
 */
export function nodeCheckScript(specifiers: readonly string[]): string {
  return `
const entries = {};
for (const specifier of ${list(specifiers)}) {
  const module = await import(specifier);
  entries[specifier] = { resolved: import.meta.resolve(specifier), exports: Object.keys(module).length };
}
const { createCrm, memoryAdapter, isRapportError } = await import('@rapport/core');
const { isDeepEqual } = await import('@rapport/core/testing');
const { generateWorkspace } = await import('@rapport/core/seed');
const { restAdapter } = await import('@rapport/adapters/rest');
const { indexedDbAdapter } = await import('@rapport/adapters/indexeddb');
const { createServer } = await import('@rapport/server');

const crm = createCrm({ storage: memoryAdapter() });
const ann = await crm.contacts.create({ firstName: 'Ann', emails: ['ann@example.com'] });
const memory = (await crm.contacts.get(ann.id)).firstName;
const deepEqual = isDeepEqual({ tags: ['a'] }, { tags: ['a'] });
const seeded = generateWorkspace({ contacts: 5 }).contacts.length;
let indexedDbInNode;
try {
  indexedDbAdapter({ databaseName: 'node' });
} catch (error) {
  indexedDbInNode = isRapportError(error, 'unavailable') ? 'unavailable' : String(error);
}

const server = await createServer({ log: false });
let rest;
try {
  const { url } = await server.listen(0, '127.0.0.1');
  const workspace = await server.admin.createWorkspace('packed');
  const storage = restAdapter({ baseUrl: url, apiKey: await server.admin.createApiKey(workspace) });
  const remote = createCrm({ storage });
  const bo = await remote.contacts.create({ firstName: 'Bo', emails: ['bo@example.com'] });
  rest = { url, listed: (await remote.contacts.list({ limit: 10 })).items.map((c) => c.id === bo.id && c.firstName) };
  await storage.close?.();
} finally {
  await server.close();
}
console.log(JSON.stringify({ entries, memory, deepEqual, seeded, indexedDbInNode, rest }));
`;
}

/**
 * A TypeScript file that imports every entry in `specifiers` and uses a few typed APIs. The
 * `@ts-expect-error` line fails the check if the types came out as `any`; the tag lookups fail
 * it if the define entries' `HTMLElementTagNameMap` additions did not load.
 */
export function typecheckSource(specifiers: readonly string[]): string {
  const imports = specifiers.map((specifier, i) => `import * as entry${i} from '${specifier}';`);
  return `${imports.join('\n')}
import { createCrm, memoryAdapter, type Contact } from '@rapport/core';
import type { RapportContactCard, RapportLeadForm, RapportPipelineBoard } from '@rapport/widgets';
import type { RapportServer } from '@rapport/server';

export const entries = [${specifiers.map((_, i) => `entry${i}`).join(', ')}];
const crm = createCrm({ storage: memoryAdapter() });
export const created: Promise<Contact> = crm.contacts.create({ firstName: 'Ann' });
// @ts-expect-error firstName is a string: the types are real, not \`any\`.
void crm.contacts.create({ firstName: 42 });
export const card: RapportContactCard | null = document.querySelector('rapport-contact-card');
export const form: RapportLeadForm | null = document.querySelector('rapport-lead-form');
export const board: RapportPipelineBoard | null = document.querySelector('rapport-pipeline-board');
export type Server = RapportServer;
`;
}

/** A tsconfig for `typecheckSource`'s file: strict, the packages' own .d.ts files checked too. */
export function typecheckConfig(resolution: 'bundler' | 'node16', file: string): string {
  const modules = resolution === 'bundler' ? { module: 'preserve', moduleResolution: 'bundler' } : { module: 'node16', moduleResolution: 'node16' };
  return JSON.stringify({
    compilerOptions: {
      ...modules,
      target: 'es2022',
      lib: ['es2022', 'dom', 'dom.iterable'],
      types: ['node'],
      strict: true,
      noEmit: true,
      // Our .d.ts files (and what they import) are what is under test; TypeScript's own lib files are not.
      skipLibCheck: false,
      skipDefaultLibCheck: true,
    },
    files: [file],
  });
}

/**
 * The page entry bundled with esbuild from the temporary project: imports every browser entry in
 * `specifiers`, and exposes `window.packed` for the test to drive: `run` stores a contact in
 * IndexedDB and shows it in a `<rapport-contact-card>` inside a `<rapport-provider>`; `read` reads
 * it back after a reload.
 */
export function browserPageEntry(specifiers: readonly string[]): string {
  const imports = specifiers.map((specifier, i) => `import * as entry${i} from '${specifier}';`);
  return `${imports.join('\n')}
import { createCrm } from '@rapport/core';
import { indexedDbAdapter } from '@rapport/adapters/indexeddb';

window.packed = {
  exports: { ${specifiers.map((specifier, i) => `${JSON.stringify(specifier)}: Object.keys(entry${i}).length`).join(', ')} },
  async run(databaseName) {
    const crm = createCrm({ storage: indexedDbAdapter({ databaseName }) });
    const ann = await crm.contacts.create({ firstName: 'Ann', lastName: 'Packed', emails: ['ann.packed@example.com'] });
    const provider = document.createElement('rapport-provider');
    provider.crm = crm;
    const card = document.createElement('rapport-contact-card');
    card.setAttribute('contact-id', ann.id);
    provider.append(card);
    document.body.append(provider);
    return ann.id;
  },
  async read(databaseName, id) {
    const crm = createCrm({ storage: indexedDbAdapter({ databaseName }) });
    return (await crm.contacts.get(id)).lastName;
  },
};
`;
}

/**
 * A page entry for rollup, which drops a module whose package says it has no side effects when
 * nothing it exports is used: core's zod setup (no code generation, for strict CSPs) and the
 * define entries must survive that.
 */
export const rollupPageEntry = `
import { createCrm, memoryAdapter } from '@rapport/core';
import '@rapport/widgets/score-badge/define';

window.packedRollup = async () => {
  const crm = createCrm({ storage: memoryAdapter() });
  const bo = await crm.contacts.create({ firstName: 'Bo', emails: ['bo@example.com'] });
  return { name: bo.firstName, defined: customElements.get('rapport-score-badge') !== undefined };
};
`;

/** A page whose only script is `script` (a same-origin path), under a CSP without 'unsafe-eval'. */
export function pageHtml(script: string, body = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="script-src 'self'">
<title>Rapport packages</title><script type="module" src="${script}"></script></head><body>${body}</body></html>`;
}

/** Runs first in every page: records CSP violations (zod's eval probe would be one). */
export function recordViolations(): void {
  const record = ((globalThis as { packedViolations?: string[] }).packedViolations = [] as string[]);
  document.addEventListener('securitypolicyviolation', (event) => record.push(`${event.violatedDirective}: ${event.blockedURI}`));
}
