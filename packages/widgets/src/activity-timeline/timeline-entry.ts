import { interactionTypes, type Interaction, type InteractionType } from '@rapport/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { ActivityTimelineStrings } from './activity-timeline.strings.js';
import type { TimelineFormat } from './timeline-format.js';

/** What rendering an entry needs from its element. */
export interface EntryView {
  readonly format: TimelineFormat;
  /** The time that counts as now (for overdue tasks), in ms. */
  readonly now: number;
  t(key: keyof ActivityTimelineStrings & string, values?: Readonly<Record<string, string | number>>): string;
  /** The name of a stage, by id, from the workspace's pipelines. */
  stageName(id: string | undefined): string;
  /** A person's display name, by id. */
  personName(id: string): string;
  /** When the user has just completed this task and the write is under way: the time it was done. */
  completing(id: string): string | undefined;
  /** Whether the element takes user actions (it is not `readonly`). */
  readonly actions: boolean;
  complete(entry: Interaction): void;
}

const knownTypes: ReadonlySet<string> = new Set(interactionTypes);

/** The entry's type, or `custom` for anything this version does not know. */
export function typeOf(entry: Interaction): InteractionType {
  return knownTypes.has(entry.type) ? entry.type : 'custom';
}

function stageText(view: EntryView, entry: Interaction): string {
  const change = entry.stageChange;
  if (!change) return '';
  const to = view.stageName(change.toStageId);
  const parts = [change.fromStageId && change.fromStageId !== change.toStageId ? view.t('stageMoved', { from: view.stageName(change.fromStageId), to }) : view.t('stageEntered', { to })];
  if (change.toStatus !== change.fromStatus) {
    if (change.toStatus === 'won') parts.push(view.t('stageWon'));
    else if (change.toStatus === 'lost') parts.push(change.lostReason ? view.t('stageLostReason', { reason: change.lostReason }) : view.t('stageLost'));
    else if (change.fromStatus) parts.push(view.t('stageReopened'));
  }
  return parts.join(' ');
}

function taskStatus(view: EntryView, entry: Interaction): TemplateResult | typeof nothing {
  if (entry.type !== 'task') return nothing;
  const doneAt = view.completing(entry.id) ?? entry.completedAt;
  const dueMs = entry.dueAt ? Date.parse(entry.dueAt) : Number.NaN;
  const overdue = !doneAt && Number.isFinite(dueMs) && dueMs < view.now;
  const subject = entry.subject ?? view.t('untitledTask');
  return html`
    <p class="task">
      ${entry.dueAt ? html`<span class="due">${view.t('due', { date: view.format.dateTime(entry.dueAt) })}</span>` : nothing}
      ${overdue ? html`<strong class="overdue">${view.t('overdue')}</strong>` : nothing}
      ${entry.assigneeId ? html`<span>${view.t('assignee', { name: view.personName(entry.assigneeId) })}</span>` : nothing}
      ${doneAt ? html`<span class="done" tabindex="-1" data-done=${entry.id}>${view.t('done', { date: view.format.dateTime(doneAt) })}</span>` : nothing}
    </p>
    ${!doneAt && view.actions
      ? html`<button class="complete" part="complete-button" data-complete=${entry.id} @click=${() => view.complete(entry)}>
          ${view.t('complete')}<span class="visually-hidden"> ${view.t('completeHidden', { subject })}</span>
        </button>`
      : nothing}
  `;
}

function details(view: EntryView, entry: Interaction): TemplateResult | typeof nothing {
  const parts: string[] = [];
  if (entry.direction) parts.push(view.t(`direction.${entry.direction === 'inbound' ? 'inbound' : 'outbound'}`));
  if (typeof entry.durationSec === 'number') parts.push(view.format.duration(entry.durationSec));
  if (entry.outcome) parts.push(view.t('outcome', { outcome: entry.outcome }));
  const stage = stageText(view, entry);
  const data = entry.type === 'formSubmission' && entry.data ? Object.entries(entry.data).slice(0, 8) : [];
  return html`
    ${parts.length ? html`<p class="details">${parts.join(' · ')}</p>` : nothing}
    ${stage ? html`<p class="stage">${stage}</p>` : nothing}
    ${data.length ? html`<dl class="data">${data.map(([key, value]) => html`<div><dt>${key}</dt><dd>${String(value)}</dd></div>`)}</dl>` : nothing}
  `;
}

/** One timeline entry: type, time, owner, subject and body as text, and what its type adds. */
export function renderEntry(view: EntryView, entry: Interaction): TemplateResult {
  const type = typeOf(entry);
  // One element, no whitespace around it: see orphan-markers.ts.
  return html`<div role="listitem" class="entry" part="entry" data-type=${type} data-id=${entry.id}>
    <p class="meta">
      <span class="type">${view.t(`type.${type}`)}</span>
      <time datetime=${entry.occurredAt}>${view.format.time(entry.occurredAt)}</time>
      ${entry.ownerId ? html`<span class="owner">${view.t('owner', { name: view.personName(entry.ownerId) })}</span>` : nothing}
    </p>
    ${entry.subject ? html`<p class="subject">${entry.subject}</p>` : nothing}
    ${entry.body ? html`<p class="body">${entry.body}</p>` : nothing} ${details(view, entry)} ${taskStatus(view, entry)}
  </div>`;
}
