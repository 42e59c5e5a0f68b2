import { css } from 'lit';

/**
 * The badge and its breakdown popover. Font size, line height and box sizing are set on the host
 * with `!important` as well as on the inner root: a page rule such as
 * `* { font-size: 40px !important }` matches the host element itself, and only an important
 * declaration from inside the shadow tree outranks it.
 */
export const scoreBadgeStyles = css`
  :host {
    --_badge-bg: var(--rapport-score-badge-background, var(--_selected));
    --_badge-fg: var(--rapport-score-badge-color, var(--_fg));
    --_popover-width: var(--rapport-score-badge-popover-width, 360px);
    display: inline-block;
    vertical-align: middle;
    background: transparent;
    box-sizing: border-box !important;
    font-size: var(--_font-size) !important;
    line-height: var(--_line-height) !important;
  }
  .root {
    font-size: var(--_font-size);
    line-height: var(--_line-height);
  }
  .badge {
    anchor-name: --rapport-score-badge;
    display: inline-flex;
    align-items: baseline;
    gap: var(--_space-1);
    min-block-size: 24px;
    margin: 0;
    padding-block: 1px;
    padding-inline: var(--_space-2);
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_badge-bg);
    color: var(--_badge-fg);
    font-weight: 600;
    white-space: nowrap;
  }
  button.badge {
    cursor: pointer;
  }
  button.badge:hover {
    border-color: var(--_accent);
  }
  .badge.none {
    background: transparent;
    color: var(--_fg-muted);
    font-weight: 400;
  }
  .value {
    font-variant-numeric: tabular-nums;
  }
  .grade {
    padding-inline-start: var(--_space-1);
    border-inline-start: 1px solid var(--_border);
  }
  [popover] {
    position-anchor: --rapport-score-badge;
    position-area: block-end span-inline-end;
    position-try-fallbacks: flip-block, flip-inline, flip-block flip-inline;
    inset: auto;
    margin: 0;
    margin-block-start: var(--_space-1);
    inline-size: max-content;
    min-inline-size: 220px;
    max-inline-size: min(var(--_popover-width), calc(100vw - 16px));
    max-block-size: min(480px, calc(100vh - 16px));
    overflow: auto;
    padding: var(--_space-3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.18);
    font-weight: 400;
    white-space: normal;
  }
  h2,
  h3 {
    margin: 0;
    font-size: inherit;
  }
  h2 {
    margin-block-end: var(--_space-2);
    font-weight: 600;
  }
  h3 {
    margin-block: var(--_space-2) var(--_space-1);
    color: var(--_fg-muted);
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  p {
    margin: 0;
  }
  ul {
    display: grid;
    gap: var(--_space-2);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: grid;
    grid-template-columns: 1fr auto;
    column-gap: var(--_space-3);
  }
  .label,
  .evidence {
    overflow-wrap: anywhere;
  }
  .points {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
    text-align: end;
  }
  .points.negative {
    color: var(--_danger);
  }
  .evidence {
    grid-column: 1 / -1;
    color: var(--_fg-muted);
    font-size: var(--_font-size-small);
  }
  .error {
    color: var(--_danger);
  }
  .actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--_space-2);
    margin-block-start: var(--_space-3);
  }
  .action {
    min-block-size: 32px;
    margin: 0;
    padding-block: 0;
    padding-inline: var(--_space-3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-muted);
    cursor: pointer;
  }
`;
