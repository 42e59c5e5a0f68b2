import { provide } from '@lit/context';
import type { Crm } from '@rapport/core';
import { css, html, LitElement, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { crmContext } from '../internal/crm-context.js';

/**
 * Hands a `Crm` to every Rapport element inside it, so that each need not be given one.
 *
 * @tag rapport-provider
 * @slot - The elements that use this workspace.
 */
export class RapportProvider extends LitElement {
  /** A provider takes no room of its own. */
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** The workspace the elements inside use. */
  @provide({ context: crmContext })
  @property({ attribute: false })
  accessor crm: Crm | undefined = undefined;

  override render(): TemplateResult {
    return html`<slot></slot>`;
  }
}
