// The element reference (docs/elements.md) against the custom-elements manifest it is generated
// from: the checked-in file must equal what scripts/element-reference.mjs writes now (run
// `npm run manifest` after changing an element), and, read on its own terms, must name every
// registered element with its attributes, events, parts and CSS properties, and link only to
// files and headings that exist.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

interface Named {
  name: string;
}
interface Declaration {
  name: string;
  tagName?: string;
  attributes?: Named[];
  events?: Partial<Named>[];
  cssParts?: Named[];
  cssProperties?: Named[];
  slots?: Named[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[]; exports?: { kind: string; name: string; declaration: { name: string; module?: string } }[] }[];
}

const referencePath = 'docs/elements.md';

/** The element registered as each tag, by the manifest's `custom-element-definition` exports. */
function registered(manifest: Manifest): Map<string, Declaration> {
  const elements = new Map<string, Declaration>();
  for (const mod of manifest.modules) {
    for (const e of mod.exports ?? []) {
      if (e.kind !== 'custom-element-definition') continue;
      const declaration = manifest.modules.find((m) => m.path === e.declaration.module)?.declarations?.find((d) => d.name === e.declaration.name);
      assert.ok(declaration, `the manifest declares the class registered as ${e.name}`);
      elements.set(e.name, declaration);
    }
  }
  return elements;
}

/** The reference's section for `tag`: from its heading to the next element's. */
function sectionOf(markdown: string, tag: string): string {
  const start = markdown.indexOf(`\n## \`<${tag}>\`\n`);
  assert.ok(start >= 0, `${referencePath} has a section for <${tag}>`);
  const next = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

async function anchorsOf(file: string): Promise<Set<string>> {
  const text = await readFile(file, 'utf8');
  return new Set([...text.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
}

describe('element reference (docs/elements.md)', () => {
  it('is up to date with the manifest (run `npm run manifest` after changing an element)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/element-reference.mjs', '--stdout']);
    let current: string;
    try {
      current = await readFile(referencePath, 'utf8');
    } catch {
      assert.fail(`${referencePath} is missing: run \`npm run manifest\``);
    }
    assert.equal(current, stdout, `${referencePath} is stale: run \`npm run manifest\``);
  });

  it('names every registered element with its attributes, events, parts, CSS properties and slots', async () => {
    const manifest = JSON.parse(await readFile('packages/widgets/custom-elements.json', 'utf8')) as Manifest;
    const markdown = await readFile(referencePath, 'utf8');
    const elements = registered(manifest);
    assert.ok(elements.size >= 10, `registered elements: ${[...elements.keys()].join(', ')}`);
    for (const [tag, declaration] of elements) {
      const section = sectionOf(markdown, tag);
      const names = [
        ...(declaration.attributes ?? []).map((a) => a.name),
        ...(declaration.events ?? []).map((e) => e.name ?? ''),
        ...(declaration.cssParts ?? []).map((p) => p.name),
        ...(declaration.cssProperties ?? []).map((p) => p.name),
        ...(declaration.slots ?? []).filter((s) => s.name).map((s) => s.name),
      ];
      for (const name of names) assert.ok(section.includes(`\`${name}\``), `<${tag}>: ${name} is in its section`);
      assert.ok(section.includes(`class \`${declaration.name}\``), `<${tag}>: its class ${declaration.name} is named`);
    }
    // Nothing but registered elements gets a section.
    const headed = [...markdown.matchAll(/^## `<([a-z-]+)>`$/gm)].map((m) => m[1]);
    assert.deepEqual(headed.sort(), [...elements.keys()].sort());
  });

  it('links only to files and headings that exist', async () => {
    const markdown = await readFile(referencePath, 'utf8');
    const links = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((href) => !/^[a-z]+:/.test(href));
    assert.ok(links.length > 0);
    const own = await anchorsOf(referencePath);
    for (const href of new Set(links)) {
      const [file = '', anchor] = href.split('#');
      const target = file === '' ? referencePath : `docs/${file}`;
      const anchors = file === '' ? own : await anchorsOf(target).catch(() => assert.fail(`${href}: ${target} does not exist`));
      if (anchor) assert.ok(anchors.has(anchor), `${href}: no heading with the anchor #${anchor} in ${target}`);
    }
  });
});
