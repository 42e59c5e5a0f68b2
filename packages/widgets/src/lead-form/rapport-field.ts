import type { LeadFieldDefinition } from './lead-field.js';

/**
 * One field of a `<rapport-lead-form>`, declared in HTML. It shows nothing itself: the form reads
 * its attributes and renders the field. The label is the `label` attribute or, when that is
 * missing, the element's own text (handy for a long consent text). A `select` takes its choices
 * from `<option>` children.
 *
 * @summary One field of a `<rapport-lead-form>`, declared in HTML.
 * @tag rapport-field
 *
 * @example
 * <rapport-field name="email" label="Work email" required></rapport-field>
 * <rapport-field type="checkbox" consent="marketing-email">Send me product news by email.</rapport-field>
 */
export class RapportField extends HTMLElement {
  constructor() {
    super();
    // An empty shadow root: the element's children are configuration, never rendered.
    this.attachShadow({ mode: 'open' });
  }

  /** The field this element declares, as `<rapport-lead-form>`'s `fields` list would give it. */
  get definition(): LeadFieldDefinition {
    return fieldDefinitionOf(this);
  }
}

/** The field a `<rapport-field>` element declares (read from its attributes, so it works before the element is upgraded too). */
export function fieldDefinitionOf(element: Element): LeadFieldDefinition {
  const attribute = (name: string) => element.getAttribute(name) ?? undefined;
  const number = (name: string) => {
    const value = attribute(name);
    // A value that is not a whole number is kept as NaN so that the check names the attribute.
    return value === undefined ? undefined : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  };
  const ownText = [...element.childNodes]
    .filter((node) => node.nodeType === Node.TEXT_NODE)
    .map((node) => node.textContent)
    .join('');
  const options = [...element.querySelectorAll(':scope > option')].map((option) => ({
    value: option.getAttribute('value') ?? (option.textContent ?? '').trim(),
    label: (option.textContent ?? '').replace(/\s+/g, ' ').trim(),
  }));
  return {
    name: attribute('name'),
    type: attribute('type') as LeadFieldDefinition['type'],
    label: attribute('label') ?? ownText,
    help: attribute('help'),
    required: element.hasAttribute('required'),
    pattern: attribute('pattern'),
    minLength: number('minlength'),
    maxLength: number('maxlength'),
    placeholder: attribute('placeholder'),
    value: attribute('value'),
    checked: element.hasAttribute('checked'),
    ...(options.length ? { options } : {}),
    consent: attribute('consent'),
    autocomplete: attribute('autocomplete'),
  };
}
