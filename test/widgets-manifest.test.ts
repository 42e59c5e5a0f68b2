// The custom-elements manifest (packages/widgets/custom-elements.json) against the sources: it is
// regenerated into a temporary directory with the package's own config, must list every element
// that has a define.ts with the attributes its decorators declare and the events it dispatches,
// and the checked-in file must equal the fresh one (run `npm run manifest -w packages/widgets`).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

const packageDir = 'packages/widgets';
const sourceDir = join(packageDir, 'src');

interface Attribute {
  name: string;
}
interface ManifestEvent {
  name?: string;
  type?: { text: string };
}
interface Declaration {
  kind: string;
  name: string;
  customElement?: boolean;
  tagName?: string;
  summary?: string;
  attributes?: Attribute[];
  events?: ManifestEvent[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[]; exports?: { kind: string; name: string; declaration: { name: string; module?: string } }[] }[];
}

/** An element as its sources describe it. */
interface SourceElement {
  tag: string;
  className: string;
  folder: string;
  attributes: string[];
  events: string[];
}

/** The files (not tests) of one folder under src, with their text. */
async function sourcesOf(folder: string): Promise<{ file: string; text: string }[]> {
  const files = (await readdir(join(sourceDir, folder))).filter((f) => f.endsWith('.ts') && !f.includes('.test.') && !f.includes('.test-support.'));
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(join(sourceDir, folder, file), 'utf8') })));
}

/** Event names by event class, from the `static readonly type` of each file in src/events. */
async function eventTypes(): Promise<Map<string, string>> {
  const types = new Map<string, string>();
  for (const { text } of await sourcesOf('events')) {
    const cls = /export class (\w+) extends Event/.exec(text)?.[1];
    const type = /static readonly type = '([^']+)'/.exec(text)?.[1];
    if (cls && type) types.set(cls, type);
  }
  return types;
}

/**
 * Attributes a Lit element declares, by attribute name: each `@property` and each entry of
 * `static properties` that is neither `attribute: false` nor internal state.
 */
function declaredAttributes(text: string): string[] {
  const declarations = [...text.matchAll(/@property\(([^)]*)\)\s*(?:(?:public|protected|private|readonly|override|declare)\s+)*accessor\s+(\w+)/g)].map((m) => [m[2]!, m[1]!]);
  const staticBlock = /static (?:override )?properties[^=]*=\s*\{([\s\S]*?)\n {2}\};/.exec(text)?.[1] ?? '';
  declarations.push(...[...staticBlock.matchAll(/^\s*(\w+):\s*\{([^}]*)\}/gm)].map((m) => [m[1]!, m[2]!]));
  const attributes: string[] = [];
  for (const [name, options] of declarations) {
    if (/attribute:\s*false|state:\s*true/.test(options!)) continue;
    attributes.push(/attribute:\s*'([^']+)'/.exec(options!)?.[1] ?? name!.toLowerCase());
  }
  return attributes;
}

