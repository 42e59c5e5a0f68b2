/**
 * Runs in every sample page before the page's own scripts (a Playwright init script, bundled
 * with esbuild): records CSP violations, and offers the runner `docsCheckCss` and `docsSettle`
 * (see page-api.ts).
 */
import type {} from './page-api.js';

window.docsProblems = [];
document.addEventListener('securitypolicyviolation', (event) => {
  const where = event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : '';
  window.docsProblems.push(`CSP violation: ${event.effectiveDirective} refused ${event.blockedURI || 'inline code'}${where}`);
});

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

window.docsSettle = async () => {
  const problems: string[] = [];
  const elements = [...document.querySelectorAll('*')].filter((element) => element.localName.startsWith('rapport-'));
  // Module scripts have run by the time the runner asks (after `load`): what is not defined by
  // now is a typo, or an element whose script did not load.
  await Promise.all(
    [...new Set(elements.map((element) => element.localName))].map(async (tag) => {
      const defined = await Promise.race([customElements.whenDefined(tag).then(() => true), delay(2_000).then(() => false)]);
      if (!defined) problems.push(`<${tag}> never became defined: not a Rapport element, or the script that registers it did not load`);
    }),
  );
  await Promise.all(elements.map((element) => (element as Element & { updateComplete?: Promise<unknown> }).updateComplete));
  // Elements load their data after the first render; give that a moment to fail loudly.
  await frame();
  await frame();
  await delay(300);
  return problems;
};

/** A rule as written: `prelude { block }`, or a statement `prelude;` (no block). */
interface WrittenRule {
  readonly prelude: string;
  readonly block?: string;
}

/** A block's contents, split at its top level into declarations and nested rules. */
function splitBlock(text: string): { rules: WrittenRule[]; declarations: string[] } {
  const rules: WrittenRule[] = [];
  const declarations: string[] = [];
  let start = 0;
  let depth = 0;
  let quote = '';
  let blockStart = -1;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth--;
    else if (char === '{') {
      if (depth === 0 && blockStart < 0) blockStart = index;
      depth++;
    } else if (char === '}') {
      depth--;
      if (depth === 0 && blockStart >= 0) {
        rules.push({ prelude: text.slice(start, blockStart).trim(), block: text.slice(blockStart + 1, index) });
        start = index + 1;
        blockStart = -1;
      }
    } else if (char === ';' && depth === 0) {
      const statement = text.slice(start, index).trim();
      if (statement.startsWith('@')) rules.push({ prelude: statement });
      else if (statement) declarations.push(statement);
      start = index + 1;
    }
  }
  const rest = text.slice(start).trim();
  if (rest) declarations.push(rest);
  return { rules, declarations };
}

/** Problems with `declarations` of a style rule: those Chromium would drop as invalid. */
function checkDeclarations(declarations: readonly string[], where: string): string[] {
  const problems: string[] = [];
  for (const declaration of declarations) {
    const colon = declaration.indexOf(':');
    const property = declaration.slice(0, colon).trim();
    const value = declaration
      .slice(colon + 1)
      .replace(/!\s*important\s*$/i, '')
      .trim();
    if (colon < 0 || !property) problems.push(`${where}: "${declaration}" is not a declaration`);
    else if (property.startsWith('--')) continue; // any value is valid for a custom property
    else if (!CSS.supports(property, value)) problems.push(`${where}: "${declaration}" is dropped as invalid`);
  }
  return problems;
}

/**
 * Checks each rule on its own (inside its parents' preludes) with `replaceSync`: a rule Chromium
 * drops leaves the list empty. Then checks the declarations of the style rules it kept.
 */
function checkRules(rules: readonly WrittenRule[], parents: readonly string[]): string[] {
  const problems: string[] = [];
  for (const rule of rules) {
    const text = rule.block === undefined ? `${rule.prelude};` : `${rule.prelude} {${rule.block}}`;
    const wrapped = parents.reduceRight((inner, prelude) => `${prelude} {${inner}}`, text);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(wrapped);
    let list: CSSRuleList | undefined = sheet.cssRules;
    for (let level = 0; level < parents.length && list; level++) list = (list[0] as CSSGroupingRule | undefined)?.cssRules;
    const where = [...parents, rule.prelude].join(' › ');
    if (!list?.length) {
      problems.push(`${where}: the rule is dropped as invalid`);
      continue;
    }
    if (rule.block === undefined) continue;
    const { rules: nested, declarations } = splitBlock(rule.block);
    // Descriptors of at-rules (@font-face, @property…) are not properties: CSS.supports cannot judge them.
    if (!rule.prelude.startsWith('@')) problems.push(...checkDeclarations(declarations, where));
    problems.push(...checkRules(nested, [...parents, rule.prelude]));
  }
  return problems;
}

window.docsCheckCss = (css) => {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const { rules, declarations } = splitBlock(text);
  const problems = declarations.map((declaration) => `"${declaration}" stands outside any rule`);
  problems.push(...checkRules(rules, []));
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return problems;
};
