import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { RapportDealSelectEvent } from '../events/rapport-deal-select-event.js';
import { announced, boardOf, boardShown, cardRow, focused, part, shadow, stored, titleOf, titles, workspace } from './pipeline-board.test-support.js';

/** Puts focus on the board's first card the way a user would: Tab from the search box. */
async function tabToCards(el: HTMLElement): Promise<void> {
  (el.shadowRoot?.querySelector('input[type="search"]') as HTMLInputElement).focus();
  await sendKeys({ press: 'Tab' });
}

describe('<rapport-pipeline-board> keyboard', () => {
  it('one Tab stop for the cards, then the card’s Move to… button; arrows, Home and End move focus across cards and columns', async () => {
    const { crm, pipeline } = await workspace();
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    await tabToCards(el);
    expect(titleOf(focused(el) as Element)).to.equal('Acme renewal');
    await sendKeys({ press: 'Tab' });
    expect((focused(el) as HTMLElement).getAttribute('part')).to.equal('move-button');
    await sendKeys({ press: 'Shift+Tab' });
    await sendKeys({ press: 'ArrowDown' });
    expect(titleOf(focused(el) as Element)).to.equal('Globex pilot');
    await sendKeys({ press: 'End' });
    expect(titleOf(focused(el) as Element)).to.equal('Initech seats');
    await sendKeys({ press: 'Home' });
    expect(titleOf(focused(el) as Element)).to.equal('Acme renewal');
    await sendKeys({ press: 'ArrowRight' });
    expect(titleOf(focused(el) as Element)).to.equal('Umbrella audit');
    // Proposal is empty: Right stays.
    await sendKeys({ press: 'ArrowRight' });
    expect(titleOf(focused(el) as Element)).to.equal('Umbrella audit');
    await sendKeys({ press: 'ArrowLeft' });
    expect(titleOf(focused(el) as Element)).to.equal('Acme renewal');
    // The tab stop followed focus.
    expect([...shadow(el).querySelectorAll('[role="listitem"][tabindex="0"]')].map(titleOf)).to.deep.equal(['Acme renewal']);
    // Instructions are tied to every card.
    const described = (focused(el) as HTMLElement).getAttribute('aria-describedby') as string;
    expect(shadow(el).getElementById(described)?.textContent).to.contain('Space picks the deal up');
  });

  it('Enter and a click fire rapport-deal-select with the deal; nothing fires on load', async () => {
    const { crm, pipeline, deals } = await workspace();
    const seen: string[] = [];
    const el = await boardOf(crm, pipeline.id);
    el.addEventListener('rapport-deal-select', (e) => seen.push(e.type));
    el.addEventListener('rapport-deal-move', (e) => seen.push(e.type));
    await boardShown(el);
    expect(seen).to.deep.equal([]);
    await tabToCards(el);
    const byKey = oneEvent(el, 'rapport-deal-select') as Promise<RapportDealSelectEvent>;
    await sendKeys({ press: 'Enter' });
    expect((await byKey).detail.deal.id).to.equal(deals[0]?.id);
    const byClick = oneEvent(el, 'rapport-deal-select') as Promise<RapportDealSelectEvent>;
    cardRow(el, 'Umbrella audit')?.querySelector('rapport-deal-card')?.click();
    const event = await byClick;
    expect(event.detail.deal.title).to.equal('Umbrella audit');
    expect(event.bubbles && event.composed).to.equal(true);
  });

  it('Space, ArrowRight, ArrowDown, Space moves a card to the next column below its first card, stores it and keeps focus on it', async () => {
    const { crm, pipeline, stages, deals } = await workspace();
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    const moved = oneEvent(el, 'rapport-deal-moved');
    await tabToCards(el);
    await sendKeys({ press: 'Space' });
    expect(announced(el)).to.equal('Picked up Acme renewal: Lead, position 1 of 3. Arrow keys move it, Space drops it, Escape cancels.');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'ArrowRight' });
    expect(announced(el)).to.equal('Acme renewal: Qualified, position 1 of 2.');
    expect(titles(el, 1)).to.deep.equal(['Acme renewal', 'Umbrella audit']);
    expect(titleOf(focused(el) as Element)).to.equal('Acme renewal');
    await sendKeys({ press: 'ArrowDown' });
    expect(announced(el)).to.equal('Acme renewal: Qualified, position 2 of 2.');
    expect(titles(el, 1)).to.deep.equal(['Umbrella audit', 'Acme renewal']);
    // Nothing is written while the card is held.
    expect((await stored(crm, deals[0]!.id)).version).to.equal(deals[0]!.version);
    await sendKeys({ press: 'Space' });
    expect(announced(el)).to.equal('Moved Acme renewal to Qualified, position 2 of 2.');
    await moved;
    const deal = await stored(crm, deals[0]!.id);
    expect(deal.stageId).to.equal(stages[1]);
    expect(deal.position > deals[3]!.position).to.equal(true);
    expect(titles(el, 0)).to.deep.equal(['Globex pilot', 'Initech seats']);
    expect(titles(el, 1)).to.deep.equal(['Umbrella audit', 'Acme renewal']);
    await waitUntil(() => titleOf(focused(el) as Element) === 'Acme renewal', 'focus stays on the moved card');
  });

  it('Escape puts the card back where it was and writes nothing', async () => {
    const { crm, pipeline, deals } = await workspace();
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    let fired = 0;
    el.addEventListener('rapport-deal-move', () => fired++);
    await tabToCards(el);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    expect(titles(el, 2)).to.deep.equal(['Globex pilot']);
    await sendKeys({ press: 'Escape' });
    expect(announced(el)).to.equal('Move cancelled. Globex pilot is back in Lead, position 2 of 3.');
    expect(titles(el, 0)).to.deep.equal(['Acme renewal', 'Globex pilot', 'Initech seats']);
    expect(titles(el, 2)).to.deep.equal([]);
    expect(titleOf(focused(el) as Element)).to.equal('Globex pilot');
    expect(fired).to.equal(0);
    expect((await stored(crm, deals[1]!.id)).version).to.equal(deals[1]!.version);
  });

  it('arrows reach the Won target after the last column; Space there wins the deal, which leaves the board', async () => {
    const { crm, pipeline, deals, won } = await workspace();
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    await tabToCards(el);
    await sendKeys({ press: 'Space' });
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'ArrowRight' });
    expect(announced(el)).to.equal('Acme renewal: over Won. Space drops it there.');
    expect(shadow(el).querySelector('.target.won')?.hasAttribute('data-over')).to.equal(true);
    const moved = oneEvent(el, 'rapport-deal-moved');
    await sendKeys({ press: 'Space' });
    await moved;
    expect(announced(el)).to.equal('Acme renewal marked won.');
    expect(titles(el, 0)).to.deep.equal(['Globex pilot', 'Initech seats']);
    const deal = await stored(crm, deals[0]!.id);
    expect([deal.status, deal.stageId]).to.deep.equal(['won', won]);
    // Focus went to the card that took its place.
    expect(titleOf(focused(el) as Element)).to.equal('Globex pilot');
  });

  it('Move to… works with the keyboard only (ARIA menu: arrows, Home, End, Escape returns focus)', async () => {
    const { crm, pipeline, stages, deals } = await workspace();
    const el = await boardOf(crm, pipeline.id);
    await boardShown(el);
    await tabToCards(el);
    await sendKeys({ press: 'Tab' });
    const button = focused(el) as HTMLElement;
    expect(button.getAttribute('aria-haspopup')).to.equal('menu');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => (focused(el) as HTMLElement | null)?.getAttribute('role') === 'menuitem', 'focus in the menu');
    const menu = part(el, 'menu') as HTMLElement;
    expect(menu.getAttribute('aria-label')).to.equal('Move “Acme renewal” to');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    const items = () => [...menu.querySelectorAll('[role="menuitem"]')].map((i) => i.textContent?.trim());
    expect(items()).to.deep.equal(['Qualified', 'Proposal', 'Won', 'Lost']);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'End' });
    expect(focused(el)?.textContent?.trim()).to.equal('Lost');
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)?.textContent?.trim()).to.equal('Qualified');
    await sendKeys({ press: 'ArrowUp' });
    expect(focused(el)?.textContent?.trim()).to.equal('Lost');
    await sendKeys({ press: 'Home' });
    expect(focused(el)?.textContent?.trim()).to.equal('Qualified');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(focused(el)).to.equal(button);
    expect(menu.matches(':popover-open')).to.equal(false);
    expect(button.getAttribute('aria-expanded')).to.equal('false');

    await sendKeys({ press: 'Space' });
    await waitUntil(() => (focused(el) as HTMLElement | null)?.getAttribute('role') === 'menuitem');
    await sendKeys({ press: 'ArrowDown' });
    const moved = oneEvent(el, 'rapport-deal-moved');
    await sendKeys({ press: 'Enter' });
    await moved;
    expect((await stored(crm, deals[0]!.id)).stageId).to.equal(stages[2]);
    expect(titles(el, 2)).to.deep.equal(['Acme renewal']);
    expect(announced(el)).to.equal('Moved Acme renewal to Proposal, position 1 of 1.');
    await waitUntil(() => titleOf(focused(el) as Element) === 'Acme renewal', 'focus on the moved card');
  });
});
