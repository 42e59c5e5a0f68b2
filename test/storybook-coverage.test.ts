// Storybook covers every element and its states: read from the index `npm test` has just built
// (storybook-static/index.json) and from the custom-elements manifest, so a new element or a
// renamed story shows up here rather than as a gap nobody notices.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { describe, it } from 'node:test';

interface IndexEntry {
  readonly type: string;
  readonly name: string;
  readonly title: string;
  readonly importPath: string;
}

const storiesDir = new URL('../packages/widgets/stories/', import.meta.url);

async function storyIndex(): Promise<IndexEntry[]> {
  const text = await readFile(new URL('../storybook-static/index.json', import.meta.url), 'utf8').catch(() => {
    throw new Error('storybook-static/index.json is missing: run `npm run build-storybook` (npm test does)');
  });
  return Object.values((JSON.parse(text) as { entries: Record<string, IndexEntry> }).entries).filter((e) => e.type === 'story');
}

async function elementTags(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(new URL('../packages/widgets/custom-elements.json', import.meta.url), 'utf8')) as {
    modules: { exports?: { kind: string; name: string }[] }[];
  };
  return manifest.modules.flatMap((m) => m.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name);
}

/** The states each element must have a story for, beyond its complete one. */
function statesOf(tag: string): string[] {
  if (tag === 'rapport-provider') return ['Without A Workspace'];
  if (tag === 'rapport-lead-form') return ['Errors', 'Sending', 'Saved For Later', 'Sent', 'Misconfigured', 'Dark'];
  return ['Initial', 'Loading', 'Empty', 'Error'];
}

describe('Storybook', () => {
  it('has a stories file for every element, built into the index, with controls', async () => {
    const [entries, tags, files] = await Promise.all([storyIndex(), elementTags(), readdir(storiesDir)]);
    const storyFiles = files.filter((f) => f.endsWith('.stories.ts'));
    const indexed = new Set(entries.map((e) => e.importPath.split('/').pop()));
    assert.deepEqual([...indexed].sort(), storyFiles.sort(), 'every stories file is in the built index (rebuild Storybook)');
    const components = new Map<string, string>();
    for (const file of storyFiles) {
      const text = await readFile(new URL(file, storiesDir), 'utf8');
      const component = /component:\s*'([^']+)'/.exec(text)?.[1];
      if (component) components.set(component, text);
    }
    // <rapport-field> only configures a lead form; the lead form's stories show it.
    for (const tag of tags.filter((t) => t !== 'rapport-field')) {
      const text = components.get(tag);
      assert.ok(text, `<${tag}> has a stories file naming it as its component`);
      if (tag !== 'rapport-provider') assert.match(text, /argTypes:\s*\{/, `<${tag}>'s stories offer controls (argTypes)`);
    }
    assert.match(components.get('rapport-lead-form') ?? '', /<rapport-field/);
  });

  it('has a story for every state of every element', async () => {
    const [entries, tags] = await Promise.all([storyIndex(), elementTags()]);
    const byFile = new Map<string, Set<string>>();
    for (const e of entries) byFile.set(e.importPath.split('/').pop() as string, (byFile.get(e.importPath.split('/').pop() as string) ?? new Set()).add(e.name));
    for (const tag of tags.filter((t) => t !== 'rapport-field')) {
      const names = byFile.get(`${tag.replace(/^rapport-/, '')}.stories.ts`);
      assert.ok(names, `${tag.replace(/^rapport-/, '')}.stories.ts is in the index`);
      for (const state of statesOf(tag)) assert.ok(names.has(state), `<${tag}> has a "${state}" story (has: ${[...names].join(', ')})`);
    }
  });

  it('runs the accessibility addon', async () => {
    const main = await readFile(new URL('../.storybook/main.ts', import.meta.url), 'utf8');
    assert.match(main, /@storybook\/addon-a11y/);
  });
});
