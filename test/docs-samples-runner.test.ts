// The docs-sample runner's parts (tools/docs-samples/), each shown failing where a sample is
// wrong: a runner that passes everything would let the docs rot unnoticed.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { bundlePage } from '../tools/browser/bundle.js';
import { checkBin } from '../tools/docs-samples/check-bin.js';
import { checkData } from '../tools/docs-samples/check-data.js';
import { checkNpm } from '../tools/docs-samples/check-npm.js';
import { checkSh } from '../tools/docs-samples/check-sh.js';
import { extractSamples } from '../tools/docs-samples/extract.js';
import { startReferenceServer, type ReferenceServer, type SampleServerEnv } from '../tools/docs-samples/reference-server.js';
import { runNodeSample } from '../tools/docs-samples/run-node.js';
import { startSampleBrowser, type SampleBrowser } from '../tools/docs-samples/sample-browser.js';
import { sampleModules } from '../tools/docs-samples/sample-module.js';
import { expandWord, parseShell } from '../tools/docs-samples/shell-words.js';
import { readWorkspaceFacts } from '../tools/docs-samples/workspace-facts.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const facts = readWorkspaceFacts(root);

/** A folder inside the repository (so samples resolve the workspace packages), named as the docs test's run folders are. */
function tempDir(): string {
  const parent = join(root, '.docs-samples');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, `run-${process.pid}-`));
}

describe('extractSamples', () => {
  it('reads fences, info strings and the directives above them', () => {
    const markdown = [
      '# Title',
      '',
      '<!-- sample: browser server -->',
      '```ts',
      'const a = 1;',
      '```',
      '<!-- sample: continue -->',
      '',
      '~~~~js',
      '```',
      '~~~~',
      '<!-- sample: skip needs a camera -->',
      '```html',
      '<p>hi</p>',
      '```',
      '<!-- sample: contniue -->',
      '```sh',
      'npm test',
      '```',
      '<!-- sample: skip -->',
      '```',
      'output',
      '```',
      '- a list item:',
      '  ```css',
      '  a { color: red; }',
      '  ```',
    ].join('\n');
    const samples = extractSamples('docs/x.md', markdown);
    assert.deepEqual(
      samples.map((s) => [s.name, s.kind, s.code]),
      [
        ['docs/x.md:4 ts', 'module', 'const a = 1;\n'],
        ['docs/x.md:9 js', 'module', '```\n'],
        ['docs/x.md:13 html', 'html', '<p>hi</p>\n'],
        ['docs/x.md:17 sh', 'sh', 'npm test\n'],
        ['docs/x.md:21 untagged', 'text', 'output\n'],
        ['docs/x.md:25 css', 'css', 'a { color: red; }\n'],
      ],
    );
    assert.deepEqual(samples[0]!.directives, { continue: false, browser: true, server: true });
    assert.equal(samples[1]!.directives.continue, true);
    assert.equal(samples[2]!.directives.skip, 'needs a camera');
    assert.match(samples[3]!.problems.join(), /unknown sample directive "contniue"/);
    assert.match(samples[4]!.problems.join(), /"skip" needs a reason/);
  });

  it('gives back every block exactly, at its line, whatever the prose around it', () => {
    const line = fc.stringMatching(/^[^`~\r\n]{0,30}$/);
    const block = fc.record({ prose: fc.array(line, { maxLength: 3 }), code: fc.array(line, { maxLength: 4 }), lang: fc.constantFrom('ts', 'html', 'sh', '') });
    fc.assert(
      fc.property(fc.array(block, { maxLength: 5 }), (blocks) => {
        const lines: string[] = [];
        const expected: { line: number; code: string; lang: string }[] = [];
        for (const { prose, code, lang } of blocks) {
          lines.push(...prose.map((text) => text.replace(/^\s*<!--.*$/, '')));
          expected.push({ line: lines.length + 1, code: code.length ? `${code.join('\n')}\n` : '', lang });
          lines.push(`\`\`\`${lang}`, ...code, '```');
        }
        const found = extractSamples('a.md', lines.join('\n'));
        assert.deepEqual(
          found.map((s) => ({ line: s.line, code: s.code, lang: s.lang })),
          expected,
        );
      }),
    );
  });
});

