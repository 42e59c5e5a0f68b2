import type { Interaction } from '@rapport/core';

/** What `rapport-task-complete` carries. */
export interface TaskCompleteDetail {
  /** The task the user is completing, as it was before. */
  readonly task: Interaction;
}

/**
 * Fired by `<rapport-activity-timeline>` when the user presses a task's "Complete" button, before
 * `crm.interactions.complete` runs. Cancelable: `preventDefault()` leaves the task open. Never
 * fired when code sets a property.
 */
export class RapportTaskCompleteEvent extends Event {
  static readonly type = 'rapport-task-complete';
  readonly detail: TaskCompleteDetail;

  constructor(detail: TaskCompleteDetail) {
    super(RapportTaskCompleteEvent.type, { bubbles: true, composed: true, cancelable: true });
    this.detail = Object.freeze({ ...detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'rapport-task-complete': RapportTaskCompleteEvent;
  }
}
