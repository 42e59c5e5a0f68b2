import { expect, fixture, html } from '@open-wc/testing';
import { createCrm, memoryAdapter, type Crm } from '@rapport/core';
import { html as litHtml } from 'lit';
import { defineElement } from '../internal/define-element.js';
import { RapportElement } from '../internal/rapport-element.js';
import './define.js';
import { RapportProvider } from './rapport-provider.js';

/** The smallest RapportElement: shows which workspace it uses, so a test can read it. */
class ProviderTestConsumer extends RapportElement {
  protected readonly defaultStrings = { none: 'No workspace' };

  /** The workspace in use, as the element sees it. */
  get usedCrm(): Crm | undefined {
    return this.workspace;
  }

  override render() {
    return litHtml`<p>${this.workspace ? this.workspace.storage.name : this.t('none')}</p>`;
  }
}
defineElement('provider-test-consumer', ProviderTestConsumer);

declare global {
  interface HTMLElementTagNameMap {
    'provider-test-consumer': ProviderTestConsumer;
  }
}

const names = new WeakMap<Crm, string>();
let made = 0;

/** A new workspace with a name, so that a failing assertion reads "expected 'crm 2'" instead of dumping a Crm. */
function newCrm(): Crm {
  const crm = createCrm({ storage: memoryAdapter() });
  names.set(crm, `crm ${++made}`);
  return crm;
}

/** The name of the workspace an element uses (`none` for none). */
const nameOf = (crm: Crm | undefined) => (crm ? (names.get(crm) ?? 'an unknown crm') : 'none');

describe('<rapport-provider>', () => {
  it('is accessible and lays out as its children (display: contents)', async () => {
    const el = await fixture<RapportProvider>(html`<rapport-provider><p>Inside</p></rapport-provider>`);
    await expect(el).to.be.accessible();
    expect(getComputedStyle(el).display).to.equal('contents');
    expect(el).to.be.instanceOf(RapportProvider);
  });

  it('hands its crm to a RapportElement inside it, also through a shadow root', async () => {
    const crm = newCrm();
    const provider = await fixture<RapportProvider>(html`<rapport-provider .crm=${crm}><div><provider-test-consumer></provider-test-consumer></div></rapport-provider>`);
    const consumer = provider.querySelector('provider-test-consumer')!;
    await consumer.updateComplete;
    expect(nameOf(consumer.usedCrm)).to.equal(nameOf(crm));
    expect(nameOf(consumer.crm), 'the property itself stays unset').to.equal('none');
    expect(consumer.shadowRoot!.textContent).to.equal('memory');

    // Nested in another element's shadow root: context events are composed.
    const host = document.createElement('div');
    provider.append(host);
    const nested = document.createElement('provider-test-consumer');
    host.attachShadow({ mode: 'open' }).append(nested);
    await nested.updateComplete;
    expect(nameOf(nested.usedCrm)).to.equal(nameOf(crm));
  });

  it('hands a new crm down when its crm is swapped, and none when it is cleared', async () => {
    const first = newCrm();
    const second = newCrm();
    const provider = await fixture<RapportProvider>(html`<rapport-provider .crm=${first}><provider-test-consumer></provider-test-consumer></rapport-provider>`);
    const consumer = provider.querySelector('provider-test-consumer')!;
    await consumer.updateComplete;
    expect(nameOf(consumer.usedCrm)).to.equal(nameOf(first));

    provider.crm = second;
    await provider.updateComplete;
    await consumer.updateComplete;
    expect(nameOf(consumer.usedCrm)).to.equal(nameOf(second));

    provider.crm = undefined;
    await provider.updateComplete;
    await consumer.updateComplete;
    expect(nameOf(consumer.usedCrm)).to.equal(nameOf(undefined));
    expect(consumer.shadowRoot!.textContent).to.equal('No workspace');
  });

  it("lets an element's own crm property win over the provider's, and falls back when it is cleared", async () => {
    const provided = newCrm();
    const own = newCrm();
    const provider = await fixture<RapportProvider>(html`<rapport-provider .crm=${provided}><provider-test-consumer .crm=${own}></provider-test-consumer></rapport-provider>`);
    const consumer = provider.querySelector('provider-test-consumer')!;
    await consumer.updateComplete;
    expect(nameOf(consumer.usedCrm)).to.equal(nameOf(own));

    provider.crm = newCrm();
    await provider.updateComplete;
    await consumer.updateComplete;
    expect(nameOf(consumer.usedCrm), 'a provider swap does not override the property').to.equal(nameOf(own));

    consumer.crm = undefined;
    await consumer.updateComplete;
    expect(nameOf(consumer.usedCrm)).to.equal(nameOf(provider.crm));
  });

  it('uses the nearest provider when providers nest', async () => {
    const outer = newCrm();
    const inner = newCrm();
    const el = await fixture<RapportProvider>(html`
      <rapport-provider .crm=${outer}>
        <provider-test-consumer id="outer"></provider-test-consumer>
        <rapport-provider .crm=${inner}><provider-test-consumer id="inner"></provider-test-consumer></rapport-provider>
      </rapport-provider>
    `);
    const [outerConsumer, innerConsumer] = ['#outer', '#inner'].map((s) => el.querySelector<ProviderTestConsumer>(s)!);
    await outerConsumer!.updateComplete;
    await innerConsumer!.updateComplete;
    expect(nameOf(outerConsumer!.usedCrm)).to.equal(nameOf(outer));
    expect(nameOf(innerConsumer!.usedCrm)).to.equal(nameOf(inner));
  });

  it('reaches an element that moves into it, and lets go of one that moves out', async () => {
    const crm = newCrm();
    const provider = await fixture<RapportProvider>(html`<rapport-provider .crm=${crm}></rapport-provider>`);
    const consumer = document.createElement('provider-test-consumer');
    document.body.append(consumer);
    await consumer.updateComplete;
    expect(nameOf(consumer.usedCrm)).to.equal(nameOf(undefined));

    provider.append(consumer);
    await consumer.updateComplete;
    expect(nameOf(consumer.usedCrm)).to.equal(nameOf(crm));

    document.body.append(consumer);
    await consumer.updateComplete;
    const other = newCrm();
    provider.crm = other;
    await provider.updateComplete;
    await consumer.updateComplete;
    expect(nameOf(consumer.usedCrm), 'no longer subscribed to the provider it left').to.not.equal(nameOf(other));
    consumer.remove();
  });

  it('reaches elements that were upgraded before the provider tag was defined (define.ts import order)', async () => {
    // A host page may import contact-card/define before provider/define, with the markup already
    // in the document: the elements then ask for a crm before any provider listens.
    const tag = 'late-rapport-provider';
    const crm = newCrm();
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    container.innerHTML = `<${tag}><provider-test-consumer></provider-test-consumer></${tag}>`;
    const lateProvider = container.firstElementChild as RapportProvider;
    const consumer = container.querySelector('provider-test-consumer')!;
    await consumer.updateComplete;
    expect(nameOf(consumer.usedCrm)).to.equal(nameOf(undefined));

    customElements.define(tag, class extends RapportProvider {});
    lateProvider.crm = crm;
    await lateProvider.updateComplete;
    await consumer.updateComplete;
    expect(nameOf(consumer.usedCrm)).to.equal(nameOf(crm));
  });
});