describe('sampleModules', () => {
  const markdown = ['```ts', 'const a = 1;', '```', '<!-- sample: continue -->', '```ts', 'const b = a + 1;', 'throw new Error(String(b));', '```', '```html', '<p></p>', '```', '<!-- sample: continue -->', '```ts', 'console.log(b);', '```', '```ts', 'export const c = 3;', '```'].join('\n');
  const samples = extractSamples('docs/m.md', markdown);
  const { modules, problems } = sampleModules(samples);

  it('joins continued blocks into one module and maps its lines back to the doc', () => {
    assert.deepEqual(
      modules.map((m) => m.chain.map((s) => s.line)),
      [[1, 5, 13], [16]],
    );
    assert.equal(problems.size, 0);
    const [chain] = modules;
    const lines = chain!.text.split('\n');
    const throwing = lines.findIndex((text) => text.startsWith('throw')) + 1;
    assert.equal(chain!.locate(throwing)?.where, 'docs/m.md:7');
    assert.equal(chain!.locate(throwing)?.sample, samples[1]);
    assert.equal(chain!.locate(1), undefined, 'the runner’s marker line is no block’s');
    assert.match(chain!.text, /export \{\};\n$/);
  });

  it('reports a continue with nothing before it, and ends a chain at a skipped block', () => {
    const { modules: found, problems: issues } = sampleModules(
      extractSamples('docs/s.md', ['<!-- sample: continue -->', '```ts', '1;', '```', '<!-- sample: skip no network -->', '```ts', '2;', '```', '<!-- sample: continue -->', '```ts', '3;', '```'].join('\n')),
    );
    assert.deepEqual(
      found.map((m) => m.chain.map((s) => s.line)),
      [[2]],
    );
    assert.deepEqual([...issues.values()], ['says "continue" but no ts/js block comes before it in docs/s.md', 'continues a skipped block, so it cannot run']);
  });

  it('charges a Node failure to the block that threw', async () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'sample.ts');
      writeFileSync(file, modules[0]!.text);
      const result = await runNodeSample(file, { cwd: dir, env: {}, timeoutMs: 30_000, graceMs: 1_000 }).result;
      assert.equal(result.ok, false);
      assert.equal(result.failedBlock, 1);
      assert.match(result.output, /Error: 2/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('runNodeSample', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const runText = (name: string, text: string, graceMs = 500) => {
    writeFileSync(join(dir, name), text);
    return runNodeSample(join(dir, name), { cwd: dir, env: { DOCS_SAMPLE_TEST: 'yes' }, timeoutMs: 20_000, graceMs, killAfterMs: 1_000 }).result;
  };

  it('passes a module that runs to its end, with the environment it was given', async () => {
    const result = await runText('env.ts', "if (process.env.DOCS_SAMPLE_TEST !== 'yes') throw new Error('no env');\nexport {};\n");
    assert.equal(result.ok, true, result.output);
  });

  it('passes a server that keeps running and stops on SIGTERM', async () => {
    const result = await runText('server.ts', "const timer = setInterval(() => {}, 1000);\nprocess.on('SIGTERM', () => clearInterval(timer));\nexport {};\n");
    assert.equal(result.ok, true, result.output);
  });

  it('fails a module that fails later, after its top level ran', async () => {
    const result = await runText('later.ts', "setTimeout(() => { throw new Error('late'); }, 10);\nexport {};\n");
    assert.equal(result.ok, false);
    assert.equal(result.failedBlock, undefined);
    assert.match(result.output, /late/);
  });

  it('fails a process that ignores SIGTERM', async () => {
    const result = await runText('stubborn.ts', "setInterval(() => {}, 1000);\nprocess.on('SIGTERM', () => {});\nexport {};\n", 200);
    assert.equal(result.ok, false);
    assert.match(result.reason ?? '', /SIGTERM/);
  });
});

describe('shell commands', () => {
  it('splits commands as a shell does: continuations, quotes, operators and comments', () => {
    const commands = parseShell(["npm install && npm start   # then open it", "curl -s \"$RAPPORT_URL/v1\" \\", "  -d '{\"a\":", " 1}' -H 'X: $NOT'", '# 201 {"ok":true}', 'FOO=1 npx rapport-server; echo done'].join('\n'));
    assert.deepEqual(
      commands.map((c) => [c.line, c.words.map((w) => w.text)]),
      [
        [1, ['npm', 'install']],
        [1, ['npm', 'start']],
        [2, ['curl', '-s', '$RAPPORT_URL/v1', '-d', '{"a":\n 1}', '-H', 'X: $NOT']],
        [6, ['FOO=1', 'npx', 'rapport-server']],
        [6, ['echo', 'done']],
      ],
    );
    assert.deepEqual(commands[1]!.comments, ['then open it']);
    assert.deepEqual(commands[2]!.comments, ['201 {"ok":true}']);
    const env = { RAPPORT_URL: 'http://127.0.0.1:1' };
    assert.deepEqual(
      commands[2]!.words.map((w) => expandWord(w, env)).slice(2),
      ['http://127.0.0.1:1/v1', '-d', '{"a":\n 1}', '-H', 'X: $NOT'],
      'single quotes keep $ as it is',
    );
    assert.throws(() => expandWord(parseShell('echo $KEY')[0]!.words[1]!, env), /\$KEY is not set here/);
  });

  it('reads back any words written single-quoted', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 6 }), (words) => {
        const quoted = words.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
        const [command] = parseShell(`echo ${quoted}`);
        assert.deepEqual(command?.words.slice(1).map((w) => w.text), words);
      }),
    );
  });

  it('checks npm scripts, workspaces and packages', () => {
    assert.deepEqual(checkNpm(['run', 'build'], facts), []);
    assert.deepEqual(checkNpm(['start', '--', '--rest'], facts), []);
    assert.deepEqual(checkNpm(['install', '@rapport/core', 'lit@3'], facts), []);
    assert.deepEqual(checkNpm(['run', 'manifest', '-w', 'packages/widgets'], facts), []);
    assert.match(checkNpm(['run', 'biuld'], facts).join(), /no "biuld" script/);
    assert.match(checkNpm(['run', 'storybook', '-w', '@rapport/core'], facts).join(), /packages\/core\/package.json has no "storybook" script/);
    assert.match(checkNpm(['install', 'left-pad'], facts).join(), /left-pad is neither a workspace package nor a dependency/);
    assert.match(checkNpm(['publish'], facts).join(), /not a command the docs runner checks/);
  });

  it('checks a workspace bin against its --help', async () => {
    assert.deepEqual(await checkBin('rapport-server', ['--port', '8787', '--cors-origin', 'https://a.example', '--trust-proxy'], facts, root), []);
    assert.deepEqual(await checkBin('rapport-server', ['create-form-key', '--origin', 'https://a.example', '[--min-fill-ms', '3000]', '--data-dir', './d'], facts, root), []);
    assert.deepEqual(await checkBin('rapport-conformance', ['--url', 'http://localhost:8787', '--api-key', '"$KEY"', '[--timeout', '10000]'], facts, root), []);
    assert.match((await checkBin('rapport-server', ['--prot', '8787'], facts, root)).join(), /--prot is not in `rapport-server --help`/);
    assert.match((await checkBin('rapport-server', ['create-key', '--origin', 'x'], facts, root)).join(), /--origin is not in `rapport-server create-key --help`/);
    assert.match((await checkBin('rapport-server', ['create-kee'], facts, root)).join(), /"create-kee" is not a subcommand/);
  });

  it('refuses commands it cannot check', async () => {
    const context = { root, facts, cwd: root, server: () => Promise.reject(new Error('no server here')) };
    assert.match((await checkSh('npx not-a-bin --x\n', context)).problems.join(), /no workspace package or installed dependency provides a "not-a-bin" bin/);
    assert.match((await checkSh('make install\n', context)).problems.join(), /`make` is not a command the docs runner knows/);
    assert.match((await checkSh('export KEY=$(npx rapport-server create-key)\n', context)).problems.join(), /command substitution/);
    assert.deepEqual((await checkSh('cd app && npm test\n', context)).problems, []);
  });
});

