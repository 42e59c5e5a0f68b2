import { ContextConsumer } from '@lit/context';
import type { Crm } from '@rapport/core';
import { LitElement, type PropertyDeclarations } from 'lit';
import { hostReset, tokens } from '../themes/tokens.styles.js';
import { crmContext } from './crm-context.js';

/** A table of user-visible strings; `{name}` marks where a value goes. */
export type Strings = Readonly<Record<string, string>>;

/**
 * The base of every Rapport element: the `crm` it works on (set directly, or handed down by an
 * enclosing `<rapport-provider>`), locale, theme and density, the token and reset styles, and
 * overridable strings.
 */
export abstract class RapportElement<S extends Strings = Strings> extends LitElement {
  /** The shared tokens and reset, then the element's own rules. */
  static override styles = [tokens, hostReset];

  // `static properties` rather than decorators: decorated accessors compile to helper code that
  // every CDN bundle would carry, and the lead form's bundle has a 20 KB budget.
  static override properties: PropertyDeclarations = {
    crm: { attribute: false },
    locale: { reflect: true },
    theme: { reflect: true },
    density: { reflect: true },
    strings: { attribute: false },
    providedCrm: { state: true, attribute: false },
  };

  /** The workspace to show. Optional inside a `<rapport-provider>`, which hands its own down. */
  declare crm: Crm | undefined;

  /** A BCP 47 locale for dates, numbers and money (default: the nearest `lang`, then the browser's). */
  declare locale: string | undefined;

  /** `light` or `dark`; default follows `prefers-color-scheme`. */
  declare theme: 'light' | 'dark' | undefined;

  /** `compact` tightens spacing and rows. */
  declare density: 'comfortable' | 'compact' | undefined;

  /** Replacements for any of the element's user-visible strings, by key. */
  declare strings: Partial<S>;

  /** The `Crm` of the nearest `<rapport-provider>`. */
  declare protected providedCrm: Crm | undefined;

  constructor() {
    super();
    this.strings = {};
    new ContextConsumer(this, { context: crmContext, subscribe: true, callback: (crm) => (this.providedCrm = crm) });
  }

  /** The element's own strings; subclasses list every string they show. */
  protected abstract readonly defaultStrings: S;

  /** The workspace in use: the `crm` property, else the provider's. */
  protected get workspace(): Crm | undefined {
    return this.crm ?? this.providedCrm;
  }

  /** The locale in use. */
  protected get resolvedLocale(): string {
    const lang = this.locale ?? this.closest('[lang]')?.getAttribute('lang') ?? undefined;
    try {
      return lang ? (Intl.getCanonicalLocales(lang)[0] ?? navigator.language) : navigator.language;
    } catch {
      return navigator.language;
    }
  }

  /** A string by key, overridden by `strings`, with `{name}` placeholders filled from `values`. */
  protected t(key: keyof S & string, values: Readonly<Record<string, string | number>> = {}): string {
    const template = this.strings[key] ?? this.defaultStrings[key] ?? key;
    return String(template).replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
  }
}
