import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { indexedDbAdapter, type IndexedDbAdapter } from '@rapport/adapters/indexeddb';
import { createCrm, type Crm, type Interaction } from '@rapport/core';
import { RapportInteractionLogEvent } from '../events/rapport-interaction-log-event.js';
import { RapportTaskCompleteEvent } from '../events/rapport-task-complete-event.js';
import { hostileStrings, somethingRan } from '../internal/hostile-strings.test-support.js';
import type { RapportActivityTimeline } from './activity-timeline.js';
import {
  controllableStorage,
  entries,
  headings,
  hoursAgo,
  loaded,
  nodeCount,
  putEntries,
  root,
  settle,
  testNow,
  text,
  waitUntil,
  workspace,
} from './activity-timeline.test-support.js';
import './define.js';

/** The element on a workspace, in UTC, at the tests' "now". */
async function timeline(crm: Crm | undefined, contactId: string | undefined, extra: Partial<RapportActivityTimeline> = {}): Promise<RapportActivityTimeline> {
  const el = await fixture<RapportActivityTimeline>(
    html`<rapport-activity-timeline .crm=${crm} contact-id=${contactId ?? ''} time-zone="UTC" locale="en-US" .now=${testNow}></rapport-activity-timeline>`,
  );
  Object.assign(el, extra);
  await el.updateComplete;
  return el;
}

function status(el: RapportActivityTimeline): string {
  return text(root(el).querySelector('.status'));
}

function liveRegion(el: RapportActivityTimeline): string {
  return text(root(el).querySelector('[role="status"]'));
}

function field<T extends HTMLElement = HTMLInputElement>(el: RapportActivityTimeline, name: string): T {
  const found = root(el).querySelector<T>(`form [name="${name}"]`);
  if (!found) throw new Error(`no composer field ${name}`);
  return found;
}

