/**
 * What tools/docs-samples/page-harness.ts puts on a sample page's `window`, for the runner to
 * call with `page.evaluate`.
 */

/** How a browser sample's module ended. */
export type ModuleOutcome =
  | { readonly ok: true }
  /** `block`: the index of the chain's block that threw (-1: before the first, a failed import). */
  | { readonly ok: false; readonly error: string; readonly block: number };

declare global {
  interface Window {
    /** CSP violations and other problems the page noticed by itself. */
    docsProblems: string[];
    /** Applies `css` to the document and lists what Chromium dropped from it as invalid. */
    docsCheckCss(css: string): string[];
    /** Waits until every `rapport-*` element is defined and rendered; lists those that never were. */
    docsSettle(): Promise<string[]>;
    /** Set by a browser sample's entry: settles when the sample's module has run. */
    docsSampleRun?: Promise<ModuleOutcome>;
  }
}
