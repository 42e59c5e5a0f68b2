import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { createCrm, memoryAdapter } from '@rapport/core';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { controllableStorage } from '../contact-card/controllable-storage.test-support.js';
import type { RapportDealMoveEvent } from '../events/rapport-deal-move-event.js';
import type { RapportDealMovedEvent } from '../events/rapport-deal-moved-event.js';
import { hostileStrings, somethingRan } from '../internal/hostile-strings.test-support.js';
import type { RapportPipelineBoard } from './pipeline-board.js';
import { announced, boardOf, boardShown, cardRow, centre, focused, lists, part, shadow, stored, text, titleOf, titles, workspace } from './pipeline-board.test-support.js';

async function focusCard(el: RapportPipelineBoard, title: string): Promise<void> {
  (cardRow(el, title) as HTMLElement).focus();
  await el.updateComplete;
}

/** Drags with the real mouse, in steps, from one point to another. */
async function drag(from: [number, number], to: [number, number], steps = 8): Promise<void> {
  await sendMouse({ type: 'move', position: from });
  await sendMouse({ type: 'down' });
  for (let i = 1; i <= steps; i++) {
    await sendMouse({ type: 'move', position: [Math.round(from[0] + ((to[0] - from[0]) * i) / steps), Math.round(from[1] + ((to[1] - from[1]) * i) / steps)] });
  }
}

const dialog = (el: RapportPipelineBoard) => shadow(el).querySelector('dialog') as HTMLDialogElement;