/** Types into a composer field as a user would (sets the value and fires input). */
async function fill(el: RapportActivityTimeline, name: string, value: string): Promise<void> {
  const input = field<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(el, name);
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

function submitButton(el: RapportActivityTimeline): HTMLButtonElement {
  return root(el).querySelector<HTMLButtonElement>('form button[type="submit"]') as HTMLButtonElement;
}

async function allEntries(crm: Crm, contactId: string): Promise<Interaction[]> {
  return (await crm.interactions.list({ contactId, limit: 1000 })).items;
}

/** Three days of entries around the tests' now, in UTC. */
async function threeDays(crm: Crm, contactId: string): Promise<Interaction[]> {
  return putEntries(crm, [
    { type: 'note', contactId, body: 'Asked about pricing', occurredAt: hoursAgo(2), ownerId: 'user-ada' },
    { type: 'call', contactId, direction: 'outbound', durationSec: 300, outcome: 'connected', occurredAt: hoursAgo(3), ownerId: 'user-ben' },
    { type: 'email', contactId, direction: 'inbound', subject: 'Re: quote', occurredAt: hoursAgo(20) },
    { type: 'task', contactId, subject: 'Send the quote', dueAt: hoursAgo(1), assigneeId: 'user-ada', occurredAt: hoursAgo(30) },
    { type: 'meeting', contactId, subject: 'Demo', durationSec: 3600, occurredAt: hoursAgo(60) },
  ]);
}

describe('<rapport-activity-timeline>', () => {
  // The virtualizer resizes its list inside a ResizeObserver callback, so Chromium reports the
  // benign "ResizeObserver loop completed with undelivered notifications" to window.onerror,
  // which mocha would count as a failure. The Lit team ships this helper for that case.
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

  afterEach(() => {
    expect(somethingRan(), 'no hostile payload ran').to.equal(false);
  });

  describe('accessibility (axe)', () => {
    it('is accessible with nothing to show (no crm, no id)', async () => {
      const el = await timeline(undefined, undefined);
      expect(status(el)).to.equal('Choose a contact, company or deal to see its activity.');
      await expect(el).to.be.accessible();
    });

    it('is accessible while loading', async () => {
      const storage = controllableStorage();
      const { crm, contactId } = await workspace(storage);
      storage.delayMs = 3000;
      const el = await timeline(crm, contactId);
      expect(status(el)).to.equal('Loading activity…');
      await expect(el).to.be.accessible();
    });

    it('is accessible when empty, and the composer is still there', async () => {
      const { crm, contactId } = await workspace();
      const el = await timeline(crm, contactId);
      await waitUntil(() => status(el) === 'No activity yet.', 'empty state');
      expect(root(el).querySelector('[part="composer"]')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('is accessible in the error state, and retry loads the timeline', async () => {
      const storage = controllableStorage();
      const { crm, contactId } = await workspace(storage);
      await threeDays(crm, contactId);
      storage.failing = true;
      const el = await timeline(crm, contactId);
      await waitUntil(() => status(el).startsWith('The activity could not be loaded.'), 'error state');
      await waitUntil(() => liveRegion(el) === 'The activity could not be loaded.', 'error announced');
      await expect(el).to.be.accessible();
      storage.failing = false;
      root(el).querySelector<HTMLButtonElement>('.status button')?.click();
      await loaded(el, 5);
    });

    it('is accessible with entries, with a validation error in the composer, and while completing a task', async () => {
      const storage = controllableStorage();
      const { crm, contactId } = await workspace(storage);
      await threeDays(crm, contactId);
      const el = await timeline(crm, contactId);
      await loaded(el, 5);
      await expect(el).to.be.accessible();

      submitButton(el).click(); // an empty note
      await waitUntil(() => field(el, 'body').getAttribute('aria-invalid') === 'true', 'error shown');
      await expect(el).to.be.accessible();

      storage.delayMs = 300;
      root(el).querySelector<HTMLButtonElement>('[part="complete-button"]')?.click();
      await el.updateComplete;
      expect(root(el).querySelector('[part="complete-button"]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('is accessible with the type filter narrowed and in a dark theme', async () => {
      const { crm, contactId } = await workspace();
      await threeDays(crm, contactId);
      const el = await timeline(crm, contactId, { types: ['call'], theme: 'dark' });
      await loaded(el, 1);
      await expect(el).to.be.accessible();
    });
  });

  describe('attributes and properties', () => {
    it('shows the contact’s entries newest first, grouped by day under hand-checked headings', async () => {
      const { crm, contactId } = await workspace();
      await threeDays(crm, contactId);
      const el = await timeline(crm, contactId);
      await loaded(el, 5);
      // Now is Monday 1 June 2026, 12:00 UTC: 10:00 and 09:00 are today, 16:00 and 06:00 on
      // 31 May yesterday, midnight on 30 May the day before.
      expect(headings(el)).to.deep.equal(['Today', 'Yesterday', 'Saturday, May 30, 2026']);
      expect(entries(el).map((e) => e.dataset.type)).to.deep.equal(['note', 'call', 'email', 'task', 'meeting']);
      const [note, call, email, task, meeting] = entries(el).map(text);
      expect(note).to.equal('Note 10:00 AM by user-ada Asked about pricing');
      expect(call).to.equal('Call 9:00 AM by user-ben Outbound · 5 minutes · Outcome: connected');
      expect(email).to.equal('Email 4:00 PM Re: quote Inbound');
      expect(task).to.contain('Send the quote').and.contain('Due Jun 1, 2026, 11:00 AM').and.contain('Overdue').and.contain('Assigned to user-ada');
      expect(meeting).to.equal('Meeting 12:00 AM Demo 1 hour');
      expect(root(el).querySelector('time')?.getAttribute('datetime')).to.equal(hoursAgo(2));
    });

    it('takes company-id and deal-id, and shows stage changes with the pipeline’s stage names', async () => {
      const { crm, contactId, companyId } = await workspace();
      const pipeline = await crm.pipelines.create({
        name: 'Sales',
        currency: 'EUR',
        stages: [
          { name: 'Qualified', kind: 'open', probability: 0.2 },
          { name: 'Proposal', kind: 'open', probability: 0.6 },
          { name: 'Won', kind: 'won', probability: 1 },
          { name: 'Lost', kind: 'lost', probability: 0 },
        ],
      });
      const [qualified, proposal, , lost] = pipeline.stages;
      const deal = await crm.deals.create({ title: 'Acme pilot', pipelineId: pipeline.id, stageId: qualified!.id, contactIds: [contactId], companyId, amount: { minor: 100_000, currency: 'EUR' } });
      await crm.deals.move(deal.id, { stageId: proposal!.id });
      await crm.deals.move(deal.id, { stageId: lost!.id, lostReason: 'Budget' });

      const byDeal = await fixture<RapportActivityTimeline>(html`<rapport-activity-timeline .crm=${crm} deal-id=${deal.id} locale="en-US"></rapport-activity-timeline>`);
      await loaded(byDeal, 2);
      expect(entries(byDeal).map(text).map((t) => t.replace(/^Stage change \S+ \S+ /, ''))).to.deep.equal([
        'Moved from Proposal to Lost. Deal lost: Budget',
        'Moved from Qualified to Proposal.',
      ]);

      await crm.interactions.log({ type: 'note', companyId, body: 'About the company' });
      byDeal.remove(); // only rows in the window's viewport render: make room
      const byCompany = await fixture<RapportActivityTimeline>(html`<rapport-activity-timeline .crm=${crm} company-id=${companyId} locale="en-US"></rapport-activity-timeline>`);
      await loaded(byCompany, 3);
      expect(entries(byCompany).map((e) => e.dataset.type)).to.deep.equal(['note', 'stageChange', 'stageChange']);
    });

    it('filters by type through the `types` property and the checkboxes', async () => {
      const { crm, contactId } = await workspace();
      await threeDays(crm, contactId);
      const el = await timeline(crm, contactId, { types: ['call', 'meeting'] });
      await waitUntil(() => entries(el).length === 2, 'two entries');
      expect(entries(el).map((e) => e.dataset.type)).to.deep.equal(['call', 'meeting']);
      const boxes = [...root(el).querySelectorAll<HTMLInputElement>('[part="filter"] input[type="checkbox"]')];
      expect(boxes.filter((b) => b.checked).map((b) => b.value)).to.deep.equal(['call', 'meeting']);

      boxes.find((b) => b.value === 'task')?.click();
      await waitUntil(() => entries(el).length === 3, 'three entries');
      expect(el.types).to.deep.equal(['call', 'meeting', 'task']);
      expect(entries(el).map((e) => e.dataset.type)).to.deep.equal(['call', 'task', 'meeting']);

      for (const box of boxes) if (box.checked) box.click();
      await waitUntil(() => status(el) === 'Choose at least one kind of activity to show.', 'none chosen');
      el.types = undefined;
      await loaded(el, 5);
      expect(boxes.every((b) => b.checked)).to.equal(true);
      el.types = ['formSubmission'];
      await waitUntil(() => status(el) === 'No activity of the chosen kinds.', 'filtered empty');
    });

    it('keeps 5,000 entries to a bounded number of DOM rows and shows the oldest at the end of the scroll', async () => {
      const { crm, contactId } = await workspace();
      const count = 5000;
      await putEntries(
        crm,
        Array.from({ length: count }, (_, i) => ({ type: 'note' as const, contactId, body: `Note number ${count - i}`, occurredAt: new Date(testNow.getTime() - i * 600_000).toISOString() })),
      );
      const el = await timeline(crm, contactId);
      await loaded(el, 3);
      expect(root(el).querySelectorAll('[role="listitem"]').length).to.be.below(80);
      expect(text(entries(el)[0])).to.contain('Note number 5000');

      const scroller = root(el).querySelector<HTMLElement>('[part="list"]') as HTMLElement;
      await waitUntil(
        () => {
          scroller.scrollTop = scroller.scrollHeight;
          return text(root(el).querySelector('.end')) === 'No earlier activity.' && entries(el).some((e) => text(e).endsWith('Note number 1'));
        },
        'the oldest entry at the end',
        { timeout: 20_000 },
      );
      await settle(el);
      // Bounded: a few dozen rows and a few thousand nodes with 5,000 entries loaded (unvirtualized,
      // the entries alone would be about 100,000 nodes).
      expect(root(el).querySelectorAll('[role="listitem"]').length).to.be.below(80);
      expect(nodeCount(el)).to.be.below(3000);
      // No markers left behind by rows that scrolled out (lit/lit#5298): two per row, one for the list.
      const list = root(el).querySelector('.rows') as HTMLElement;
      const rows = list.querySelectorAll(':scope > [role="listitem"]').length;
      const comments = [...list.childNodes].filter((node) => node.nodeType === Node.COMMENT_NODE).length;
      expect(comments).to.equal(rows * 2 + 1);
      expect(text(entries(el).at(-1))).to.contain('Note number 1');
    });

    it('uses `strings`, `locale`, `people` and `readonly`', async () => {
      const { crm, contactId } = await workspace();
      await threeDays(crm, contactId);
      const el = await timeline(crm, contactId, {
        locale: 'de-DE',
        people: { 'user-ada': 'Ada Lovelace' },
        strings: { 'type.note': 'Notiz', owner: 'von {name}', complete: 'Erledigt' },
      });
      await loaded(el, 5);
      expect(headings(el)).to.deep.equal(['Heute', 'Gestern', 'Samstag, 30. Mai 2026']);
      expect(text(entries(el)[0])).to.equal('Notiz 10:00 von Ada Lovelace Asked about pricing');
      expect(text(root(el).querySelector('[part="complete-button"]'))).to.match(/^Erledigt/);

      el.readonly = true;
      await settle(el);
      expect(root(el).querySelector('[part="composer"]')).to.equal(null);
      expect(root(el).querySelector('[part="complete-button"]')).to.equal(null);
    });

    it('shows another contact’s timeline when contact-id changes', async () => {
      const { crm, contactId } = await workspace();
      const bob = await crm.contacts.create({ firstName: 'Bob' });
      await threeDays(crm, contactId);
      await crm.interactions.log({ type: 'note', contactId: bob.id, body: 'Bob’s only note' });
      const el = await timeline(crm, contactId);
      await loaded(el, 5);
      el.contactId = bob.id;
      await waitUntil(() => entries(el).length === 1 && text(entries(el)[0]).includes('Bob’s only note'), 'Bob’s timeline');
    });
  });

  describe('events', () => {
    it('logs a note through the composer, firing rapport-interaction-log first, then clears and announces', async () => {
      const { crm, contactId } = await workspace();
      const el = await timeline(crm, contactId, { ownerId: 'user-ada' });
      await waitUntil(() => status(el) === 'No activity yet.', 'empty');
      const seen: RapportInteractionLogEvent[] = [];
      el.addEventListener('rapport-interaction-log', (e) => seen.push(e));
      await fill(el, 'subject', 'Pricing');
      await fill(el, 'body', 'Wants a quote by Friday');
      submitButton(el).click();
      await waitUntil(() => liveRegion(el) === 'Note added.', 'announced');
      expect(seen).to.have.length(1);
      expect(seen[0]).to.be.instanceOf(RapportInteractionLogEvent);
      expect(seen[0]!.bubbles && seen[0]!.composed && seen[0]!.cancelable).to.equal(true);
      expect(seen[0]!.detail.input).to.deep.equal({ type: 'note', contactId, subject: 'Pricing', body: 'Wants a quote by Friday', ownerId: 'user-ada' });
      const [stored] = await allEntries(crm, contactId);
      expect(stored).to.include({ type: 'note', subject: 'Pricing', body: 'Wants a quote by Friday', ownerId: 'user-ada' });
      await loaded(el, 1);
      expect(text(entries(el)[0])).to.contain('Wants a quote by Friday');
      expect(field(el, 'body').value).to.equal('');
      expect(field(el, 'subject').value).to.equal('');
    });

    it('logs a call with direction, outcome and duration, and a task with its due time', async () => {
      const { crm, contactId } = await workspace();
      const el = await timeline(crm, contactId, { ownerId: 'user-ben' });
      await waitUntil(() => status(el) === 'No activity yet.', 'empty');
      await fill(el, 'type', 'call');
      expect(submitButton(el).textContent?.trim()).to.equal('Log call');
      await fill(el, 'direction', 'inbound');
      await fill(el, 'outcome', 'left voicemail');
      await fill(el, 'duration', '12');
      await fill(el, 'body', 'Called back about the contract');
      submitButton(el).click();
      await waitUntil(() => liveRegion(el) === 'Call logged.', 'call logged');
      const [call] = await allEntries(crm, contactId);
      expect(call).to.include({ type: 'call', direction: 'inbound', outcome: 'left voicemail', durationSec: 720, body: 'Called back about the contract', ownerId: 'user-ben' });

      await fill(el, 'type', 'task');
      expect(root(el).querySelector('[name="outcome"]')).to.equal(null);
      await fill(el, 'subject', 'Send contract');
      await fill(el, 'due', '2026-06-03T09:30');
      submitButton(el).click();
      await waitUntil(() => liveRegion(el) === 'Task added.', 'task added');
      const task = (await allEntries(crm, contactId)).find((i) => i.type === 'task');
      expect(task).to.include({ subject: 'Send contract', dueAt: new Date('2026-06-03T09:30').toISOString(), assigneeId: 'user-ben', ownerId: 'user-ben' });
    });

    it('does not log when rapport-interaction-log is prevented, and keeps what was typed', async () => {
      const { crm, contactId } = await workspace();
      const el = await timeline(crm, contactId);
      await waitUntil(() => status(el) === 'No activity yet.', 'empty');
      el.addEventListener('rapport-interaction-log', (e) => e.preventDefault());
      await fill(el, 'body', 'Not to be logged');
      submitButton(el).click();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await allEntries(crm, contactId)).to.have.length(0);
      expect(field(el, 'body').value).to.equal('Not to be logged');
    });

    it('shows a validation error at its field, tied with aria-describedby, and focuses it', async () => {
      const { crm, contactId } = await workspace();
      const el = await timeline(crm, contactId);
      await waitUntil(() => status(el) === 'No activity yet.', 'empty');
      await fill(el, 'type', 'call');
      await fill(el, 'duration', '-5'); // the store's schema refuses a negative duration
      submitButton(el).click();
      await waitUntil(() => field(el, 'duration').getAttribute('aria-invalid') === 'true', 'duration invalid');
      const duration = field(el, 'duration');
      const message = root(el).getElementById(duration.getAttribute('aria-describedby') as string);
      expect(text(message)).to.match(/>=\s*0|at least|too small/i);
      expect(root(el).activeElement).to.equal(duration);
      expect(await allEntries(crm, contactId)).to.have.length(0);

      await fill(el, 'type', 'note');
      submitButton(el).click(); // an empty note: the form's own check
      await waitUntil(() => field(el, 'body').getAttribute('aria-invalid') === 'true', 'body invalid');
      expect(text(root(el).getElementById('composer-body-error'))).to.equal('Write the note first.');
      expect(root(el).activeElement).to.equal(field(el, 'body'));
    });

    it('completes a task: rapport-task-complete first, shown done at once, then written', async () => {
      const storage = controllableStorage();
      const { crm, contactId } = await workspace(storage);
      const [, , , task] = await threeDays(crm, contactId);
      const el = await timeline(crm, contactId);
      await loaded(el, 5);
      const seen: RapportTaskCompleteEvent[] = [];
      el.addEventListener('rapport-task-complete', (e) => seen.push(e));
      storage.delayMs = 200; // the write takes a while
      const button = root(el).querySelector<HTMLButtonElement>('[part="complete-button"]') as HTMLButtonElement;
      button.focus();
      button.click();
      await el.updateComplete;
      // Optimistic: shown done before the write has committed.
      expect((await crm.interactions.get(task!.id)).completedAt).to.equal(undefined);
      expect(root(el).querySelector('[part="complete-button"]')).to.equal(null);
      expect(text(root(el).querySelector('.done'))).to.match(/^Done /);
      expect(text(entries(el)[3])).not.to.contain('Overdue');
      expect(root(el).activeElement?.classList.contains('done')).to.equal(true);
      await waitUntil(() => liveRegion(el) === 'Task completed: Send the quote.', 'announced');
      expect((await crm.interactions.get(task!.id)).completedAt).to.be.a('string');
      expect(seen).to.have.length(1);
      expect(seen[0]).to.be.instanceOf(RapportTaskCompleteEvent);
      expect(seen[0]!.detail.task.id).to.equal(task!.id);
      expect(seen[0]!.bubbles && seen[0]!.composed && seen[0]!.cancelable).to.equal(true);
      await settle(el);
      expect(root(el).querySelector('[part="complete-button"]')).to.equal(null);
    });

    it('leaves the task open when rapport-task-complete is prevented', async () => {
      const { crm, contactId } = await workspace();
      const [, , , task] = await threeDays(crm, contactId);
      const el = await timeline(crm, contactId);
      await loaded(el, 5);
      el.addEventListener('rapport-task-complete', (e) => e.preventDefault());
      root(el).querySelector<HTMLButtonElement>('[part="complete-button"]')?.click();
      await settle(el);
      expect(root(el).querySelector('[part="complete-button"]')).to.exist;
      expect((await crm.interactions.get(task!.id)).completedAt).to.equal(undefined);
    });

    it('puts the task back when completing fails, and says so', async () => {
      const storage = controllableStorage();
      const { crm, contactId } = await workspace(storage);
      const [, , , task] = await threeDays(crm, contactId);
      const el = await timeline(crm, contactId);
      await loaded(el, 5);
      storage.failing = true;
      storage.delayMs = 100;
      const button = root(el).querySelector<HTMLButtonElement>('[part="complete-button"]') as HTMLButtonElement;
      button.focus();
      button.click();
      await el.updateComplete;
      expect(root(el).querySelector('[part="complete-button"]')).to.equal(null);
      await waitUntil(() => liveRegion(el) === 'Could not complete the task Send the quote. It is still open.', 'failure announced');
      await settle(el);
      expect(root(el).querySelector('[part="complete-button"]')).to.exist;
      expect(root(el).activeElement?.getAttribute('data-complete')).to.equal(task!.id);
      storage.failing = false;
      expect((await crm.interactions.get(task!.id)).completedAt).to.equal(undefined);
    });

    it('fires nothing when code sets properties or writes through the crm', async () => {
      const { crm, contactId } = await workspace();
      const [, , , task] = await threeDays(crm, contactId);
      const fired: string[] = [];
      const el = await timeline(crm, contactId);
      el.addEventListener('rapport-interaction-log', (e) => fired.push(e.type));
      el.addEventListener('rapport-task-complete', (e) => fired.push(e.type));
      await loaded(el, 5);
      el.types = ['task'];
      el.locale = 'fr-FR';
      await crm.interactions.log({ type: 'note', contactId, body: 'Written by code' });
      await crm.interactions.complete(task!.id);
      await settle(el);
      expect(fired).to.deep.equal([]);
    });
  });

  describe('parts', () => {
    it('exposes composer, filter, list, day-heading, entry and complete-button', async () => {
      const { crm, contactId } = await workspace();
      await threeDays(crm, contactId);
      const el = await timeline(crm, contactId);
      await loaded(el, 5);
      for (const part of ['composer', 'filter', 'list', 'day-heading', 'entry', 'complete-button']) {
        expect(root(el).querySelector(`[part~="${part}"]`), part).to.exist;
      }
      expect(root(el).querySelector('[part="composer"]')?.tagName).to.equal('FORM');
      expect(root(el).querySelector('[part="filter"]')?.tagName).to.equal('FIELDSET');
      expect(root(el).querySelector('[part="complete-button"]')?.tagName).to.equal('BUTTON');
    });
  });

  describe('keyboard', () => {
    it('adds a task with Enter in the subject field', async () => {
      const { crm, contactId } = await workspace();
      const el = await timeline(crm, contactId);
      await waitUntil(() => status(el) === 'No activity yet.', 'empty');
      await fill(el, 'type', 'task');
      field(el, 'subject').focus();
      await sendKeys({ type: 'Call Ann back' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => liveRegion(el) === 'Task added.', 'task added');
      expect((await allEntries(crm, contactId))[0]).to.include({ type: 'task', subject: 'Call Ann back' });
    });

    it('toggles a filter with Space, scrolls the focused list with End, and completes a task with Enter', async () => {
      const { crm, contactId } = await workspace();
      await threeDays(crm, contactId);
      await putEntries(
        crm,
        Array.from({ length: 200 }, (_, i) => ({ type: 'note' as const, contactId, body: `Old note ${i}`, occurredAt: new Date(Date.parse('2026-01-01T00:00:00Z') - i * 3_600_000).toISOString() })),
      );
      const el = await timeline(crm, contactId);
      await loaded(el, 5);

      const scroller = root(el).querySelector<HTMLElement>('[part="list"]') as HTMLElement;
      scroller.focus();
      await sendKeys({ press: 'End' });
      await waitUntil(() => scroller.scrollTop > 1000, 'scrolled by keyboard');
      await sendKeys({ press: 'Home' });
      await waitUntil(() => scroller.scrollTop === 0, 'back to the top');
      await settle(el);

      const button = root(el).querySelector<HTMLButtonElement>('[part="complete-button"]') as HTMLButtonElement;
      button.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => liveRegion(el) === 'Task completed: Send the quote.', 'completed by keyboard');

      const meeting = root(el).querySelector<HTMLInputElement>('[part="filter"] input[value="meeting"]') as HTMLInputElement;
      meeting.focus();
      await sendKeys({ press: 'Space' });
      await waitUntil(() => el.types !== undefined && !el.types.includes('meeting'), 'meeting hidden');
      await settle(el);
      expect(entries(el).some((e) => e.dataset.type === 'meeting')).to.equal(false);
    });
  });

  describe('hostile text', () => {
    it('shows every hostile string as text, runs none, injects no element and makes no link', async () => {
      const { crm, contactId } = await workspace();
      const pipeline = await crm.pipelines.create({
        name: 'Hostile',
        currency: 'EUR',
        stages: [
          { name: hostileStrings[1] as string, kind: 'open', probability: 0.1 },
          { name: hostileStrings[3] as string, kind: 'open', probability: 0.5 },
          { name: 'Won', kind: 'won', probability: 1 },
        ],
      });
      const [from, to] = pipeline.stages;
      const records = hostileStrings.flatMap((h, i) => {
        const occurredAt = new Date(testNow.getTime() - i * 600_000).toISOString();
        return [
          { type: 'note' as const, contactId, subject: h, body: h, ownerId: h, occurredAt },
          { type: 'call' as const, contactId, direction: 'outbound' as const, outcome: h, ownerId: h, occurredAt },
          { type: 'task' as const, contactId, subject: h, assigneeId: h, dueAt: occurredAt, occurredAt },
          { type: 'formSubmission' as const, contactId, subject: h, data: { [h]: h }, occurredAt },
          {
            type: 'stageChange' as const,
            contactId,
            dealId: crypto.randomUUID(),
            stageChange: { fromStageId: from!.id, toStageId: to!.id, fromStatus: 'open' as const, toStatus: 'lost' as const, lostReason: h },
            occurredAt,
          },
        ];
      });
      await putEntries(crm, records);
      const el = await timeline(crm, contactId, { people: { [hostileStrings[0] as string]: hostileStrings[2] as string } });
      await loaded(el, 5);
      // Only the rows in view are in the DOM: scroll through, reading every entry and checking as we go.
      const scroller = root(el).querySelector<HTMLElement>('[part="list"]') as HTMLElement;
      const seen = new Map<string, string>();
      let injected = 0;
      await waitUntil(
        () => {
          for (const e of entries(el)) seen.set(e.dataset.id as string, e.textContent ?? '');
          injected += root(el).querySelectorAll('img, script, svg, iframe, style, object, embed, a, [href]').length;
          scroller.scrollTop += scroller.clientHeight / 2;
          return seen.size === records.length;
        },
        'every entry read',
        { timeout: 10_000 },
      );
      expect(injected).to.equal(0);
      const shown = [...seen.values()];
      for (const h of hostileStrings) {
        const literal = h.trim();
        expect(shown.filter((t) => t.includes(literal)).length, `shown literally: ${h}`).to.be.at.least(5);
      }
      expect(shown.some((t) => t.includes(hostileStrings[2] as string)), 'a person’s hostile name as text').to.equal(true);
      expect(root(el).querySelectorAll('img, script, svg, iframe, style, object, embed, a').length).to.equal(0);
      for (const link of root(el).querySelectorAll('[href]')) expect(link.getAttribute('href')).to.match(/^(https?:|mailto:|tel:)/);
      expect(somethingRan()).to.equal(false);

      // Typed into the composer, logged, and shown back as text.
      await fill(el, 'subject', hostileStrings[4] as string);
      await fill(el, 'body', hostileStrings[9] as string);
      submitButton(el).click();
      await waitUntil(() => liveRegion(el) === 'Note added.', 'logged');
      const [loggedEntry] = await allEntries(crm, contactId);
      expect(loggedEntry).to.include({ subject: hostileStrings[4], body: hostileStrings[9] });
      // Logging scrolls the list back to the top, where the new entry is.
      await waitUntil(() => entries(el).some((e) => e.dataset.id === loggedEntry!.id), 'the logged note');
      const logged = entries(el).find((e) => e.dataset.id === loggedEntry!.id);
      expect(logged?.querySelector('.subject')?.textContent).to.equal(hostileStrings[4]);
      expect(logged?.querySelector('.body')?.textContent).to.equal(hostileStrings[9]);
      expect(root(el).querySelectorAll('img, script, svg, iframe, style, object, embed, a').length).to.equal(0);
    });
  });

  describe('live updates', () => {
    let adapters: IndexedDbAdapter[] = [];
    afterEach(async () => {
      const [first, ...others] = adapters;
      for (const adapter of others) await adapter.close?.();
      await first?.deleteDatabase();
      adapters = [];
    });

    it('shows a write from a second Crm on the same IndexedDB database (another tab) without a reload', async () => {
      const databaseName = `timeline-live-${crypto.randomUUID()}`;
      const tabA = indexedDbAdapter({ databaseName });
      const tabB = indexedDbAdapter({ databaseName });
      adapters = [tabA, tabB];
      const { crm, contactId } = await workspace(tabA);
      const other = createCrm({ storage: tabB });
      const task = await other.interactions.log({ type: 'task', contactId, subject: 'Prepare the demo', dueAt: hoursAgo(-24), occurredAt: hoursAgo(5) });
      const el = await timeline(crm, contactId);
      await loaded(el, 1);

      const note = await other.interactions.log({ type: 'note', contactId, body: 'Written in the other tab', occurredAt: testNow });
      await waitUntil(() => entries(el).some((e) => text(e).includes('Written in the other tab')), 'the other tab’s note');
      expect(entries(el).map((e) => e.dataset.id)).to.deep.equal([note.id, task.id]);

      await other.interactions.complete(task.id);
      await waitUntil(() => root(el).querySelector('[part="complete-button"]') === null, 'completed in the other tab');
      expect(text(entries(el)[1])).to.match(/Done /);

      await other.interactions.delete(note.id);
      await waitUntil(() => entries(el).length === 1, 'deleted in the other tab');

      // Another contact's entry does not show.
      const bob = await other.contacts.create({ firstName: 'Bob' });
      await other.interactions.log({ type: 'note', contactId: bob.id, body: 'Not Ann’s' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await settle(el);
      expect(entries(el).map((e) => e.dataset.id)).to.deep.equal([task.id]);
    });
  });
});
