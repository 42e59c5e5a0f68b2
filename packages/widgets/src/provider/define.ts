import { defineElement } from '../internal/define-element.js';
import { RapportProvider } from './rapport-provider.js';

defineElement('rapport-provider', RapportProvider);

declare global {
  interface HTMLElementTagNameMap {
    'rapport-provider': RapportProvider;
  }
}
