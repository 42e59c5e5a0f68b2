import { consume } from '@lit/context';
import type { Crm } from '@rapport/core';
import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
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

  /** The workspace to show. Optional inside a `<rapport-provider>`, which hands its own down. */
  @property({ attribute: false }) accessor crm: Crm | undefined = undefined;

  /** A BCP 47 locale for dates, numbers and money (default: the nearest `lang`, then the browser's). */
  @property({ reflect: true }) accessor locale: string | undefined = undefined;

  /** `light` or `dark`; default follows `prefers-color-scheme`. */
  @property({ reflect: true }) accessor theme: 'light' | 'dark' | undefined = undefined;

  /** `compact` tightens spacing and rows. */
  @property({ reflect: true }) accessor density: 'comfortable' | 'compact' | undefined = undefined;

  /** Replacements for any of the element's user-visible strings, by key. */
  @property({ attribute: false }) accessor strings: Partial<S> = {};

  /** The `Crm` of the nearest `<rapport-provider>`. */
  @consume({ context: crmContext, subscribe: true })
  @state()
  protected accessor providedCrm: Crm | undefined = undefined;

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