describe('curl against the reference server', () => {
  let server: ReferenceServer;
  let env: SampleServerEnv;
  before(async () => {
    server = await startReferenceServer('http://127.0.0.1:9');
    env = await server.provision('runner test');
  });
  after(() => server?.close());

  const check = async (script: string) => (await checkSh(script, { root, facts, cwd: root, server: async () => env })).problems;

  it('passes a request answered as the doc shows', async () => {
    assert.deepEqual(await check('curl -s $RAPPORT_URL/healthz   # {"ok":true}\n'), []);
    assert.deepEqual(await check('curl -s $RAPPORT_URL/v1/contacts/0196f1c2-7a3b-7c4d-8e5f-0a1b2c3d4e5f -H "Authorization: Bearer $RAPPORT_API_KEY"\n# 404 not found\n'), []);
  });

  it('reads a stream up to its first event, and fails one that is refused', async () => {
    assert.deepEqual(await check('curl -sN $RAPPORT_URL/v1/changes/stream -H "Authorization: Bearer $RAPPORT_API_KEY"\n'), []);
    assert.match((await check('curl -sN $RAPPORT_URL/v1/changes/stream -H "Authorization: Bearer rk_nope"\n')).join(), /answered 401/);
  });

  it('fails a request answered otherwise, or sent elsewhere', async () => {
    assert.match((await check('curl -s $RAPPORT_URL/v1/contacts\n')).join(), /answered 401, not a success/);
    assert.match((await check('curl -s $RAPPORT_URL/v1/contacts -H "Authorization: Bearer $RAPPORT_API_KEY"\n# 201\n')).join(), /answered 200, the doc shows 201/);
    assert.match((await check('curl -s http://127.0.0.1:8787/healthz\n')).join(), /must address the reference server as \$RAPPORT_URL/);
  });
});

