import { css } from 'lit';

/** The styles of `<rapport-contact-list>`; tokens and the host reset come from the base class. */
export const contactListStyles = css`
  :host {
    --_height: var(--rapport-contact-list-height, 480px);
    --_columns: var(
      --rapport-contact-list-columns,
      minmax(180px, 2fr) minmax(120px, 1.5fr) minmax(120px, 1.5fr) minmax(120px, 1fr) minmax(100px, 0.8fr) minmax(100px, 1fr)
    );
    --_min-width: var(--rapport-contact-list-min-width, 760px);
    --_avatar-bg: var(--rapport-contact-list-avatar-background, var(--_accent));
    --_avatar-fg: var(--rapport-contact-list-avatar-color, var(--_accent-fg));
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_space-2) var(--_space-3);
    margin: 0;
    padding: 0;
    border: 0;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--_space-1);
    font-size: var(--_font-size-small);
    color: var(--_fg-muted);
  }
  .field.search {
    flex: 1 1 200px;
  }
  input,
  select {
    block-size: 32px;
    min-inline-size: 0;
    padding-inline: var(--_space-2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    font-size: var(--_font-size);
  }
  input.narrow {
    inline-size: 120px;
  }

  .status {
    margin-block: var(--_space-2);
    margin-inline: 0;
    font-size: var(--_font-size-small);
    color: var(--_fg-muted);
  }
  .retry {
    padding-block: var(--_space-1);
    padding-inline: var(--_space-3);
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_accent-fg);
    cursor: pointer;
  }

  /* The grid scrolls; its body is as tall as every row would be, and only the rows near the
     visible part exist, each placed at its index. */
  .grid {
    position: relative;
    block-size: var(--_height);
    overflow: auto;
    overscroll-behavior: contain;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    contain: strict;
  }
  .head {
    position: sticky;
    inset-block-start: 0;
    z-index: 1;
    min-inline-size: var(--_min-width);
    background: var(--_bg-muted);
    border-block-end: 1px solid var(--_border);
  }
  .body {
    position: relative;
    min-inline-size: var(--_min-width);
    block-size: calc(var(--_rows, 0) * var(--_row-height));
  }
  .row {
    display: grid;
    grid-template-columns: var(--_columns);
    align-items: center;
    block-size: var(--_row-height);
    min-inline-size: var(--_min-width);
  }
  .body > .row {
    position: absolute;
    inset-inline: 0;
    inset-block-start: calc(var(--_row, 0) * var(--_row-height));
    /* A row's content changes alone: keep its layout and paint to itself. */
    contain: layout paint style;
    border-block-end: 1px solid var(--_border);
    cursor: default;
  }
  .body > .row:hover {
    background: var(--_bg-muted);
  }
  .body > .row[aria-selected='true'] {
    background: var(--_selected);
  }
  .body > .row:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: -2px;
  }
  [role='columnheader'],
  [role='gridcell'] {
    min-inline-size: 0;
    padding-inline: var(--_space-2);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [role='columnheader'] {
    font-size: var(--_font-size-small);
    font-weight: 600;
    color: var(--_fg-muted);
  }
  .name {
    display: flex;
    align-items: center;
    gap: var(--_space-2);
  }
  .name > span:last-child {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .avatar {
    display: inline-grid;
    flex: none;
    place-items: center;
    inline-size: 28px;
    block-size: 28px;
    border-radius: 50%;
    background: var(--_avatar-bg);
    color: var(--_avatar-fg);
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  :host([density='compact']) .avatar {
    inline-size: 22px;
    block-size: 22px;
  }
  .muted {
    color: var(--_fg-muted);
  }
`;
