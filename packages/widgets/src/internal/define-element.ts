import { ContextRoot } from '@lit/context';

// Registered once per page, even with two copies of this package loaded.
const contextRootKey = Symbol.for('rapport.contextRoot');

/**
 * Lets an element that asked for its `Crm` before `<rapport-provider>` was defined get it once the
 * provider arrives: without a context root, such an early request is never answered.
 */
function ensureContextRoot(): void {
  const global = globalThis as Record<symbol, unknown>;
  if (global[contextRootKey] || typeof document === 'undefined') return;
  global[contextRootKey] = true;
  new ContextRoot().attach(document.documentElement);
}

/**
 * Registers a custom element once. A second registration of the same tag (a second copy of
 * Rapport on the page, or a bundle loaded twice) warns and keeps the first, instead of throwing
 * the `NotSupportedError` that would break the host page.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing === element) return;
  if (existing) {
    console.warn(`Rapport: <${tag}> is already defined by another copy of @rapport/widgets; keeping that one.`);
    return;
  }
  ensureContextRoot();
  customElements.define(tag, element);
}
