import { defineElement } from '../internal/define-element.js';
import { RapportLeadForm } from './lead-form.js';
import { RapportField } from './rapport-field.js';

defineElement('rapport-field', RapportField);
defineElement('rapport-lead-form', RapportLeadForm);

declare global {
  interface HTMLElementTagNameMap {
    'rapport-lead-form': RapportLeadForm;
    'rapport-field': RapportField;
  }
}
