import { css } from 'lit';

/**
 * The card. Font size, line height and box sizing are set on the host with `!important` and
 * again on the inner box: a page rule such as `* { font-size: 40px !important }` matches the
 * host element itself, and only an important declaration from inside the shadow tree outranks
 * it. Everything inside is laid out in px, so nothing else inherits from the page.
 */
export const contactCardStyles = css`
  :host {
    --_avatar-size: var(--rapport-contact-card-avatar-size, 48px);
    --_avatar-bg: var(--rapport-contact-card-avatar-background, var(--_accent));
    --_avatar-fg: var(--rapport-contact-card-avatar-color, var(--_accent-fg));
    --_padding: var(--rapport-contact-card-padding, var(--_space-4));
    box-sizing: border-box !important;
    font-size: var(--_font-size) !important;
    line-height: var(--_line-height) !important;
    background: transparent;
  }
  :host([compact]) {
    --_avatar-size: var(--rapport-contact-card-avatar-size, 32px);
    --_padding: var(--rapport-contact-card-padding, var(--_space-2));
  }
  .card {
    display: grid;
    gap: var(--_space-3);
    padding: var(--_padding);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font-size: var(--_font-size);
    line-height: var(--_line-height);
  }
  :host([compact]) .card {
    gap: var(--_space-2);
  }
  p,
  h2,
  dl,
  dd {
    margin: 0;
  }
  .contact {
    display: grid;
    gap: var(--_space-3);
  }
  :host([compact]) .contact {
    gap: var(--_space-1);
  }
  .header {
    display: flex;
    align-items: center;
    gap: var(--_space-3);
  }
  :host([compact]) .header {
    gap: var(--_space-2);
  }
  .avatar {
    display: grid;
    flex: none;
    place-items: center;
    inline-size: var(--_avatar-size);
    block-size: var(--_avatar-size);
    border-radius: 50%;
    background: var(--_avatar-bg);
    color: var(--_avatar-fg);
    font-size: calc(var(--_avatar-size) * 0.38);
    font-weight: 600;
    line-height: 1;
    overflow: hidden;
    white-space: nowrap;
    user-select: none;
  }
  .heading {
    flex: 1;
    min-inline-size: 0;
  }
  h2 {
    font-size: calc(var(--_font-size) + 2px);
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  :host([compact]) h2 {
    font-size: var(--_font-size);
  }
  .subtitle,
  .note {
    color: var(--_fg-muted);
  }
  .subtitle,
  h2,
  dd,
  .tag,
  .reach a,
  .field-error {
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .details {
    display: grid;
    grid-template-columns: minmax(64px, max-content) 1fr;
    gap: var(--_space-1) var(--_space-3);
  }
  dt {
    color: var(--_fg-muted);
    overflow-wrap: anywhere;
  }
  dd {
    min-inline-size: 0;
  }
  .plain {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-1);
  }
  .tag {
    padding-inline: var(--_space-2);
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg-muted);
    font-size: var(--_font-size-small);
  }
  .reach {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-1) var(--_space-3);
    padding-inline-start: calc(var(--_avatar-size) + var(--_space-2));
  }
  a {
    color: var(--_accent);
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
    cursor: pointer;
  }
  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  .button.primary {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .state {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space-2);
  }
  .error,
  .field-error,
  .form-error {
    color: var(--_danger);
  }
  .form {
    display: grid;
    gap: var(--_space-3);
  }
  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(160px, 1fr));
    gap: var(--_space-3);
  }
  .field {
    display: grid;
    gap: var(--_space-1);
    min-inline-size: 0;
  }
  label {
    font-weight: 600;
  }
  .hint,
  .field-error {
    font-size: var(--_font-size-small);
  }
  .hint {
    color: var(--_fg-muted);
  }
  input,
  textarea,
  select {
    inline-size: 100%;
    min-block-size: 32px;
    margin: 0;
    padding-block: var(--_space-1);
    padding-inline: var(--_space-2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  textarea {
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--_space-2);
  }
  /* Kept in the tree while empty, so that it is a live region before it speaks, but out of the grid's gaps. */
  .status:empty {
    position: absolute;
  }
`;
