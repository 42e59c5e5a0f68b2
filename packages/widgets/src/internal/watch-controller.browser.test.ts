import { expect, fixture, html } from '@open-wc/testing';
import { createCrm, memoryAdapter, type Crm, type StorageAdapter, type WatchQuery } from '@rapport/core';
import { html as litHtml, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from './define-element.js';
import { RapportElement } from './rapport-element.js';
import { WatchController, type LoadState } from './watch-controller.js';

type ContactQuery = Extract<WatchQuery, { collection: 'contacts' }>;

/** A RapportElement that watches `query` and records every state it renders. */
class WatchTestElement extends RapportElement {
  /** The live query; none means nothing to show. */
  @property({ attribute: false }) accessor query: ContactQuery | undefined = undefined;

  /** Every state seen at an update, in order (repeats collapsed). */
  readonly seen: LoadState[] = [];
  /** Errors handed to `onError`, as the controller kept them. */
  readonly errors: unknown[] = [];

  protected readonly defaultStrings = {};
  readonly watch = new WatchController(this, () => ({ crm: this.workspace, query: this.query }));

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.seen.at(-1) !== this.watch.state) this.seen.push(this.watch.state);
    if (this.watch.state === 'error' && this.errors.at(-1) !== this.watch.error) this.errors.push(this.watch.error);
  }

  override render() {
    return litHtml`<p data-state=${this.watch.state}>${this.watch.items.map((c) => c.lastName).join(', ')}</p>`;
  }
}
defineElement('watch-test-element', WatchTestElement);

declare global {
  interface HTMLElementTagNameMap {
    'watch-test-element': WatchTestElement;
  }
}

/**
 * A memory adapter seen through a wrapper that counts the live `changes` listeners, can hold
 * every query until `release()`, and can make every query fail.
 */
