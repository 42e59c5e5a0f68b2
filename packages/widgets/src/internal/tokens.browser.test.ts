import { expect } from '@open-wc/testing';
import type { CSSResultGroup } from 'lit';
import { hostReset, tokens } from '../themes/tokens.styles.js';

/**
 * Elements whose styles are checked. Each is looked for at `../<name>/<name>.ts`; one that does
 * not exist yet is skipped (and listed), so this file runs before and after an element lands.
 * Elements listed in custom-elements.json are added to these.
 */
const knownElements = ['contact-card', 'score-badge', 'contact-list', 'activity-timeline'];

/** The CSS text of a `static styles` value: CSSResults, constructed sheets and nested arrays. */
function cssTextOf(styles: CSSResultGroup | CSSStyleSheet | undefined): string {
  if (!styles) return '';
  if (Array.isArray(styles)) return styles.map((s) => cssTextOf(s as CSSResultGroup)).join('\n');
  if (styles instanceof CSSStyleSheet) return [...styles.cssRules].map((r) => r.cssText).join('\n');
  return (styles as { cssText: string }).cssText;
}

/**
 * Private aliases a stylesheet defines (`--_x:`) and reads without a fallback (`var(--_x)`). An
 * alias read with a fallback (`var(--_row, 0)`) is a value the element sets at run time through
 * the CSSOM, and never invalid; one read without is broken unless something defines it.
 */
const aliasesDefined = (css: string) => new Set([...css.matchAll(/(--_[\w-]+)\s*:/g)].map((m) => m[1]!));
const aliasesRead = (css: string) => new Set([...css.matchAll(/var\(\s*(--_[\w-]+)\s*\)/g)].map((m) => m[1]!));
/** Public tokens a stylesheet reads (`var(--rapport-x`). */
const tokensRead = (css: string) => new Set([...css.matchAll(/var\(\s*(--rapport-[\w-]+)/g)].map((m) => m[1]!));
/** Tokens docs/widgets.md names (in backticks). */
const tokensDocumented = (markdown: string) => new Set([...markdown.matchAll(/`(--rapport-[\w-]+)`/g)].map((m) => m[1]!));

/** What is wrong with one element's CSS: aliases read but never defined, tokens read but not documented, sizes in rem. */
function problemsOf(css: string, documented: ReadonlySet<string>): string[] {
  const defined = new Set([...aliasesDefined(cssTextOf(tokens)), ...aliasesDefined(css)]);
  return [
    ...[...aliasesRead(css)].filter((a) => !defined.has(a)).map((a) => `${a} is read but defined neither in tokens.styles.ts nor in the element's styles`),
    ...[...tokensRead(css)].filter((t) => !documented.has(t)).map((t) => `${t} is read but not documented in docs/widgets.md`),
    ...[...css.matchAll(/[\d.]+rem\b/g)].map((m) => `${m[0]} is in rem: the host page's root font size would rescale it`),
  ];
}

/** The exported element classes of the module at `url`, or `undefined` when there is no such file. */
async function elementClassesAt(url: URL): Promise<{ name: string; styles: CSSResultGroup | undefined }[] | undefined> {
  const response = await fetch(url);
  if (!response.ok) return undefined;
  const module = (await import(url.href)) as Record<string, unknown>;
  return Object.entries(module)
    .filter(([, value]) => typeof value === 'function' && (value as { prototype: unknown }).prototype instanceof HTMLElement)
    .map(([name, value]) => ({ name, styles: (value as { styles?: CSSResultGroup }).styles }));
}

/** Module paths (`src/x/x.ts`) of the custom elements custom-elements.json lists, if it exists. */
async function manifestModules(): Promise<string[]> {
  const response = await fetch('/packages/widgets/custom-elements.json');
  if (!response.ok) return [];
  const manifest = (await response.json()) as { modules?: { path: string; declarations?: { customElement?: boolean }[] }[] };
  return (manifest.modules ?? []).filter((m) => m.declarations?.some((d) => d.customElement)).map((m) => m.path);
}

let documentation = '';
let documented = new Set<string>();
const elements: { name: string; css: string }[] = [];
const missing: string[] = [];

before(async () => {
  const response = await fetch('/docs/widgets.md');
  expect(response.ok, 'docs/widgets.md exists').to.equal(true);
  documentation = await response.text();
  documented = tokensDocumented(documentation);

  const paths = new Set([...knownElements.map((name) => `src/${name}/${name}.ts`), ...(await manifestModules())]);
  for (const path of paths) {
    const classes = await elementClassesAt(new URL(`../../${path}`, import.meta.url));
    if (!classes) missing.push(path);
    for (const { name, styles } of classes ?? []) elements.push({ name, css: cssTextOf(styles) });
  }
  if (missing.length) console.info(`tokens test: not present yet, skipped: ${missing.join(', ')}`);
});

describe('design tokens', () => {
  it('finds problems when there are some (the checker itself can fail)', () => {
    const problems = problemsOf(
      ':host { --_mine: 1px; color: var(--_fg); inline-size: var(--_mine); margin: var(--_nowhere); inset: var(--_set-at-run-time, 0); padding: var(--rapport-made-up, 2px); font-size: 1.5rem }',
      documented,
    );
    expect(problems).to.deep.equal([
      "--_nowhere is read but defined neither in tokens.styles.ts nor in the element's styles",
      '--rapport-made-up is read but not documented in docs/widgets.md',
      '1.5rem is in rem: the host page\'s root font size would rescale it',
    ]);
  });

  it('reads only defined aliases and documented tokens in tokens.styles.ts and the host reset', () => {
    expect(problemsOf(cssTextOf([tokens, hostReset]), documented)).to.deep.equal([]);
  });

  it("reads only defined aliases and documented tokens in every element's styles", () => {
    expect(elements.length, 'at least one element class was found').to.be.greaterThan(0);
    const problems = elements.flatMap(({ name, css }) => problemsOf(css, documented).map((p) => `${name}: ${p}`));
    expect(problems).to.deep.equal([]);
  });

  it('documents every global token with its light default in docs/widgets.md', () => {
    const css = cssTextOf(tokens);
    // The first definition of each alias is the light theme's: `--_x: var(--rapport-y, default);`.
    const defaults = new Map<string, string>();
    for (const m of css.matchAll(/--_[\w-]+\s*:\s*var\(\s*(--rapport-[\w-]+)\s*,\s*([^;]+?)\)\s*;/g)) {
      if (!defaults.has(m[1]!)) defaults.set(m[1]!, m[2]!.trim());
    }
    expect(defaults.size, 'tokens were parsed').to.be.greaterThan(15);
    const rows = documentation.split('\n').filter((line) => line.startsWith('|'));
    const problems: string[] = [];
    for (const [token, value] of defaults) {
      const row = rows.find((line) => line.includes(`\`${token}\``));
      if (!row) problems.push(`${token} has no row in a table`);
      else if (!row.includes(value)) problems.push(`${token}'s row does not give its default ${value}`);
    }
    expect(problems).to.deep.equal([]);
  });

  it('documents no global token that no longer exists', () => {
    const read = new Set([...tokensRead(cssTextOf([tokens, hostReset])), ...elements.flatMap(({ css }) => [...tokensRead(css)])]);
    // An element not present yet keeps its documented knobs.
    const stale = [...documented].filter((t) => !read.has(t) && !missing.some((path) => t.startsWith(`--rapport-${path.split('/')[1]}-`)));
    expect(stale).to.deep.equal([]);
  });
});
