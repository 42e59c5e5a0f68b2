import { html, nothing, type TemplateResult } from 'lit';

/** One choice of the "Move to…" menu: an open stage, or Won or Lost. */
export interface MenuChoice {
  /** A stage id, or `won` / `lost`. */
  readonly zone: string;
  readonly label: string;
}

/**
 * The "Move to…" menu (the ARIA menu pattern): a popover in the top layer, so no column's
 * scrolling clips it, placed under its button through custom properties set with the CSSOM.
 * Arrow keys move between items (wrapping), Home and End go to the ends, Escape closes it and
 * returns focus to the button, Tab closes it; Enter, Space or a click chooses.
 */
export class MoveMenu {
  /** The deal whose menu is open. */
  dealId: string | undefined = undefined;
  private button: HTMLElement | undefined;

  constructor(
    private readonly element: () => HTMLElement | null,
    private readonly requestUpdate: () => void,
    private readonly choose: (dealId: string, zone: string) => void,
  ) {}

  /** Opens the menu for `dealId` under `button`; focus goes to its first item once rendered. */
  open(dealId: string, button: HTMLElement): void {
    this.dealId = dealId;
    this.button = button;
    this.requestUpdate();
  }

  /** After the host rendered: shows the popover and focuses the first item, when just opened. */
  afterRender(): void {
    const menu = this.element();
    if (!menu || !this.dealId || menu.matches(':popover-open')) return;
    const box = this.button?.getBoundingClientRect();
    if (box) {
      menu.style.setProperty('--_menu-x', `${Math.max(0, Math.min(box.left, window.innerWidth - 200))}px`);
      menu.style.setProperty('--_menu-y', `${box.bottom + 4}px`);
    }
    menu.showPopover();
    this.items()[0]?.focus();
  }

  /** Closes the menu; `returnFocus` puts focus back on its button. */
  close(returnFocus: boolean): void {
    if (!this.dealId) return;
    const menu = this.element();
    if (menu?.matches(':popover-open')) menu.hidePopover();
    const button = this.button;
    this.dealId = undefined;
    this.button = undefined;
    this.requestUpdate();
    if (returnFocus && button?.isConnected) button.focus();
  }

  private items(): HTMLElement[] {
    return [...(this.element()?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  }

  private readonly handleKeydown = (event: KeyboardEvent): void => {
    const items = this.items();
    const at = items.indexOf(event.target as HTMLElement);
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = (at + 1) % items.length;
        break;
      case 'ArrowUp':
        next = (at - 1 + items.length) % items.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = items.length - 1;
        break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        this.close(true);
        return;
      case 'Tab':
        this.close(false);
        return;
      default:
        return;
    }
    event.preventDefault();
    items[next]?.focus();
  };

  private readonly handleClick = (event: Event): void => {
    const item = (event.target as HTMLElement).closest<HTMLElement>('[role="menuitem"]');
    const dealId = this.dealId;
    if (!item || !dealId) return;
    this.close(false);
    this.choose(dealId, item.dataset.zone as string);
  };

  private readonly handleFocusOut = (event: FocusEvent): void => {
    const to = event.relatedTarget as Node | null;
    if (to && (this.element()?.contains(to) || to === this.button)) return;
    if (to) this.close(false);
  };

  /** The menu element (empty and hidden while closed). */
  render(label: string, choices: readonly MenuChoice[]): TemplateResult {
    const open = this.dealId !== undefined;
    return html`<div
      id="move-menu"
      class="menu"
      part="menu"
      role="menu"
      popover="manual"
      aria-label=${open ? label : nothing}
      @keydown=${this.handleKeydown}
      @click=${this.handleClick}
      @focusout=${this.handleFocusOut}
    >
      ${open ? choices.map((c) => html`<button type="button" role="menuitem" tabindex="-1" data-zone=${c.zone}>${c.label}</button>`) : nothing}
    </div>`;
  }
}
