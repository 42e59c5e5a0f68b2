// The widgets' CDN bundles, as `npm test` has just built them: each one self-contained, and each
// within its size budget (gzip, as a CDN serves it). The lead form's budget is the 20 KB;
// the all-elements bundle's budget keeps its growth deliberate.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';

const cdn = new URL('../packages/widgets/dist/cdn/', import.meta.url);
const kib = 1024;

const bundles = [
  { file: 'rapport-lead-form.js', budget: 20 * kib, tags: ['rapport-lead-form', 'rapport-field'] },
  { file: 'rapport-widgets.js', budget: 150 * kib, tags: ['rapport-provider', 'rapport-contact-list', 'rapport-pipeline-board', 'rapport-lead-form'] },
];

describe('CDN bundles', () => {
  for (const { file, budget, tags } of bundles) {
    it(`${file} is within ${budget / kib} KB gzip`, async () => {
      const code = await readFile(new URL(file, cdn));
      const size = gzipSync(code).length;
      assert.ok(size <= budget, `${file}: ${(size / kib).toFixed(1)} KB gzip, over its budget of ${budget / kib} KB`);
    });

    it(`${file} is one self-contained module that registers its elements`, async () => {
      const code = await readFile(new URL(file, cdn), 'utf8');
      // (`ok(!test)` rather than `doesNotMatch`, which would print the whole bundle on failure.)
      assert.ok(!/(?<![\w$."'])import\s*(?:[\w{}*\s,$]+from\s*)?["'(]/.test(code), 'imports nothing: Lit and everything else are inside');
      assert.ok(!/process\.env|\brequire\(/.test(code), 'nothing of Node left in');
      for (const tag of tags) assert.ok(code.includes(`"${tag}"`), `registers <${tag}>`);
    });
  }

  it('keeps Dexie and full zod out of the lead form', async () => {
    const code = await readFile(new URL('rapport-lead-form.js', cdn), 'utf8');
    assert.ok(!/Dexie|indexedDB/i.test(code), 'no Dexie');
    // Every zod schema carries a `_zod` internals object; the lead form validates with valibot.
    assert.ok(!code.includes('_zod'), 'no zod');
  });
});
