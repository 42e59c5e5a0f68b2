import type { Deal, Pipeline } from '@rapport/core';
import { html, render } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { PipelineBoardStrings } from './pipeline-board.strings.js';

/**
 * Keeps one element per card id inside a column's list, in the order given: cards that stay in
 * the window keep their element, cards that leave it are removed, new ones are created where they
 * belong. Keyed by deal id rather than by index (as the contact list's `KeyedRows` is), so a card
 * keeps its element, and its focus, when cards above it come and go. Rows are managed outside
 * Lit's template for the reason given in contact-list/keyed-rows.ts (lit/lit#5298: `repeat`
 * leaves a marker behind for every item it removes); removing the row element takes its content
 * along.
 */
export class CardRows {
  private readonly rows = new Map<string, HTMLElement>();
  private container: HTMLElement | undefined;

  /** The element of card `id`, when it is rendered. */
  get(id: string): HTMLElement | undefined {
    return this.rows.get(id);
  }

  /** Makes `container` hold exactly the cards of `entries` (in column order), each passed to `update`. */
  sync(container: HTMLElement, entries: readonly (readonly [index: number, deal: Deal])[], update: (row: HTMLElement, index: number, deal: Deal) => void): void {
    if (container !== this.container) {
      this.rows.clear();
      this.container = container;
    }
    const wanted = new Set(entries.map(([, deal]) => deal.id));
    for (const [id, row] of this.rows) {
      if (wanted.has(id)) continue;
      row.remove();
      this.rows.delete(id);
    }
    let next: ChildNode | null = container.firstChild;
    for (const [index, deal] of entries) {
      let row = this.rows.get(deal.id);
      if (!row) {
        row = newCardRow();
        this.rows.set(deal.id, row);
      }
      if (row !== next) container.insertBefore(row, next);
      next = row.nextSibling;
      update(row, index, deal);
    }
  }
}

function newCardRow(): HTMLElement {
  const row = document.createElement('div');
  row.className = 'card';
  row.setAttribute('role', 'listitem');
  row.setAttribute('aria-describedby', 'instructions');
  return row;
}

/** Sets an attribute only when it changes (rows are updated on every scrolled frame). */
function setAttr(element: Element, name: string, value: string | undefined): void {
  if (value === undefined) element.removeAttribute(name);
  else if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/** What a card row needs from its board besides its deal. */
export interface CardContext {
  readonly t: (key: keyof PipelineBoardStrings & string, values?: Readonly<Record<string, string | number>>) => string;
  readonly pipeline: Pipeline;
  readonly count: number;
  readonly activeId: string | undefined;
  /** The card picked up by keyboard, or dragged by pointer. */
  readonly movingId: string | undefined;
  readonly menuId: string | undefined;
  readonly names: (deal: Deal) => readonly [company: string | undefined, contact: string | undefined];
  readonly now: Date | undefined;
  readonly locale: string;
  readonly theme: string | undefined;
  readonly density: string | undefined;
  /** What Lit binds `this` to in the row's template. */
  readonly host: object;
}

/**
 * Brings a card row up to date: its list semantics, roving tab stop and place (a custom
 * property set through the CSSOM, never a `style` attribute), and its content, rendered with Lit
 * so that every text of the deal is a text binding: the deal card and its "Move to…" button.
 */
export function updateCardRow(row: HTMLElement, index: number, deal: Deal, ctx: CardContext): void {
  const active = deal.id === ctx.activeId;
  const moving = deal.id === ctx.movingId;
  setAttr(row, 'data-id', deal.id);
  setAttr(row, 'part', moving ? 'deal moving' : 'deal');
  setAttr(row, 'tabindex', active ? '0' : '-1');
  setAttr(row, 'aria-posinset', String(index + 1));
  setAttr(row, 'aria-setsize', String(ctx.count));
  setAttr(row, 'data-moving', moving ? '' : undefined);
  if (row.style.getPropertyValue('--_row') !== String(index)) row.style.setProperty('--_row', String(index));
  const [company, contact] = ctx.names(deal);
  const menuOpen = ctx.menuId === deal.id;
  render(
    html`<rapport-deal-card
        .deal=${deal}
        .pipeline=${ctx.pipeline}
        .companyName=${company}
        .contactName=${contact}
        .now=${ctx.now}
        locale=${ctx.locale}
        theme=${ifDefined(ctx.theme)}
        density=${ifDefined(ctx.density)}
      ></rapport-deal-card
      ><button
        class="move"
        part="move-button"
        type="button"
        tabindex=${active ? '0' : '-1'}
        aria-haspopup="menu"
        aria-expanded=${menuOpen ? 'true' : 'false'}
        aria-controls=${ifDefined(menuOpen ? 'move-menu' : undefined)}
      >
        ${ctx.t('moveTo')}<span class="visually-hidden">${ctx.t('moveToDeal', { title: deal.title })}</span>
      </button>`,
    row,
    { host: ctx.host },
  );
}
