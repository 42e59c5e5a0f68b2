import { css } from 'lit';

/** The styles of `<rapport-activity-timeline>`: behaviour lives in the element, looks here. */
export const activityTimelineStyles = css`
  :host {
    --_height: var(--rapport-activity-timeline-height, 480px);
    --_marker: var(--rapport-activity-timeline-marker-color, var(--_border));
  }
  p,
  h3,
  dl,
  dd {
    margin: 0;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    padding-block: var(--_space-1);
    padding-inline: var(--_space-3);
    min-block-size: 32px;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  .status {
    padding: var(--_space-4);
    color: var(--_fg-muted);
  }
  .status.error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-2);
    color: var(--_danger);
  }

  /* Composer */
  .composer {
    display: grid;
    gap: var(--_space-3);
    padding: var(--_space-3);
    margin-block-end: var(--_space-3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-muted);
  }
  .composer-title {
    font-size: var(--_font-size);
    font-weight: 600;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
    gap: var(--_space-3);
  }
  .field {
    display: grid;
    gap: var(--_space-1);
    align-content: start;
  }
  .field.wide {
    grid-column: span 2;
  }
  .field.full {
    grid-column: 1 / -1;
  }
  .field label {
    font-size: var(--_font-size-small);
    color: var(--_fg-muted);
  }
  input,
  select,
  textarea {
    inline-size: 100%;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    padding-block: var(--_space-1);
    padding-inline: var(--_space-2);
    min-block-size: 32px;
  }
  textarea {
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error,
  .form-error {
    color: var(--_danger);
    font-size: var(--_font-size-small);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: var(--_space-2);
  }

  /* Filter */
  .filter {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2);
    border: 0;
    padding: 0;
    margin-block: 0 var(--_space-2);
    margin-inline: 0;
  }
  .filter legend {
    float: inline-start;
    padding: 0;
    margin-inline-end: var(--_space-2);
    font-size: var(--_font-size-small);
    color: var(--_fg-muted);
    line-height: 28px;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-1);
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding-inline: var(--_space-2);
    min-block-size: 28px;
    font-size: var(--_font-size-small);
    cursor: pointer;
  }
  .chip:has(:checked) {
    background: var(--_selected);
  }
  .chip input {
    inline-size: auto;
    min-block-size: 0;
    margin: 0;
  }

  /* List */
  .rows {
    block-size: var(--_height);
    overflow-y: auto;
    overscroll-behavior: contain;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .rows > * {
    inline-size: 100%;
  }
  .day {
    padding-block: var(--_space-3) var(--_space-1);
    padding-inline: var(--_space-3);
  }
  .day h3 {
    font-size: var(--_font-size-small);
    font-weight: 600;
    color: var(--_fg-muted);
  }
  .entry {
    display: grid;
    gap: var(--_space-1);
    padding-block: var(--_space-2);
    padding-inline: var(--_space-4) var(--_space-3);
    margin-inline-start: var(--_space-3);
    border-inline-start: 2px solid var(--_marker);
    overflow-wrap: anywhere;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2);
    font-size: var(--_font-size-small);
    color: var(--_fg-muted);
  }
  .type {
    font-weight: 600;
    color: var(--_fg);
  }
  .subject {
    font-weight: 600;
  }
  .body {
    white-space: pre-wrap;
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 6;
    overflow: hidden;
  }
  .details,
  .stage,
  .task,
  .data {
    font-size: var(--_font-size-small);
  }
  .task {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2);
  }
  .overdue {
    color: var(--_danger);
  }
  .done {
    color: var(--_success);
  }
  .data div {
    display: flex;
    gap: var(--_space-1);
  }
  .data dt {
    font-weight: 600;
  }
  .data dt::after {
    content: ':';
  }
  .complete {
    justify-self: start;
  }
  .end {
    padding: var(--_space-3);
    color: var(--_fg-muted);
    font-size: var(--_font-size-small);
    text-align: center;
  }
`;
