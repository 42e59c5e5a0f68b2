import { css } from 'lit';

/**
 * The card. As in the contact card, font size, line height and box sizing are set on the host
 * with `!important` (a page rule such as `* { font-size: 40px !important }` matches the host
 * itself) and again on the inner box; everything inside is laid out in px.
 */
export const dealCardStyles = css`
  :host {
    --_padding: var(--rapport-deal-card-padding, var(--_space-3));
    --_rotting: var(--rapport-deal-card-rotting-color, var(--_danger));
    box-sizing: border-box !important;
    font-size: var(--_font-size) !important;
    line-height: var(--_line-height) !important;
    background: transparent;
  }
  .card {
    display: grid;
    gap: var(--_space-2);
    padding: var(--_padding);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font-size: var(--_font-size);
    line-height: var(--_line-height);
  }
  /* The edge says it too, but the marker's text is what carries the meaning. */
  :host([rotting]) .card {
    border-inline-start: 4px solid var(--_rotting);
  }
  p,
  h3,
  dl,
  dd {
    margin: 0;
  }
  .deal {
    display: grid;
    gap: var(--_space-1);
  }
  .top {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_space-2);
  }
  h3 {
    flex: 1;
    min-inline-size: 0;
    font-size: var(--_font-size);
    font-weight: 600;
  }
  h3,
  dd {
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .status,
  .rotting {
    flex: none;
    padding-inline: var(--_space-2);
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: var(--_font-size-small);
    font-weight: 600;
    white-space: nowrap;
  }
  .status.won {
    color: var(--_success);
  }
  .status.lost {
    color: var(--_fg-muted);
  }
  .amount {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .details {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0 var(--_space-2);
    font-size: var(--_font-size-small);
  }
  dt,
  .note {
    color: var(--_fg-muted);
  }
  dd {
    min-inline-size: 0;
  }
  .foot {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space-1) var(--_space-2);
    color: var(--_fg-muted);
    font-size: var(--_font-size-small);
  }
  .rotting {
    color: var(--_rotting);
  }
  .button {
    flex: none;
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
  .state {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space-2);
  }
  .error {
    color: var(--_danger);
  }
`;
