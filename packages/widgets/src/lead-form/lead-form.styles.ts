import { css } from 'lit';

/** The form: one column of fields, each with its label, hint and error; px throughout (see tokens). */
export const leadFormStyles = css`
  :host {
    --_field-gap: var(--rapport-lead-form-field-gap, var(--_space-4));
    --_control-height: var(--rapport-lead-form-control-height, 40px);
    background: transparent;
  }
  form,
  .fields,
  .panel {
    display: grid;
    gap: var(--_field-gap);
    margin: 0;
    padding: 0;
    border: 0;
    font-size: var(--_font-size);
    line-height: var(--_line-height);
  }
  p {
    margin: 0;
  }
  .field {
    display: grid;
    gap: var(--_space-1);
  }
  .checkbox {
    grid-template-columns: auto 1fr;
    column-gap: var(--_space-2);
    align-items: start;
  }
  .checkbox > :not(input) {
    grid-column: 2;
  }
  label {
    font-weight: 600;
  }
  .checkbox label {
    font-weight: 400;
  }
  .required {
    color: var(--_fg-muted);
    font-weight: 400;
  }
  .help {
    color: var(--_fg-muted);
    font-size: var(--_font-size-small);
  }
  .error {
    color: var(--_danger);
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  input,
  textarea,
  select {
    inline-size: 100%;
    min-block-size: var(--_control-height);
    margin: 0;
    padding-block: var(--_space-1);
    padding-inline: var(--_space-2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
  }
  input[type='checkbox'] {
    inline-size: 20px;
    min-block-size: 20px;
    block-size: 20px;
    margin-block-start: 1px;
    accent-color: var(--_accent);
  }
  textarea {
    min-block-size: calc(var(--_control-height) * 3);
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
    box-shadow: 0 0 0 1px var(--_danger);
  }
  button {
    justify-self: start;
    min-block-size: var(--_control-height);
    min-inline-size: 96px;
    padding-inline: var(--_space-4);
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_accent-fg);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }
  .notice:empty,
  .alert:empty {
    display: none;
  }
  .alert {
    padding: var(--_space-2) var(--_space-3);
    border-inline-start: 4px solid var(--_danger);
    border-radius: var(--_radius);
    background: var(--_bg-muted);
  }
  .panel {
    padding: var(--_space-4);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-muted);
  }
  .panel.success {
    border-inline-start: 4px solid var(--_success);
  }
  /* The honeypot: out of sight and (being inert) out of reach of people and assistive technology. */
  .trap {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