function instrumentedStorage() {
  const inner = memoryAdapter();
  let listeners = 0;
  let gate: Promise<void> | undefined;
  let open: () => void = () => undefined;
  let failure: Error | undefined;
  const storage: StorageAdapter = {
    name: 'instrumented',
    transaction: (names, fn) => inner.transaction(names, fn),
    changes(listener) {
      listeners++;
      const stop = inner.changes(listener);
      let stopped = false;
      return () => {
        if (!stopped) listeners--;
        stopped = true;
        stop();
      };
    },
    collection(name) {
      const collection = inner.collection(name);
      return new Proxy(collection, {
        get(target, key) {
          if (key === 'query') {
            return async (...args: Parameters<typeof collection.query>) => {
              await gate;
              if (failure) throw failure;
              return target.query(...args);
            };
          }
          const value: unknown = Reflect.get(target, key);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
  return {
    storage,
    /** How many `changes` subscriptions are live. */
    get listeners() {
      return listeners;
    },
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      gate = undefined;
      open();
    },
    failWith(error: Error | undefined) {
      failure = error;
    },
  };
}

/** Waits (up to 2 s) until `el` shows `state`. */
async function stateOf(el: WatchTestElement, state: LoadState): Promise<void> {
  const start = performance.now();
  while (el.watch.state !== state || el.isUpdatePending) {
    if (performance.now() - start > 2000) throw new Error(`still ${el.watch.state} after 2 s, waiting for ${state}; seen ${el.seen.join(' → ')}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await el.updateComplete;
}

const everyone: ContactQuery = { collection: 'contacts', orderBy: { field: 'lastName' } };

async function withContacts(crm: Crm, ...lastNames: string[]): Promise<void> {
  for (const lastName of lastNames) await crm.contacts.create({ firstName: 'Test', lastName });
}

describe('WatchController', () => {
  it('stays initial without a crm or a query', async () => {
    const el = await fixture<WatchTestElement>(html`<watch-test-element .query=${everyone}></watch-test-element>`);
    expect(el.watch.state).to.equal('initial');
    el.query = undefined;
    el.crm = createCrm({ storage: memoryAdapter() });
    await el.updateComplete;
    expect(el.watch.state).to.equal('initial');
    expect(el.seen).to.deep.equal(['initial']);
  });

  it('goes initial → loading → complete, with the results', async () => {
    const store = instrumentedStorage();
    const crm = createCrm({ storage: store.storage });
    await withContacts(crm, 'Lee', 'Berg');
    const el = await fixture<WatchTestElement>(html`<watch-test-element></watch-test-element>`);
    store.hold();
    el.crm = crm;
    el.query = everyone;
    await el.updateComplete;
    expect(el.watch.state, 'held at loading while the query runs').to.equal('loading');
    store.release();
    await stateOf(el, 'complete');
    expect(el.seen).to.deep.equal(['initial', 'loading', 'complete']);
    expect(el.watch.items.map((c) => c.lastName)).to.deep.equal(['Berg', 'Lee']);
    expect(el.shadowRoot!.querySelector('p')!.textContent).to.equal('Berg, Lee');
  });

  it('goes initial → loading → empty when nothing matches, then complete when a record arrives', async () => {
    const store = instrumentedStorage();
    const crm = createCrm({ storage: store.storage });
    const el = await fixture<WatchTestElement>(html`<watch-test-element></watch-test-element>`);
    el.crm = crm;
    el.query = everyone;
    await stateOf(el, 'empty');
    expect(el.seen).to.deep.equal(['initial', 'loading', 'empty']);
    await withContacts(crm, 'Okafor');
    await stateOf(el, 'complete');
    expect(el.watch.items.map((c) => c.lastName)).to.deep.equal(['Okafor']);
  });

  it('goes to error with the reason when the query rejects, and back to complete on retry', async () => {
    const store = instrumentedStorage();
    const crm = createCrm({ storage: store.storage });
    await withContacts(crm, 'Lee');
    const failure = new Error('store unavailable');
    store.failWith(failure);
    const el = await fixture<WatchTestElement>(html`<watch-test-element .crm=${crm} .query=${everyone}></watch-test-element>`);
    await stateOf(el, 'error');
    expect(el.watch.error).to.equal(failure);
    expect(el.errors).to.deep.equal([failure]);
    expect(el.seen).to.deep.equal(['loading', 'error']);

    store.failWith(undefined);
    el.watch.retry();
    await stateOf(el, 'complete');
    expect(el.watch.error).to.equal(undefined);
    expect(el.watch.items.map((c) => c.lastName)).to.deep.equal(['Lee']);
    expect(store.listeners, 'the failed subscription was dropped on retry').to.equal(1);
  });

  it('goes to error when crm.watch itself throws (an invalid query)', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const bad = { collection: 'contacts', where: { noSuchField: 1 } } as unknown as ContactQuery;
    const el = await fixture<WatchTestElement>(html`<watch-test-element .crm=${crm} .query=${bad}></watch-test-element>`);
    await stateOf(el, 'error');
    expect((el.watch.error as Error).name).to.equal('ValidationError');
  });

  it('re-subscribes when the query changes, and not when an equal query is set', async () => {
    const store = instrumentedStorage();
    const crm = createCrm({ storage: store.storage });
    await withContacts(crm, 'Lee', 'Berg');
    const el = await fixture<WatchTestElement>(html`<watch-test-element .crm=${crm} .query=${everyone}></watch-test-element>`);
    await stateOf(el, 'complete');
    expect(el.shadowRoot!.querySelector('p')!.textContent).to.equal('Berg, Lee');

    el.query = { collection: 'contacts', where: { lastName: 'Lee' } };
    await el.updateComplete;
    await stateOf(el, 'complete');
    expect(el.watch.items.map((c) => c.lastName)).to.deep.equal(['Lee']);
    expect(store.listeners).to.equal(1);

    const seenBefore = el.seen.length;
    el.query = { collection: 'contacts', where: { lastName: 'Lee' } };
    await el.updateComplete;
    expect(el.watch.state, 'an equal query keeps the subscription').to.equal('complete');
    expect(el.seen.length).to.equal(seenBefore);
  });

  it('re-subscribes when the crm changes, and lets go of the old one', async () => {
    const first = instrumentedStorage();
    const second = instrumentedStorage();
    const crmA = createCrm({ storage: first.storage });
    const crmB = createCrm({ storage: second.storage });
    await withContacts(crmA, 'Aalto');
    await withContacts(crmB, 'Brandt');
    const el = await fixture<WatchTestElement>(html`<watch-test-element .crm=${crmA} .query=${everyone}></watch-test-element>`);
    await stateOf(el, 'complete');
    el.crm = crmB;
    await el.updateComplete;
    await stateOf(el, 'complete');
    expect(el.watch.items.map((c) => c.lastName)).to.deep.equal(['Brandt']);
    expect([first.listeners, second.listeners]).to.deep.equal([0, 1]);
  });

  it('unsubscribes when the element leaves the document, and subscribes again (with fresh data) when it returns', async () => {
    const store = instrumentedStorage();
    const crm = createCrm({ storage: store.storage });
    await withContacts(crm, 'Lee');
    const el = await fixture<WatchTestElement>(html`<watch-test-element .crm=${crm} .query=${everyone}></watch-test-element>`);
    await stateOf(el, 'complete');
    expect(store.listeners).to.equal(1);
    const parent = el.parentElement!;

    el.remove();
    expect(store.listeners, 'no change listener left after disconnect').to.equal(0);
    await withContacts(crm, 'Berg');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(el.watch.items.map((c) => c.lastName), 'a disconnected element hears nothing').to.deep.equal(['Lee']);

    parent.append(el);
    await el.updateComplete;
    expect(store.listeners).to.equal(1);
    await stateOf(el, 'complete');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(el.watch.items.map((c) => c.lastName)).to.deep.equal(['Berg', 'Lee']);

    await withContacts(crm, 'Okafor');
    const start = performance.now();
    while (el.watch.items.length < 3 && performance.now() - start < 2000) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(el.watch.items.map((c) => c.lastName), 'live again after reconnect').to.deep.equal(['Berg', 'Lee', 'Okafor']);
    el.remove();
    expect(store.listeners).to.equal(0);
  });

  it('follows a provider-less element whose crm is cleared back to initial, with no results left', async () => {
    const store = instrumentedStorage();
    const crm = createCrm({ storage: store.storage });
    await withContacts(crm, 'Lee');
    const el = await fixture<WatchTestElement>(html`<watch-test-element .crm=${crm} .query=${everyone}></watch-test-element>`);
    await stateOf(el, 'complete');
    el.crm = undefined;
    await el.updateComplete;
    expect(el.watch.state).to.equal('initial');
    expect(el.watch.items).to.deep.equal([]);
    expect(store.listeners).to.equal(0);
  });
});
