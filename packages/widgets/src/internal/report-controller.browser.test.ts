import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createCrm, memoryAdapter, type Crm } from '@rapport/core';
import { LitElement, html as litHtml } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from './define-element.js';
import { ReportController } from './report-controller.js';
import type { LoadState } from './watch-controller.js';

/** A call of the run function: its parameters and signal, and how to answer it. */
interface Call {
  readonly params: string;
  readonly signal: AbortSignal;
  resolve(value: number): void;
  reject(error: unknown): void;
}

/** A host whose report is a function the test answers by hand. */
class ReportTestElement extends LitElement {
  @property({ attribute: false }) accessor crm: Crm | undefined = undefined;
  @property() accessor params: string | undefined = undefined;
  readonly calls: Call[] = [];
  readonly seen: LoadState[] = [];
  readonly report = new ReportController<number>(this, {
    request: () => ({ crm: this.crm, params: this.params, collections: ['deals'] }),
    run: (_crm, signal) =>
      new Promise<number>((resolve, reject) => {
        this.calls.push({ params: this.params as string, signal, resolve, reject });
      }),
    isEmpty: (result) => result === 0,
    debounceMs: 30,
  });

  protected override updated(): void {
    if (this.seen.at(-1) !== this.report.state) this.seen.push(this.report.state);
  }

  override render() {
    return litHtml`<p>${this.report.state}: ${this.report.result ?? ''}</p>`;
  }
}
defineElement('report-test-element', ReportTestElement);

declare global {
  interface HTMLElementTagNameMap {
    'report-test-element': ReportTestElement;
  }
}

const host = (crm: Crm | undefined, params: string | undefined) => fixture<ReportTestElement>(html`<report-test-element .crm=${crm} .params=${params}></report-test-element>`);
const shown = (el: ReportTestElement) => el.shadowRoot?.textContent ?? '';

describe('ReportController', () => {
  it('is initial without a workspace or parameters, and runs once both are there', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const el = await host(undefined, 'a');
    expect(el.report.state).to.equal('initial');
    el.crm = crm;
    el.params = undefined;
    await el.updateComplete;
    expect(el.report.state).to.equal('initial');
    expect(el.calls.length).to.equal(0);
    el.params = 'a';
    await el.updateComplete;
    expect(el.report.state).to.equal('loading');
    el.calls[0]?.resolve(3);
    await waitUntil(() => shown(el) === 'complete: 3');
    el.calls.length = 0;
    el.requestUpdate();
    await el.updateComplete;
    expect(el.calls.length, 'the same parameters do not run again').to.equal(0);
  });

  it('aborts a run the parameters replaced, and ignores its answer', async () => {
    const el = await host(createCrm({ storage: memoryAdapter() }), 'a');
    const first = el.calls[0] as Call;
    el.params = 'b';
    await el.updateComplete;
    expect(first.signal.aborted).to.equal(true);
    first.resolve(1);
    (el.calls[1] as Call).resolve(2);
    await waitUntil(() => shown(el) === 'complete: 2');
    expect(el.seen).to.deep.equal(['loading', 'complete']);
  });

  it('runs again after a change to a collection it reads, debounced, showing the old result meanwhile', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const el = await host(crm, 'a');
    (el.calls[0] as Call).resolve(1);
    await waitUntil(() => shown(el) === 'complete: 1');
    // Three writes in a row: one run after they go quiet.
    const pipeline = await crm.pipelines.create({ name: 'P', currency: 'EUR', stages: [{ name: 'One' }] });
    for (const title of ['x', 'y', 'z']) await crm.deals.create({ title, amount: { minor: 1, currency: 'EUR' }, pipelineId: pipeline.id });
    await waitUntil(() => el.calls.length === 2, 'no run after the changes');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(el.calls.length, 'one run for the burst').to.equal(2);
    expect(shown(el)).to.equal('complete: 1');
    (el.calls[1] as Call).resolve(0);
    await waitUntil(() => shown(el) === 'empty: 0');
    expect(el.seen).to.deep.equal(['loading', 'complete', 'empty']);
  });

  it('ignores changes to collections it does not read', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const el = await host(crm, 'a');
    (el.calls[0] as Call).resolve(1);
    await crm.contacts.create({ firstName: 'Ann' });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(el.calls.length).to.equal(1);
  });

  it('goes to error when a run fails, and retry runs again from loading', async () => {
    const el = await host(createCrm({ storage: memoryAdapter() }), 'a');
    (el.calls[0] as Call).reject(new Error('down'));
    await waitUntil(() => el.report.state === 'error');
    expect((el.report.error as Error).message).to.equal('down');
    el.report.retry();
    await el.updateComplete;
    expect(el.report.state).to.equal('loading');
    (el.calls[1] as Call).resolve(5);
    await waitUntil(() => shown(el) === 'complete: 5');
  });

  it('stops listening and aborts when the host leaves the document, and runs again when it comes back', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const el = await host(crm, 'a');
    const parent = el.parentElement as HTMLElement;
    el.remove();
    expect((el.calls[0] as Call).signal.aborted).to.equal(true);
    await crm.contacts.create({ firstName: 'Ann' });
    const pipeline = await crm.pipelines.create({ name: 'P', currency: 'EUR', stages: [{ name: 'One' }] });
    await crm.deals.create({ title: 'x', amount: { minor: 1, currency: 'EUR' }, pipelineId: pipeline.id });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(el.calls.length).to.equal(1);
    parent.append(el);
    await waitUntil(() => el.calls.length === 2, 'no run after reconnecting');
  });
});
