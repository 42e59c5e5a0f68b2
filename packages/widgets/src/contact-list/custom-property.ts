import { nothing } from 'lit';
import { Directive, directive, PartType, type DirectiveResult, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets a custom property on an element through the CSSOM (`style.setProperty`), never through a
 * `style` attribute, so that it works under a Content-Security-Policy without `'unsafe-inline'`
 * for styles. Lit's `styleMap` writes a `style` attribute on its first render, which such a
 * policy blocks; this directive only ever uses the CSSOM.
 */
class CustomPropertyDirective extends Directive {
  private last: string | undefined;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('customProperty() belongs on an element, as in <div ${customProperty(...)}>');
  }

  render(_name: `--${string}`, _value: string | number) {
    return nothing;
  }

  override update(part: ElementPart, [name, value]: [`--${string}`, string | number]) {
    const text = String(value);
    if (text !== this.last) {
      (part.element as HTMLElement).style.setProperty(name, text);
      this.last = text;
    }
    return nothing;
  }
}

/** `<div ${customProperty('--_row', 12)}>`: the element's custom property, set through the CSSOM. */
export const customProperty: (name: `--${string}`, value: string | number) => DirectiveResult<typeof CustomPropertyDirective> = directive(CustomPropertyDirective);
