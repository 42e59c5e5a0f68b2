import { css } from 'lit';

/**
 * The board. Every card row has the same height (per density) and the deal card's text is
 * clamped to fit, so a column's geometry is arithmetic: row `i` sits at `i × pitch`, and the slot
 * under a pointer is `round(y ÷ pitch)`. Rows are placed by a custom property (`--_row`) set
 * through the CSSOM, as the list's height (`--_count`) and the drop line's slot (`--_slot`) are.
 */
export const pipelineBoardStyles = css`
  :host {
    --_column-width: var(--rapport-pipeline-board-column-width, 280px);
    --_height: var(--rapport-pipeline-board-height, 560px);
    --_card-height: var(--rapport-pipeline-board-card-height, 148px);
    --_gap: var(--_space-2);
    --_pitch: calc(var(--_card-height) + var(--_gap));
  }
  :host([density='compact']) {
    --_card-height: var(--rapport-pipeline-board-card-height, 120px);
  }
  h2,
  h3,
  p,
  dl,
  dd {
    margin: 0;
  }
  .state {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-2);
    padding: var(--_space-3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    color: var(--_fg-muted);
  }
  .state.error {
    color: var(--_danger);
  }
  .button {
    min-block-size: 32px;
    margin: 0;
    padding-block: 0;
    padding-inline: var(--_space-3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-muted);
    color: var(--_fg);
    cursor: pointer;
  }
  .button.primary {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-fg);
  }

  .board {
    display: grid;
    gap: var(--_space-3);
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    justify-content: space-between;
    gap: var(--_space-2) var(--_space-4);
  }
  h2 {
    font-size: calc(var(--_font-size) * 1.25);
    font-weight: 600;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_space-2) var(--_space-3);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--_space-1);
    font-size: var(--_font-size-small);
    color: var(--_fg-muted);
  }
  input,
  select {
    block-size: 32px;
    min-inline-size: 0;
    margin: 0;
    padding-block: 0;
    padding-inline: var(--_space-2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    font-size: var(--_font-size);
  }
  select {
    max-inline-size: 220px;
  }
  .alert {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space-2);
    padding-block: var(--_space-2);
    padding-inline: var(--_space-3);
    border: 1px solid var(--_danger);
    border-inline-start-width: 4px;
    border-radius: var(--_radius);
    color: var(--_danger);
    background: var(--_bg);
    overflow-wrap: anywhere;
  }

  .columns {
    display: flex;
    gap: var(--_space-3);
    overflow-x: auto;
    overscroll-behavior-x: contain;
    padding-block-end: var(--_space-1);
  }
  .column {
    display: flex;
    flex: none;
    flex-direction: column;
    inline-size: var(--_column-width);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-muted);
  }
  .column-head {
    display: grid;
    gap: var(--_space-1);
    padding: var(--_space-2) var(--_space-3);
    border-block-end: 1px solid var(--_border);
  }
  .column-title {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_space-2);
  }
  h3 {
    min-inline-size: 0;
    font-size: var(--_font-size);
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: isolate;
  }
  .count {
    flex: none;
    color: var(--_fg-muted);
    font-size: var(--_font-size-small);
    font-variant-numeric: tabular-nums;
  }
  .totals {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0 var(--_space-2);
    font-size: var(--_font-size-small);
    font-variant-numeric: tabular-nums;
  }
  .totals dt {
    color: var(--_fg-muted);
  }
  .totals dd {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_space-2);
    min-inline-size: 0;
  }
  .note {
    padding: var(--_space-3);
    color: var(--_fg-muted);
    font-size: var(--_font-size-small);
  }
  .scroller {
    position: relative;
    block-size: var(--_height);
    overflow-x: hidden;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_space-2);
  }
  .column[data-over] .scroller {
    background: var(--_selected);
  }
  .rows {
    position: relative;
    block-size: calc(var(--_count, 0) * var(--_pitch));
  }
  .card {
    position: absolute;
    inset-inline: 0;
    inset-block-start: calc(var(--_row, 0) * var(--_pitch));
    block-size: var(--_card-height);
    border-radius: var(--_radius);
    contain: layout style;
    cursor: grab;
    touch-action: pan-y;
    user-select: none;
  }
  .card:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 1px;
  }
  .card[data-moving] {
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
  }
  /* Where the dragged card came from: marked by a dashed outline (not faded, so its text keeps its contrast). */
  .card[data-dragged] {
    outline: 2px dashed var(--_accent);
    outline-offset: 1px;
  }
  .card rapport-deal-card {
    display: block;
    block-size: 100%;
  }
  .card rapport-deal-card::part(card) {
    block-size: 100%;
    align-content: start;
    overflow: hidden;
  }
  .card rapport-deal-card::part(title) {
    padding-inline-end: 88px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .card rapport-deal-card::part(amount) {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .card rapport-deal-card::part(details) {
    max-block-size: 2lh;
    overflow: hidden;
  }
  :host([density='compact']) .card rapport-deal-card::part(details) {
    max-block-size: 1lh;
  }
  .move {
    position: absolute;
    inset-block-start: var(--_space-2);
    inset-inline-end: var(--_space-2);
    max-inline-size: 84px;
    min-block-size: 24px;
    margin: 0;
    padding-block: 0;
    padding-inline: var(--_space-2);
    overflow: hidden;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font-size: var(--_font-size-small);
    text-overflow: ellipsis;
    white-space: nowrap;
    cursor: pointer;
  }
  .indicator {
    position: absolute;
    inset-inline: var(--_space-2);
    inset-block-start: calc(var(--_space-2) + var(--_slot, 0) * var(--_pitch) - var(--_gap) / 2 - 2px);
    block-size: 4px;
    border-radius: 2px;
    background: var(--_accent);
    pointer-events: none;
  }

  .targets {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: var(--_space-3);
  }
  .target {
    display: grid;
    place-items: center;
    min-block-size: 56px;
    padding: var(--_space-2);
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    color: var(--_fg-muted);
    text-align: center;
  }
  .target strong {
    color: var(--_fg);
  }
  .target.won[data-over] {
    border-color: var(--_success);
    border-style: solid;
    background: var(--_selected);
  }
  .target.lost[data-over] {
    border-color: var(--_danger);
    border-style: solid;
    background: var(--_selected);
  }

  .probe {
    position: absolute;
    visibility: hidden;
    inline-size: 1px;
    block-size: var(--_pitch);
    pointer-events: none;
  }
  .ghost {
    position: fixed;
    inset: 0 auto auto 0;
    margin: 0;
    padding: var(--_space-2) var(--_space-3);
    inline-size: var(--_ghost-width, 240px);
    overflow: hidden;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.3);
    font-weight: 600;
    text-overflow: ellipsis;
    white-space: nowrap;
    pointer-events: none;
  }
  .menu {
    position: fixed;
    inset: auto;
    inset-block-start: var(--_menu-y, 0);
    left: var(--_menu-x, 0);
    margin: 0;
    padding: var(--_space-1);
    min-inline-size: 180px;
    max-inline-size: 280px;
    max-block-size: 60vh;
    overflow-y: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.2);
  }
  .menu [role='menuitem'] {
    display: block;
    inline-size: 100%;
    min-block-size: 32px;
    margin: 0;
    padding-block: 0;
    padding-inline: var(--_space-3);
    border: 0;
    border-radius: var(--_radius);
    background: transparent;
    color: var(--_fg);
    text-align: start;
    overflow-wrap: anywhere;
    cursor: pointer;
  }
  .menu [role='menuitem']:hover,
  .menu [role='menuitem']:focus {
    background: var(--_selected);
  }
  .menu [role='menuitem']:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: -2px;
  }
  .dialog {
    inline-size: min(420px, calc(100vw - 32px));
    padding: var(--_space-4);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
  }
  .dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  .dialog form {
    display: grid;
    gap: var(--_space-3);
  }
  .dialog h2 {
    font-size: var(--_font-size);
  }
  .dialog .field {
    color: var(--_fg);
    font-size: var(--_font-size);
  }
  .dialog input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error {
    color: var(--_danger);
    font-size: var(--_font-size-small);
  }
  .actions {
    display: flex;
    justify-content: end;
    gap: var(--_space-2);
  }
`;