describe('checkData', () => {
  it('parses JSON and YAML, and says why not', () => {
    assert.deepEqual(checkData('json', '{"a": [1, "…"]}'), []);
    assert.match(checkData('json', '{"a": 1,}').join(), /not valid JSON/);
    assert.deepEqual(checkData('yaml', 'a:\n  - 1\n'), []);
    assert.match(checkData('yaml', 'a: [1\n').join(), /not valid YAML/);
  });
});

describe('browser samples', () => {
  let browser: SampleBrowser;
  const apiOrigin = 'http://127.0.0.1:9';
  before(async () => {
    const cdn = join(root, 'packages/widgets/dist/cdn/rapport-widgets.js');
    const code = (() => {
      try {
        return readFileSync(cdn, 'utf8');
      } catch {
        throw new Error(`${cdn} is missing: build it with \`npx tsc -b && npx rollup -c\``);
      }
    })();
    browser = await startSampleBrowser({ harness: await bundlePage(join(root, 'tools/docs-samples/page-harness.ts')), cdn: { 'rapport-widgets.js': code } });
  });
  after(() => browser?.close());

  it('passes markup of Rapport elements, and fails an unknown element, inline script or console error', async () => {
    assert.deepEqual((await browser.runHtml('good', '<rapport-provider><rapport-contact-list></rapport-contact-list></rapport-provider>', { apiOrigin })).problems, []);
    assert.match((await browser.runHtml('typo', '<rapport-contact-lst></rapport-contact-lst>', { apiOrigin })).problems.join(), /<rapport-contact-lst> never became defined/);
    assert.match((await browser.runHtml('inline', '<script>document.title = "x"</script>', { apiOrigin })).problems.join(), /CSP violation: script-src/);
  });

  it('applies CSS, and names the rules and declarations Chromium drops', async () => {
    assert.deepEqual((await browser.runCss('good', 'rapport-contact-card::part(avatar) { border-radius: 8px; }\n@media (prefers-color-scheme: dark) { rapport-contact-card { --rapport-color-accent: #b59cff; } }', { apiOrigin })).problems, []);
    const problems = (await browser.runCss('bad', 'rapport-contact-card { colr: red; inline-size: 100%; }\nrapport-x::part() { color: red; }\n@media (prefers-color-scheme: dark) { a { color: nope; } }', { apiOrigin })).problems;
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[0]!, /"colr: red" is dropped/);
    assert.match(problems[1]!, /rapport-x::part\(\): the rule is dropped/);
    assert.match(problems[2]!, /@media \(prefers-color-scheme: dark\) › a: "color: nope" is dropped/);
  });

  it('charges a module that throws to its block, and reports console errors', async () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir, 'sample.ts'), "globalThis.docsSampleBlock = 0;\nconsole.error('shown');\nglobalThis.docsSampleBlock = 1;\nawait Promise.reject(new Error('boom'));\nexport {};\n");
      writeFileSync(join(dir, 'entry.ts'), "globalThis.docsSampleRun = import('./sample.ts').then(() => ({ ok: true }), (error) => ({ ok: false, error: String(error), block: globalThis.docsSampleBlock ?? -1 }));\n");
      const result = await browser.runModule('throws', await bundlePage(join(dir, 'entry.ts')), { apiOrigin });
      assert.equal(result.failedBlock, 1);
      assert.match(result.problems.join('\n'), /threw: Error: boom/);
      assert.match(result.problems.join('\n'), /console error: shown/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