/** The shared base classes in internal/ (RapportElement, RapportReportElement…): what each extends, and the attributes it declares. */
async function baseClasses(): Promise<Map<string, { extends: string; attributes: string[] }>> {
  const bases = new Map<string, { extends: string; attributes: string[] }>();
  for (const file of (await readdir(join(sourceDir, 'internal'))).filter((f) => f.endsWith('.ts') && !f.includes('.test'))) {
    const text = await readFile(join(sourceDir, 'internal', file), 'utf8');
    for (const m of text.matchAll(/export (?:abstract )?class (\w+)(?:<[^{]*?>)? extends (\w+)/g)) bases.set(m[1]!, { extends: m[2]!, attributes: declaredAttributes(text) });
  }
  return bases;
}

/** The attributes a class gets from `base` and its own bases, as far as internal/ defines them. */
function inheritedAttributes(base: string | undefined, bases: Map<string, { extends: string; attributes: string[] }>): string[] {
  const attributes: string[] = [];
  for (let name = base; name && bases.has(name); name = bases.get(name)?.extends) attributes.push(...(bases.get(name)?.attributes ?? []));
  return attributes;
}

/** Every element that has a define.ts, read from its sources. */
async function sourceElements(): Promise<SourceElement[]> {
  const types = await eventTypes();
  const bases = await baseClasses();
  const elements: SourceElement[] = [];
  for (const folder of (await readdir(sourceDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name)) {
    let define: string;
    try {
      define = await readFile(join(sourceDir, folder, 'define.ts'), 'utf8');
    } catch {
      continue;
    }
    for (const m of define.matchAll(/defineElement\('([^']+)',\s*(\w+)\)/g)) {
      const [, tag, className] = m as unknown as [string, string, string];
      const sources = await sourcesOf(folder);
      const classFile = sources.find(({ text }) => new RegExp(`export class ${className}\\b`).test(text));
      assert.ok(classFile, `${folder}/define.ts registers ${className}, which no file in ${folder} exports`);
      const own = declaredAttributes(classFile.text);
      const inherited = inheritedAttributes(new RegExp(`class ${className} extends (\\w+)`).exec(classFile.text)?.[1], bases);
      // Events the folder's code dispatches (element and controllers, but not another element the
      // same define.ts registers), and those its JSDoc names.
      const otherElements = [...define.matchAll(/defineElement\('[^']+',\s*(\w+)\)/g)].map((d) => d[1]).filter((name) => name !== className);
      const ownSources = sources.filter(({ text }) => !otherElements.some((other) => new RegExp(`export class ${other}\\b`).test(text)));
      const dispatched = ownSources.flatMap(({ text }) => [...text.matchAll(/new (Rapport\w+Event)\(/g)].map((e) => types.get(e[1]!) ?? `unknown event class ${e[1]}`));
      const tagged = [...classFile.text.matchAll(/@event\s+([\w-]+)/g)].map((e) => e[1]!);
      elements.push({ tag, className, folder, attributes: [...new Set([...own, ...inherited])].sort(), events: [...new Set([...dispatched, ...tagged])].sort() });
    }
  }
  return elements;
}

/** The manifest's declaration of the element registered as `tag`. */
function declarationOf(manifest: Manifest, tag: string): Declaration | undefined {
  const definition = manifest.modules.flatMap((m) => m.exports ?? []).find((e) => e.kind === 'custom-element-definition' && e.name === tag);
  const modulePath = definition?.declaration.module;
  const module = manifest.modules.find((m) => m.path === modulePath);
  return module?.declarations?.find((d) => d.name === definition?.declaration.name);
}

describe('custom-elements manifest', () => {
  let outdir: string;
  let fresh: Manifest;
  let elements: SourceElement[];

  before(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'rapport-cem-'));
    // The analyzer joins --outdir to its working directory, hence the relative path.
    await promisify(execFile)(
      process.execPath,
      [join(process.cwd(), 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--litelement', '--config', 'custom-elements-manifest.config.mjs', '--quiet', '--outdir', relative(packageDir, outdir)],
      { cwd: packageDir },
    );
    fresh = JSON.parse(await readFile(join(outdir, 'custom-elements.json'), 'utf8')) as Manifest;
    elements = await sourceElements();
  });

  after(async () => {
    if (outdir) await rm(outdir, { recursive: true, force: true });
  });

  it('covers the provider and at least one element', () => {
    assert.ok(elements.some((e) => e.tag === 'rapport-provider'));
    assert.ok(elements.length >= 2, `elements with a define.ts: ${elements.map((e) => e.tag).join(', ')}`);
  });

  it('lists every element that has a define.ts, by tag, with its summary', () => {
    for (const element of elements) {
      const declaration = declarationOf(fresh, element.tag);
      assert.ok(declaration, `${element.tag} (${element.folder}/define.ts) is in the manifest`);
      assert.equal(declaration.customElement, true);
      assert.equal(declaration.tagName, element.tag, `${element.className} carries @tag ${element.tag}`);
      if (element.tag !== 'rapport-provider') assert.ok(declaration.summary, `${element.className} carries @summary`);
    }
  });

  it('lists the attributes each element declares, and only those', () => {
    for (const element of elements) {
      const names = (declarationOf(fresh, element.tag)?.attributes ?? []).map((a) => a.name).sort();
      assert.deepEqual(names, element.attributes, `attributes of ${element.tag}`);
    }
  });

  it('lists, by name, every event each element dispatches or documents', () => {
    for (const element of elements) {
      const events = declarationOf(fresh, element.tag)?.events ?? [];
      assert.deepEqual(events.filter((e) => !e.name), [], `${element.tag}: every event has a name`);
      assert.deepEqual(events.map((e) => e.name).sort(), element.events, `events of ${element.tag}`);
    }
  });

  it('is checked in up to date (run `npm run manifest -w packages/widgets` after changing an element)', async () => {
    let current: Manifest;
    try {
      current = JSON.parse(await readFile(join(packageDir, 'custom-elements.json'), 'utf8')) as Manifest;
    } catch {
      assert.fail('packages/widgets/custom-elements.json is missing: run `npm run manifest -w packages/widgets`');
    }
    assert.deepEqual(current, fresh);
  });

  it('is what package.json names and publishes', async () => {
    const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { customElements?: string; files?: string[] };
    assert.equal(pkg.customElements, 'custom-elements.json');
    assert.ok(pkg.files?.includes('custom-elements.json'));
  });
});
