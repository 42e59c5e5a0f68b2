import { css } from 'lit';

/**
 * The design tokens every element reads, with the light theme as default and the dark theme for
 * `prefers-color-scheme: dark` or `theme="dark"` on the element (`theme="light"` keeps it light).
 * A host page overrides any token on the element or an ancestor.
 * Sizes are in px, never rem: a host page's root font size must not rescale the widgets.
 * The chart series colours (`--_chart-1` to `-4`) each keep at least 3:1 against the surface and
 * the muted surface in both themes (WCAG 1.4.11), and charts never rely on colour alone.
 */
export const tokens = css`
  :host {
    color-scheme: light;
    --_bg: var(--rapport-color-surface, #ffffff);
    --_bg-muted: var(--rapport-color-surface-muted, #f4f5f7);
    --_fg: var(--rapport-color-text, #1c1f24);
    --_fg-muted: var(--rapport-color-text-muted, #5b6270);
    --_border: var(--rapport-color-border, #d5d9e0);
    --_accent: var(--rapport-color-accent, #2859c5);
    --_accent-fg: var(--rapport-color-on-accent, #ffffff);
    --_danger: var(--rapport-color-danger, #b3261e);
    --_success: var(--rapport-color-success, #1e6b34);
    --_selected: var(--rapport-color-selected, #e3ebfb);
    --_chart-1: var(--rapport-color-chart-1, #2859c5);
    --_chart-2: var(--rapport-color-chart-2, #b54708);
    --_chart-3: var(--rapport-color-chart-3, #0f766e);
    --_chart-4: var(--rapport-color-chart-4, #7c3aed);
    --_font: var(--rapport-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--rapport-font-size, 14px);
    --_font-size-small: var(--rapport-font-size-small, 12px);
    --_line-height: var(--rapport-line-height, 1.45);
    --_space-1: var(--rapport-space-1, 4px);
    --_space-2: var(--rapport-space-2, 8px);
    --_space-3: var(--rapport-space-3, 12px);
    --_space-4: var(--rapport-space-4, 16px);
    --_radius: var(--rapport-radius, 6px);
    --_focus-ring: var(--rapport-focus-ring, 2px solid var(--_accent));
    --_row-height: var(--rapport-row-height, 44px);
  }
  :host([density='compact']) {
    --_space-2: var(--rapport-space-1, 4px);
    --_space-3: var(--rapport-space-2, 8px);
    --_row-height: var(--rapport-row-height-compact, 32px);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_bg: var(--rapport-color-surface, #16181d);
      --_bg-muted: var(--rapport-color-surface-muted, #22262e);
      --_fg: var(--rapport-color-text, #eceef2);
      --_fg-muted: var(--rapport-color-text-muted, #a9b0bd);
      --_border: var(--rapport-color-border, #3a404c);
      --_accent: var(--rapport-color-accent, #8fb0ff);
      --_accent-fg: var(--rapport-color-on-accent, #0b1733);
      --_danger: var(--rapport-color-danger, #ffb4ab);
      --_success: var(--rapport-color-success, #8fd6a0);
      --_selected: var(--rapport-color-selected, #26365c);
      --_chart-1: var(--rapport-color-chart-1, #8fb0ff);
      --_chart-2: var(--rapport-color-chart-2, #f5a05a);
      --_chart-3: var(--rapport-color-chart-3, #4fd1b5);
      --_chart-4: var(--rapport-color-chart-4, #c4a5ff);
      color-scheme: dark;
    }
  }
  :host([theme='dark']) {
    --_bg: var(--rapport-color-surface, #16181d);
    --_bg-muted: var(--rapport-color-surface-muted, #22262e);
    --_fg: var(--rapport-color-text, #eceef2);
    --_fg-muted: var(--rapport-color-text-muted, #a9b0bd);
    --_border: var(--rapport-color-border, #3a404c);
    --_accent: var(--rapport-color-accent, #8fb0ff);
    --_accent-fg: var(--rapport-color-on-accent, #0b1733);
    --_danger: var(--rapport-color-danger, #ffb4ab);
    --_success: var(--rapport-color-success, #8fd6a0);
    --_selected: var(--rapport-color-selected, #26365c);
    --_chart-1: var(--rapport-color-chart-1, #8fb0ff);
    --_chart-2: var(--rapport-color-chart-2, #f5a05a);
    --_chart-3: var(--rapport-color-chart-3, #4fd1b5);
    --_chart-4: var(--rapport-color-chart-4, #c4a5ff);
    color-scheme: dark;
  }
`;

/**
 * Makes the element immune to the host page's inherited text styles (font size, line height,
 * letter spacing, text transform, alignment) and to its box model: global rules such as
 * `* { box-sizing: content-box }` or `button { all: unset }` do not cross the shadow boundary,
 * but inherited properties do, so they are reset here.
 */
export const hostReset = css`
  /* !important because a page rule such as \`* { font-size: 40px !important }\` matches the
     element's own tag and would beat :host; the tokens remain the way to change these. */
  :host {
    display: block;
    box-sizing: border-box !important;
    color: var(--_fg) !important;
    background: var(--_bg);
    font-family: var(--_font) !important;
    font-size: var(--_font-size) !important;
    font-weight: 400 !important;
    font-style: normal !important;
    line-height: var(--_line-height) !important;
    letter-spacing: normal !important;
    word-spacing: normal !important;
    text-transform: none !important;
    text-align: start !important;
    text-indent: 0 !important;
    white-space: normal !important;
    visibility: visible;
    cursor: auto;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    letter-spacing: inherit;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;
