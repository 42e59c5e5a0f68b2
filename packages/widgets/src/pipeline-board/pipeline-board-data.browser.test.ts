import { expect, waitUntil } from '@open-wc/testing';
import { indexedDbAdapter } from '@rapport/adapters/indexeddb';
import { createCrm, fixedClock, memoryAdapter, newId, type Deal } from '@rapport/core';
import { sendKeys } from '@web/test-runner-commands';
import type { RapportPipelineBoard } from './pipeline-board.js';
import { announced, boardOf, boardShown, cardRow, cardsIn, created, focused, lists, shadow, text, titleOf, titles, workspace } from './pipeline-board.test-support.js';

const totalsOf = (el: RapportPipelineBoard, column: number) =>
  [...(shadow(el).querySelectorAll('[part="column-header"]')[column]?.querySelectorAll('dd') ?? [])].map((dd) => [...dd.querySelectorAll('span')].map(text));

describe('<rapport-pipeline-board> data', () => {
  describe('filters', () => {
    it('owner: a select of the owners present; reflects `owner`; columns, counts and totals follow', async () => {
      const { crm, pipeline } = await workspace();
      const el = await boardOf(crm, pipeline.id);
      await boardShown(el);
      const select = shadow(el).querySelector('select') as HTMLSelectElement;
      expect([...select.options].map((o) => [o.value, o.textContent?.trim()])).to.deep.equal([
        ['', 'All owners'],
        ['ada', 'ada'],
        ['ben', 'ben'],
      ]);
      select.value = 'ada';
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect(el.getAttribute('owner')).to.equal('ada');
      expect(titles(el, 0)).to.deep.equal(['Acme renewal', 'Initech seats']);
      expect(titles(el, 1)).to.deep.equal([]);
      expect(lists(el).map((l) => l.getAttribute('aria-label'))).to.deep.equal(['Lead, 2 deals', 'Qualified, 0 deals', 'Proposal, 0 deals']);
      expect(totalsOf(el, 0)).to.deep.equal([['€1,200.00'], ['€120.00']]);
      expect(text(shadow(el).querySelector('.note'))).to.equal('No matching deals');
      await expect(el).to.be.accessible();
      // An app sets the attribute.
      el.setAttribute('owner', 'ben');
      await el.updateComplete;
      expect(titles(el, 0)).to.deep.equal(['Globex pilot']);
      expect(select.value).to.equal('ben');
      el.removeAttribute('owner');
      await el.updateComplete;
      expect(titles(el, 0)).to.have.length(3);
    });

    it('search: title, company name or contact name, ignoring case and accents; reflects `search`', async () => {
      const { crm, pipeline } = await workspace();
      const el = await boardOf(crm, pipeline.id);
      await boardShown(el);
      const input = shadow(el).querySelector('input[type="search"]') as HTMLInputElement;
      input.focus();
      await sendKeys({ type: 'EMILE' });
      await waitUntil(() => el.search === 'EMILE', 'search applies once typing pauses');
      expect(el.getAttribute('search')).to.equal('EMILE');
      await waitUntil(() => titles(el, 0).join() === 'Initech seats', 'matches the contact Zoë Émile');
      el.search = 'globex';
      await waitUntil(() => titles(el, 0).join() === 'Globex pilot');
      el.setAttribute('search', 'acme');
      // Acme renewal by title (Ann Lee works at Acme, but only the deal's company and first contact count).
      await waitUntil(() => titles(el, 0).join() === 'Acme renewal');
      expect(totalsOf(el, 0)).to.deep.equal([['€1,000.00'], ['€100.00']]);
      el.search = 'zzz';
      await el.updateComplete;
      expect(lists(el).map((l) => l.getAttribute('aria-label'))).to.deep.equal(['Lead, 0 deals', 'Qualified, 0 deals', 'Proposal, 0 deals']);
    });
  });

  describe('live updates', () => {
    it('shows writes made through a second Crm on the same IndexedDB database (another tab), and holds them while a card is picked up', async () => {
      const databaseName = `pipeline-board-${crypto.randomUUID()}`;
      const tabA = indexedDbAdapter({ databaseName });
      const tabB = indexedDbAdapter({ databaseName });
      try {
        const { crm, pipeline, stages, deals } = await workspace(tabA);
        const other = createCrm({ storage: tabB, clock: fixedClock(created) });
        const el = await boardOf(crm, pipeline.id);
        await boardShown(el);
        const wait = (ok: () => boolean, what: string) => waitUntil(ok, what, { timeout: 5000 });

        const added = await other.deals.create({ title: 'Hooli expansion', amount: { minor: 700, currency: 'EUR' }, pipelineId: pipeline.id, stageId: stages[2] });
        await wait(() => titles(el, 2).join() === 'Hooli expansion', 'a new deal shows');
        await other.deals.move(deals[3]!.id, { stageId: stages[2], before: added.id });
        await wait(() => titles(el, 2).join() === 'Umbrella audit,Hooli expansion' && titles(el, 1).length === 0, 'a move shows');
        await other.deals.win(deals[0]!.id);
        await wait(() => titles(el, 0).join() === 'Globex pilot,Initech seats', 'a won deal leaves');
        await other.deals.delete(deals[1]!.id);
        await wait(() => titles(el, 0).join() === 'Initech seats', 'a deleted deal leaves');
        await other.deals.update(deals[2]!.id, { title: 'Initech seats (50)' });
        await wait(() => titles(el, 0).join() === 'Initech seats (50)', 'an edit shows');
        await other.pipelines.update(pipeline.id, { name: 'Sales EMEA' });
        await wait(() => text(shadow(el).querySelector('[part="title"]')) === 'Sales EMEA', 'the pipeline is read again');
        // A company renamed: the card's cached name follows.
        const company = await other.companies.create({ name: 'Initrode' });
        await other.deals.update(deals[2]!.id, { companyId: company.id });
        const card = () => cardRow(el, 'Initech seats (50)')?.querySelector('rapport-deal-card');
        await wait(() => card()?.companyName === 'Initrode', 'the company name is read');
        await other.companies.update(company.id, { name: 'Initrode Global' });
        await wait(() => card()?.companyName === 'Initrode Global', 'the company rename shows');

        // While a card is picked up, changes wait; Escape applies them.
        (cardRow(el, 'Initech seats (50)') as HTMLElement).focus();
        await sendKeys({ press: 'Space' });
        await other.deals.create({ title: 'Late arrival', amount: { minor: 100, currency: 'EUR' }, pipelineId: pipeline.id });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(titles(el, 0)).to.deep.equal(['Initech seats (50)']);
        await sendKeys({ press: 'Escape' });
        await wait(() => titles(el, 0).join() === 'Initech seats (50),Late arrival', 'held changes apply after the move');
        expect(titleOf(focused(el) as Element)).to.equal('Initech seats (50)');
      } finally {
        await tabB.close?.();
        await tabA.deleteDatabase();
      }
    });
  });

  describe('many deals', () => {
    async function bigBoard(count: number) {
      const storage = memoryAdapter();
      const { crm, pipeline, deals } = await workspace(storage);
      const template = deals[0] as Deal;
      const records = Array.from({ length: count }, (_, i) => {
        const { version: _v, ...rest } = template;
        return { ...rest, id: newId(), title: `Deal ${i + 1}`, position: `b${String(i).padStart(6, '0')}` };
      });
      await crm.storage.collection('deals').bulkPut(records);
      const el = await boardOf(crm, pipeline.id);
      await boardShown(el);
      return { el, crm };
    }

    it('2,500 deals in a column: read page by page, the DOM stays bounded while scrolling', async () => {
      const { el } = await bigBoard(2_500);
      // Acme renewal, Globex pilot, Initech seats, then the 2,500.
      expect(lists(el)[0]?.getAttribute('aria-label')).to.equal('Lead, 2,503 deals');
      const bound = 400;
      const nodes = () => shadow(el).querySelectorAll('*').length;
      expect(nodes()).to.be.below(bound);
      expect(cardsIn(el, 0).length).to.be.below(20);
      const scroller = lists(el)[0]?.parentElement as HTMLElement;
      for (const top of [5_000, 150_000, 390_000, 0]) {
        scroller.scrollTop = top;
        await waitUntil(() => cardsIn(el, 0).some((row) => Math.abs(Number(row.getAttribute('aria-posinset')) - 1 - Math.floor(scroller.scrollTop / 156)) <= 1), `rows follow scrolling to ${top}`);
        expect(nodes(), `at ${top}`).to.be.below(bound);
      }
      // Rows at their arithmetic place.
      const row = cardsIn(el, 0)[2] as HTMLElement;
      expect(row.getBoundingClientRect().top - (lists(el)[0] as HTMLElement).getBoundingClientRect().top).to.equal((Number(row.getAttribute('aria-posinset')) - 1) * 156);
    });

    it('keyboard focus moves past the rendered window and stays on a rendered card (End, ArrowUp, Home, PageDown)', async () => {
      const { el } = await bigBoard(2_000);
      (cardRow(el, 'Acme renewal') as HTMLElement).focus();
      await sendKeys({ press: 'End' });
      await waitUntil(() => titleOf(focused(el) as Element) === 'Deal 2000', 'End reaches the last card');
      expect((focused(el) as HTMLElement).getAttribute('aria-posinset')).to.equal('2003');
      await sendKeys({ press: 'ArrowUp' });
      await waitUntil(() => titleOf(focused(el) as Element) === 'Deal 1999');
      await sendKeys({ press: 'PageUp' });
      const page = Number((focused(el) as HTMLElement).getAttribute('aria-posinset'));
      expect(page).to.be.below(2002);
      await sendKeys({ press: 'Home' });
      await waitUntil(() => titleOf(focused(el) as Element) === 'Acme renewal');
      // Scrolled away, the focused card stays rendered (and so keeps focus).
      const scroller = lists(el)[0]?.parentElement as HTMLElement;
      scroller.scrollTop = 200_000;
      await waitUntil(() => cardsIn(el, 0).length > 2 && Number(cardsIn(el, 0)[1]?.getAttribute('aria-posinset')) > 1000);
      expect(titleOf(focused(el) as Element)).to.equal('Acme renewal');
      // A keyboard move deep in the column is announced with its place.
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Space' });
      expect(announced(el)).to.equal('Picked up Globex pilot: Lead, position 2 of 2,003. Arrow keys move it, Space drops it, Escape cancels.');
      await sendKeys({ press: 'Escape' });
    });
  });
});
