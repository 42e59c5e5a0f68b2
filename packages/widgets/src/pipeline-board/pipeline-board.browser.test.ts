import { expect, nextFrame, waitUntil } from '@open-wc/testing';
import { createCrm, memoryAdapter } from '@rapport/core';
import { controllableStorage } from '../contact-card/controllable-storage.test-support.js';
import { hostileStrings, somethingRan } from '../internal/hostile-strings.test-support.js';
import { boardOf, boardShown, cardsIn, lists, part, shadow, text, titleOf, titles, workspace } from './pipeline-board.test-support.js';

const stateText = (el: HTMLElement) => text(el.shadowRoot?.querySelector('.state p'));

describe('<rapport-pipeline-board>', () => {
  afterEach(() => delete (window as { __rapportPwned?: unknown }).__rapportPwned);

  describe('accessibility in every state', () => {
    it('initial: no workspace, or no pipeline id', async () => {
      const el = await boardOf(undefined, undefined);
      expect(stateText(el)).to.equal('No pipeline to show.');
      await expect(el).to.be.accessible();
      const { crm } = await workspace();
      el.crm = crm;
      await el.updateComplete;
      expect(stateText(el)).to.equal('No pipeline to show.');
    });

    it('loading: the pipeline has not been read yet', async () => {
      const control = controllableStorage(memoryAdapter());
      const { crm, pipeline } = await workspace(control.storage);
      control.mode = 'hold';
      const el = await boardOf(crm, pipeline.id);
      expect(stateText(el)).to.equal('Loading the pipeline…');
      expect(shadow(el).querySelector('.state')?.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
      control.mode = 'normal';
      control.release();
      await boardShown(el);
    });

    it('not found: no pipeline has this id', async () => {
      const { crm } = await workspace();
      const el = await boardOf(crm, '01900000-0000-7000-8000-000000000000');
      await waitUntil(() => stateText(el) === 'This pipeline does not exist or has been deleted.');
      await expect(el).to.be.accessible();
    });

    it('error: says so, and Try again reads the board again', async () => {
      const control = controllableStorage(memoryAdapter());
      const { crm, pipeline } = await workspace(control.storage);
      control.mode = 'fail';
      const el = await boardOf(crm, pipeline.id);
      await waitUntil(() => stateText(el) === 'The pipeline could not be loaded.');
      const retry = part(el, 'retry') as HTMLButtonElement;
      expect(text(retry)).to.equal('Try again');
      await expect(el).to.be.accessible();
      control.mode = 'normal';
      retry.click();
      await boardShown(el);
      expect(titles(el, 0)).to.deep.equal(['Acme renewal', 'Globex pilot', 'Initech seats']);
    });

    it('empty: a pipeline without open deals shows its columns, each with a “No deals” note', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      const pipeline = await crm.pipelines.create({ name: 'Empty', currency: 'EUR', stages: [{ name: 'One' }, { name: 'Two' }, { name: 'Won', kind: 'won' }] });
      const el = await boardOf(crm, pipeline.id);
      await boardShown(el);
      expect(lists(el).map((l) => l.getAttribute('aria-label'))).to.deep.equal(['One, 0 deals', 'Two, 0 deals']);
      expect([...shadow(el).querySelectorAll('.note')].map(text)).to.deep.equal(['No deals', 'No deals']);
      await expect(el).to.be.accessible();
    });

    it('complete, light and dark, compact', async () => {
      const { crm, pipeline } = await workspace();
      const el = await boardOf(crm, pipeline.id);
      await boardShown(el);
      await expect(el).to.be.accessible();
      el.theme = 'dark';
      el.density = 'compact';
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  });

  describe('attributes, properties and what the board shows', () => {
    it('a region named by the pipeline; a list per open stage named with its count; cards in position order', async () => {
      const { crm, pipeline } = await workspace();
      const el = await boardOf(crm, pipeline.id);
      await boardShown(el);
      expect(el.getAttribute('pipeline-id')).to.equal(pipeline.id);
      const board = part(el, 'board') as HTMLElement;
      expect(board.tagName).to.equal('SECTION');
      expect(text(shadow(el).getElementById(board.getAttribute('aria-labelledby') as string))).to.equal('Sales');
      expect(lists(el).map((l) => l.getAttribute('aria-label'))).to.deep.equal(['Lead, 3 deals', 'Qualified, 1 deal', 'Proposal, 0 deals']);
      expect(titles(el, 0)).to.deep.equal(['Acme renewal', 'Globex pilot', 'Initech seats']);
      expect(titles(el, 1)).to.deep.equal(['Umbrella audit']);
      const rows = cardsIn(el, 0);
      expect(rows.map((r) => [r.getAttribute('aria-posinset'), r.getAttribute('aria-setsize')])).to.deep.equal([
        ['1', '3'],
        ['2', '3'],
        ['3', '3'],
      ]);
      // One tab stop among all cards.
      expect([...shadow(el).querySelectorAll('[role="listitem"][tabindex="0"]')].map(titleOf)).to.deep.equal(['Acme renewal']);
      // Company and contact names arrive (read in one batch).
      const card = rows[0]?.querySelector('rapport-deal-card');
      await waitUntil(() => card?.companyName === 'Acme' && card.contactName === 'Ann Lee', 'names resolved');
      expect(card?.pipeline?.id).to.equal(pipeline.id);
    });

    it('totals per column: count, sum and weighted sum in the pipeline currency, other currencies alongside, never added', async () => {
      const { crm, pipeline } = await workspace();
      const el = await boardOf(crm, pipeline.id);
      await boardShown(el);
      const heads = [...shadow(el).querySelectorAll('[part="column-header"]')];
      const figures = (i: number) => [...(heads[i]?.querySelectorAll('dd') ?? [])].map((dd) => [...dd.querySelectorAll('span')].map(text));
      // Lead: €1,000 + €200 in EUR, $500 apart; weighted at 10 %.
      expect(figures(0)).to.deep.equal([
        ['€1,200.00', '$500.00'],
        ['€120.00', '$50.00'],
      ]);
      expect(figures(1)).to.deep.equal([['€3,000.00'], ['€1,200.00']]);
      expect(figures(2)).to.deep.equal([['€0.00'], ['€0.00']]);
      expect(text(heads[0]?.querySelector('.count'))).to.equal('3 deals');
      // In German.
      el.locale = 'de-DE';
      await el.updateComplete;
      expect(figures(0)[0]).to.deep.equal(['1.200,00 €', '500,00 $']);
    });

    it('strings can be replaced', async () => {
      const { crm, pipeline } = await workspace();
      const el = await boardOf(crm, pipeline.id);
      await boardShown(el);
      el.strings = { 'count.other': '{count} Deals', columnLabel: '{stage} – {deals}', moveTo: 'Verschieben…', noDeals: 'Keine' };
      await el.updateComplete;
      expect(lists(el)[0]?.getAttribute('aria-label')).to.equal('Lead – 3 Deals');
      expect(text(shadow(el).querySelector('.note'))).to.equal('Keine');
      await waitUntil(() => text(cardsIn(el, 0)[0]?.querySelector('button.move')).startsWith('Verschieben…'));
    });

    it('exposes its parts', async () => {
      const { crm, pipeline } = await workspace();
      const el = await boardOf(crm, pipeline.id);
      await boardShown(el);
      for (const name of ['board', 'title', 'toolbar', 'status', 'column', 'column-header', 'list', 'deal', 'move-button', 'menu', 'drop-target', 'dialog']) {
        expect(part(el, name), name).to.not.equal(null);
      }
      expect(shadow(el).querySelectorAll('[part~="drop-target"]').length).to.equal(2);
    });

    it('renders no style attributes (strict CSP): rows are placed through the CSSOM', async () => {
      const { crm, pipeline } = await workspace();
      const el = await boardOf(crm, pipeline.id);
      await boardShown(el);
      // Lit writes `style` only through templates; rows get theirs through style.setProperty, which CSP allows.
      const row = cardsIn(el, 0)[1] as HTMLElement;
      expect(row.style.getPropertyValue('--_row')).to.equal('1');
      expect(shadow(el).querySelectorAll('style').length).to.equal(0);
    });
  });

  describe('hostile text', () => {
    it('shows pipeline, stage, title, company, contact, owner names literally; runs nothing', async () => {
      for (const hostile of hostileStrings.slice(0, 7)) {
        const crm = createCrm({ storage: memoryAdapter() });
        const pipeline = await crm.pipelines.create({ name: hostile, currency: 'EUR', stages: [{ name: hostile }, { name: `${hostile} 2` }] });
        const company = await crm.companies.create({ name: hostile });
        const contact = await crm.contacts.create({ firstName: hostile });
        await crm.deals.create({ title: hostile, amount: { minor: 100, currency: 'EUR' }, pipelineId: pipeline.id, companyId: company.id, contactIds: [contact.id], ownerId: hostile });
        const el = await boardOf(crm, pipeline.id);
        await boardShown(el);
        const t = hostile.trim();
        expect(text(part(el, 'title'))).to.equal(t);
        expect(text(shadow(el).querySelector('h3'))).to.equal(t);
        expect(lists(el)[0]?.getAttribute('aria-label')).to.equal(`${t}, 1 deal`);
        expect(titleOf(cardsIn(el, 0)[0] as HTMLElement)).to.equal(t);
        expect([...shadow(el).querySelectorAll('option')].map((o) => o.value)).to.include(t);
        expect(shadow(el).querySelectorAll('script, img, svg, iframe, a, style, object, embed').length).to.equal(0);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(somethingRan()).to.equal(false);
    });
  });

  describe('hostile host CSS', () => {
    it('a page-level style cannot change the board’s layout', async () => {
      const { crm, pipeline } = await workspace();
      const el = await boardOf(crm, pipeline.id);
      await boardShown(el);
      const measure = () =>
        ['board', 'toolbar', 'column', 'column-header', 'list', 'deal', 'move-button', 'drop-target'].map((name) => {
          const { x, y, width, height } = (part(el, name) as HTMLElement).getBoundingClientRect();
          return [name, ...[x, y, width, height].map((n) => Math.round(n))];
        });
      const before = measure();
      const style = document.createElement('style');
      style.textContent =
        '* { box-sizing: content-box !important; font-size: 40px !important; line-height: 3 !important; letter-spacing: 4px !important; } p, h2, h3, span, dl, dt, dd, label, select, input, strong { display: block !important; margin: 30px !important; padding: 20px !important; } button { all: unset !important; }';
      document.head.append(style);
      try {
        await nextFrame();
        expect(measure()).to.deep.equal(before);
      } finally {
        style.remove();
      }
    });
  });
});
