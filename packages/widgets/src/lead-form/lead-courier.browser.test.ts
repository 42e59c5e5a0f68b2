import { expect } from '@open-wc/testing';
import { flushOutbox, type Send } from './lead-courier.js';
import { LeadOutbox } from './lead-outbox.js';

describe('flushOutbox with Web Locks', () => {
  it('skips the pass while another tab holds the destination’s lock, and sends once it is free', async () => {
    const destination = `locks-test-${crypto.randomUUID()}`;
    const now = Date.UTC(2026, 4, 1);
    const outbox = new LeadOutbox({ storage: null, now: () => now });
    outbox.add({ id: 'lead-1', destination, body: '{}' });
    const sent: string[] = [];
    const send: Send = async (entry) => {
      sent.push(entry.id);
      return { kind: 'delivered', result: { contactId: 'c', created: true, interactionId: 'i', replayed: false } };
    };

    // Locks are per origin: one held here is one another tab of the site holds.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      void navigator.locks.request(`rapport-lead-outbox:${destination}`, () => new Promise<void>((done) => ((release = done), resolve())));
    });
    await held;
    const next = await flushOutbox(outbox, destination, send, () => {});
    expect(sent).to.deep.equal([]);
    expect(next).to.be.at.least(now + 1000);
    expect(outbox.pending(destination).map((e) => e.attempts)).to.deep.equal([0]);

    release();
    await navigator.locks.request(`rapport-lead-outbox:${destination}`, async () => {});
    expect(await flushOutbox(outbox, destination, send, () => {})).to.equal(undefined);
    expect(sent).to.deep.equal(['lead-1']);
  });

  it('holds the lock while it sends', async () => {
    const destination = `locks-test-${crypto.randomUUID()}`;
    const outbox = new LeadOutbox({ storage: null });
    outbox.add({ id: 'lead-1', destination, body: '{}' });
    let heldDuringSend: string[] = [];
    await flushOutbox(
      outbox,
      destination,
      async () => {
        heldDuringSend = ((await navigator.locks.query()).held ?? []).map((lock) => lock.name ?? '');
        return { kind: 'refused', problem: { status: 422, code: 'validation', title: 'Refused', issues: [] } };
      },
      () => {},
    );
    expect(heldDuringSend).to.include(`rapport-lead-outbox:${destination}`);
    expect(((await navigator.locks.query()).held ?? []).map((lock) => lock.name)).not.to.include(`rapport-lead-outbox:${destination}`);
  });
});