describe('<rapport-pipeline-board> moves', () => {
  afterEach(async () => {
    await sendMouse({ type: 'up' }).catch(() => undefined);
    delete (window as { __rapportPwned?: unknown }).__rapportPwned;
  });

  it('a card dragged with the real mouse lands at the slot under the pointer in another column, with a drop line meanwhile, and is stored', async () => {
    const { crm, pipeline, stages, deals } = await workspace();
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    const target = lists(el)[1] as HTMLElement;
    const top = target.getBoundingClientRect();
    // Slot 0 of Qualified: just inside the top of its list, above Umbrella audit's middle.
    await drag(centre(cardRow(el, 'Initech seats') as HTMLElement), [Math.round(top.left + top.width / 2), Math.round(top.top + 10)]);
    await el.updateComplete;
    const indicator = shadow(el).querySelector('[part="drop-indicator"]') as HTMLElement;
    expect(indicator, 'drop line shown').to.not.equal(null);
    expect(target.parentElement?.contains(indicator)).to.equal(true);
    expect(indicator.style.getPropertyValue('--_slot')).to.equal('0');
    expect((shadow(el).querySelector('.ghost') as HTMLElement).matches(':popover-open')).to.equal(true);
    await expect(el).to.be.accessible();
    const moved = oneEvent(el, 'rapport-deal-moved') as Promise<RapportDealMovedEvent>;
    const move = oneEvent(el, 'rapport-deal-move') as Promise<RapportDealMoveEvent>;
    await sendMouse({ type: 'up' });
    const detail = (await move).detail;
    expect([detail.from, detail.to, detail.after, detail.before]).to.deep.equal([{ stageId: stages[0], index: 2 }, { stageId: stages[1], index: 0 }, undefined, deals[3]!.id]);
    await moved;
    expect(titles(el, 1)).to.deep.equal(['Initech seats', 'Umbrella audit']);
    const deal = await stored(crm, deals[2]!.id);
    expect(deal.stageId).to.equal(stages[1]);
    expect(deal.position < deals[3]!.position).to.equal(true);
    expect(shadow(el).querySelector('[part="drop-indicator"]')).to.equal(null);
  });

  it('a mouse drag within a column reorders it; released over no column, the card stays and nothing is written', async () => {
    const { crm, pipeline, deals } = await workspace();
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    let selects = 0;
    el.addEventListener('rapport-deal-select', () => selects++);
    const initech = cardRow(el, 'Initech seats') as HTMLElement;
    const box = initech.getBoundingClientRect();
    // From the last card up to the boundary between the first and second: slot 1.
    const acme = (cardRow(el, 'Acme renewal') as HTMLElement).getBoundingClientRect();
    await drag(centre(initech), [Math.round(box.left + box.width / 2), Math.round(acme.bottom + 2)]);
    const moved = oneEvent(el, 'rapport-deal-moved');
    await sendMouse({ type: 'up' });
    await moved;
    expect(titles(el, 0)).to.deep.equal(['Acme renewal', 'Initech seats', 'Globex pilot']);
    expect(selects, 'no select at the end of a drag').to.equal(0);

    const version = (await stored(crm, deals[1]!.id)).version;
    await drag(centre(cardRow(el, 'Globex pilot') as HTMLElement), [5, 5]);
    await sendMouse({ type: 'up' });
    await el.updateComplete;
    expect(titles(el, 0)).to.deep.equal(['Acme renewal', 'Initech seats', 'Globex pilot']);
    expect((await stored(crm, deals[1]!.id)).version).to.equal(version);
    expect(announced(el)).to.equal('Move cancelled. Globex pilot is back in Lead, position 3 of 3.');
  });

  it('only the moved deal is written: its neighbours keep their versions; one neighbour is sent', async () => {
    const { crm, pipeline, deals } = await workspace();
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    const before = await Promise.all(deals.map((d) => stored(crm, d.id)));
    await focusCard(el, 'Initech seats');
    const move = oneEvent(el, 'rapport-deal-move') as Promise<RapportDealMoveEvent>;
    const moved = oneEvent(el, 'rapport-deal-moved');
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'Space' });
    const detail = (await move).detail;
    expect([detail.after, detail.before]).to.deep.equal([deals[0]!.id, undefined]);
    await moved;
    const after = await Promise.all(deals.map((d) => stored(crm, d.id)));
    expect(after.map((d) => d.version)).to.deep.equal(before.map((d, i) => d.version + (i === 2 ? 1 : 0)));
    expect(after.map((d) => d.position).filter((_, i) => i !== 2)).to.deep.equal(before.map((d) => d.position).filter((_, i) => i !== 2));
    expect(titles(el, 0)).to.deep.equal(['Acme renewal', 'Initech seats', 'Globex pilot']);
  });

  it('with a filter on, a card dropped at the top is placed before the first visible card (one neighbour keeps the meaning)', async () => {
    const { crm, pipeline, deals } = await workspace();
    const el = await boardOf(crm, pipeline.id);
    el.owner = 'ada';
    await boardShown(el);
    expect(titles(el, 0)).to.deep.equal(['Acme renewal', 'Initech seats']);
    await focusCard(el, 'Initech seats');
    const move = oneEvent(el, 'rapport-deal-move') as Promise<RapportDealMoveEvent>;
    const moved = oneEvent(el, 'rapport-deal-moved');
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'Space' });
    expect([(await move).detail.after, (await move).detail.before]).to.deep.equal([undefined, deals[0]!.id]);
    await moved;
    el.owner = '';
    await el.updateComplete;
    expect(titles(el, 0)).to.deep.equal(['Initech seats', 'Acme renewal', 'Globex pilot']);
  });

  it('a move shows at once, before the write is done', async () => {
    const inner = memoryAdapter();
    let open: () => void = () => undefined;
    let gate: Promise<void> | undefined;
    // A store whose writes wait for the test.
    const slow = { ...inner, name: 'slow', collection: inner.collection.bind(inner), changes: inner.changes.bind(inner), transaction: (async (names, fn) => { await gate; return inner.transaction(names, fn); }) as typeof inner.transaction };
    const { crm, pipeline, deals, stages } = await workspace(slow);
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    gate = new Promise((resolve) => (open = resolve));
    await focusCard(el, 'Acme renewal');
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(titles(el, 1)).to.deep.equal(['Acme renewal', 'Umbrella audit']);
    expect((await stored(crm, deals[0]!.id)).stageId).to.equal(stages[0]);
    // Picking it up again while the write is under way is refused, and said.
    await sendKeys({ press: 'Space' });
    expect(announced(el)).to.equal('Acme renewal is still being saved.');
    const moved = oneEvent(el, 'rapport-deal-moved');
    open();
    await moved;
    expect((await stored(crm, deals[0]!.id)).stageId).to.equal(stages[1]);
    expect(titles(el, 1)).to.deep.equal(['Acme renewal', 'Umbrella audit']);
  });

  it('a listener that prevents rapport-deal-move: the card goes back, it is announced, nothing is written', async () => {
    const { crm, pipeline, deals } = await workspace();
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    el.addEventListener('rapport-deal-move', (e) => e.preventDefault());
    let moved = 0;
    el.addEventListener('rapport-deal-moved', () => moved++);
    await focusCard(el, 'Acme renewal');
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(titles(el, 0)).to.deep.equal(['Acme renewal', 'Globex pilot', 'Initech seats']);
    expect(titles(el, 1)).to.deep.equal(['Umbrella audit']);
    expect(announced(el)).to.equal('The move of Acme renewal was not allowed. It is back in Lead.');
    expect(titleOf(focused(el) as Element)).to.equal('Acme renewal');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(moved).to.equal(0);
    expect((await stored(crm, deals[0]!.id)).version).to.equal(deals[0]!.version);
  });

  it('a write the store rejects puts the card back, shows why (alert with Dismiss, and announced), focus stays on the card', async () => {
    const control = controllableStorage(memoryAdapter());
    const { crm, pipeline, deals } = await workspace(control.storage);
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    control.failWrites = true;
    await focusCard(el, 'Acme renewal');
    const move = oneEvent(el, 'rapport-deal-move');
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Space' });
    await move;
    await waitUntil(() => part(el, 'alert') !== null, 'the failure is shown');
    const message = 'Could not move Acme renewal: the change could not be saved. It is back in Lead.';
    expect(text(part(el, 'alert')?.querySelector('p'))).to.equal(message);
    expect(announced(el)).to.equal(message);
    expect(titles(el, 0)).to.deep.equal(['Acme renewal', 'Globex pilot', 'Initech seats']);
    expect(titles(el, 1)).to.deep.equal(['Umbrella audit']);
    await waitUntil(() => titleOf(focused(el) as Element) === 'Acme renewal', 'focus stays on the card');
    await expect(el).to.be.accessible();
    control.failWrites = false;
    expect((await stored(crm, deals[0]!.id)).version).to.equal(deals[0]!.version);
    (part(el, 'alert')?.querySelector('button') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(part(el, 'alert')).to.equal(null);
  });

  it('a real conflict (the deal changed through a second Crm while the card was held) puts the card back and says so', async () => {
    const storage = memoryAdapter();
    const { crm, pipeline, deals } = await workspace(storage);
    const other = createCrm({ storage });
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    await focusCard(el, 'Acme renewal');
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowRight' });
    // Another user renames the deal meanwhile; the board holds the change until the drop.
    await other.deals.update(deals[0]!.id, { title: 'Acme renewal (3 years)' });
    await sendKeys({ press: 'Space' });
    await waitUntil(() => part(el, 'alert') !== null, 'the conflict is shown');
    expect(text(part(el, 'alert')?.querySelector('p'))).to.equal('Could not move Acme renewal: someone else changed this deal meanwhile. It is back in Lead.');
    await waitUntil(() => titles(el, 0)[0] === 'Acme renewal (3 years)', 'the card is back, as now stored');
    expect(titles(el, 1)).to.deep.equal(['Umbrella audit']);
    await waitUntil(() => titleOf(focused(el) as Element) === 'Acme renewal (3 years)', 'focus stays on the card');
    const deal = await stored(crm, deals[0]!.id);
    expect([deal.stageId, deal.version]).to.deep.equal([deals[0]!.stageId, deals[0]!.version + 1]);
  });

  it('dropping on Lost asks for a reason: empty is refused at the field, Cancel puts the card back, a reason stores it lost', async () => {
    const { crm, pipeline, deals, lost } = await workspace();
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    const dropOnLost = async () => {
      await focusCard(el, 'Globex pilot');
      await sendKeys({ press: 'Space' });
      for (let i = 0; i < 4; i++) await sendKeys({ press: 'ArrowRight' });
      expect(announced(el)).to.equal('Globex pilot: over Lost. Space drops it there.');
      await sendKeys({ press: 'Space' });
      await waitUntil(() => dialog(el).open, 'the dialog opens');
    };
    await dropOnLost();
    expect(text(dialog(el).querySelector('h2'))).to.equal('Why was “Globex pilot” lost?');
    const input = dialog(el).querySelector('input') as HTMLInputElement;
    expect(shadow(el).activeElement).to.equal(input);
    await expect(el).to.be.accessible();
    // Empty: the error is at the field.
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(text(shadow(el).getElementById(input.getAttribute('aria-describedby') as string))).to.equal('Give a reason for losing this deal.');
    expect(dialog(el).open).to.equal(true);
    await expect(el).to.be.accessible();
    // Cancel.
    (dialog(el).querySelector('button[type="button"]') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(dialog(el).open).to.equal(false);
    expect(announced(el)).to.equal('Not marked lost. Globex pilot is back in Lead.');
    expect(titles(el, 0)).to.deep.equal(['Acme renewal', 'Globex pilot', 'Initech seats']);
    await waitUntil(() => titleOf(focused(el) as Element) === 'Globex pilot');
    expect((await stored(crm, deals[1]!.id)).version).to.equal(deals[1]!.version);
    // Escape cancels too.
    await dropOnLost();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(dialog(el).open).to.equal(false);
    expect(titles(el, 0)).to.include('Globex pilot');
    // A reason (hostile text stays text).
    await dropOnLost();
    const reason = hostileStrings[1] as string;
    await sendKeys({ type: reason });
    const move = oneEvent(el, 'rapport-deal-move') as Promise<RapportDealMoveEvent>;
    const moved = oneEvent(el, 'rapport-deal-moved');
    await sendKeys({ press: 'Enter' });
    expect((await move).detail.lostReason).to.equal(reason);
    await moved;
    const deal = await stored(crm, deals[1]!.id);
    expect([deal.status, deal.stageId, deal.lostReason]).to.deep.equal(['lost', lost, reason]);
    expect(titles(el, 0)).to.deep.equal(['Acme renewal', 'Initech seats']);
    expect(announced(el)).to.equal('Globex pilot marked lost.');
    expect(somethingRan()).to.equal(false);
  });

  it('a drop on the Won target with the mouse wins the deal', async () => {
    const { crm, pipeline, deals } = await workspace();
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    el.style.setProperty('--rapport-pipeline-board-height', '200px');
    await el.updateComplete;
    const won = shadow(el).querySelector('.target.won') as HTMLElement;
    await drag(centre(cardRow(el, 'Umbrella audit') as HTMLElement), centre(won));
    await el.updateComplete;
    expect(won.hasAttribute('data-over')).to.equal(true);
    const moved = oneEvent(el, 'rapport-deal-moved') as Promise<RapportDealMovedEvent>;
    await sendMouse({ type: 'up' });
    expect((await moved).detail.deal.status).to.equal('won');
    expect(titles(el, 1)).to.deep.equal([]);
    expect((await stored(crm, deals[3]!.id)).status).to.equal('won');
  });
});
