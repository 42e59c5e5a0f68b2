import { expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import { indexedDbAdapter } from '@rapport/adapters/indexeddb';
import { createCrm, fixedClock, memoryAdapter, type Crm, type Deal, type Pipeline } from '@rapport/core';
import { sendKeys } from '@web/test-runner-commands';
import { ifDefined } from 'lit/directives/if-defined.js';
import { controllableStorage } from '../contact-card/controllable-storage.test-support.js';
import { hostileStrings, somethingRan } from '../internal/hostile-strings.test-support.js';
import '../provider/define.js';
import type { RapportDealCard } from './deal-card.js';
import './define.js';

/** When the test deals were created, and so entered their stage. */
const created = '2026-06-01T12:00:00.000Z';
const day = 86_400_000;
const after = (ms: number) => new Date(Date.parse(created) + ms);

interface Workspace {
  crm: Crm;
  pipeline: Pipeline;
  deal: Deal;
}

/** A memory workspace: a pipeline whose first stage rots after 5 days, Acme, Ann Lee, and one deal linking them. */
async function workspace(storage = memoryAdapter()): Promise<Workspace> {
  const crm = createCrm({ storage, clock: fixedClock(created) });
  const pipeline = await crm.pipelines.create({
    name: 'Sales',
    currency: 'EUR',
    stages: [
      { name: 'Qualified', rottingDays: 5 },
      { name: 'Proposal' },
      { name: 'Won', kind: 'won' },
      { name: 'Lost', kind: 'lost' },
    ],
  });
  const acme = await crm.companies.create({ name: 'Acme' });
  const ann = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', companyId: acme.id });
  const bo = await crm.contacts.create({ firstName: 'Bo', lastName: 'Berg' });
  const deal = await crm.deals.create({
    title: 'Acme renewal',
    amount: { minor: 123_456, currency: 'EUR' },
    pipelineId: pipeline.id,
    contactIds: [ann.id, bo.id],
    companyId: acme.id,
    ownerId: 'user-ada',
  });
  return { crm, pipeline, deal };
}

const card = (crm: Crm | undefined, id: string | undefined, now = after(2 * day), locale = 'en-US') =>
  fixture<RapportDealCard>(html`<rapport-deal-card locale=${locale} .crm=${crm} .now=${now} deal-id=${ifDefined(id)}></rapport-deal-card>`);

/** The board's way: a deal object and what it knows about it, no workspace. */
const given = (deal: Deal, options: { pipeline?: Pipeline; companyName?: string; contactName?: string; now?: Date; locale?: string } = {}) =>
  fixture<RapportDealCard>(html`<rapport-deal-card
    locale=${options.locale ?? 'en-US'}
    .deal=${deal}
    .pipeline=${options.pipeline}
    .companyName=${options.companyName}
    .contactName=${options.contactName}
    .now=${options.now ?? after(2 * day)}
  ></rapport-deal-card>`);

const root = (el: RapportDealCard) => el.shadowRoot as ShadowRoot;
const part = (el: RapportDealCard, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const details = (el: RapportDealCard) => [...root(el).querySelectorAll('dt')].map((dt) => [text(dt), text(dt.nextElementSibling)]);

async function shown(el: RapportDealCard): Promise<void> {
  await waitUntil(() => part(el, 'title'), 'the deal did not show');
  await el.updateComplete;
}

describe('<rapport-deal-card>', () => {
  describe('accessibility', () => {
    it('is accessible with nothing to show (initial)', async () => {
      const el = await card(undefined, undefined);
      expect(text(part(el, 'card'))).to.equal('No deal to show.');
      await expect(el).to.be.accessible();
      // A deal id without a workspace is still nothing to show.
      el.dealId = '01900000-0000-7000-8000-000000000000';
      await el.updateComplete;
      expect(text(part(el, 'card'))).to.equal('No deal to show.');
    });

    it('is accessible while loading', async () => {
      const control = controllableStorage(memoryAdapter());
      const { crm, deal } = await workspace(control.storage);
      control.mode = 'hold';
      const el = await card(crm, deal.id);
      expect(text(part(el, 'card'))).to.equal('Loading the deal…');
      expect(part(el, 'card')?.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
      control.mode = 'normal';
      control.release();
      await shown(el);
      expect(part(el, 'card')?.getAttribute('aria-busy')).to.equal('false');
    });

    it('is accessible when the deal does not exist (empty)', async () => {
      const { crm } = await workspace();
      const el = await card(crm, '01900000-0000-7000-8000-000000000000');
      await waitUntil(() => text(part(el, 'card')) === 'This deal does not exist or has been deleted.');
      await expect(el).to.be.accessible();
    });

    it('is accessible when loading fails (error), and its retry button loads again', async () => {
      const control = controllableStorage(memoryAdapter());
      const { crm, deal } = await workspace(control.storage);
      control.mode = 'fail';
      const el = await card(crm, deal.id);
      await waitUntil(() => text(part(el, 'card')).startsWith('The deal could not be loaded.'));
      const retry = root(el).querySelector('button');
      expect(text(retry)).to.equal('Try again');
      await expect(el).to.be.accessible();
      control.mode = 'normal';
      retry?.click();
      await shown(el);
      expect(text(part(el, 'title'))).to.equal('Acme renewal');
    });

    it('is accessible showing a deal (complete): open, rotting, won and lost', async () => {
      const { crm, deal } = await workspace();
      const el = await card(crm, deal.id, after(9 * day));
      await shown(el);
      expect(el.rotting).to.equal(true);
      await expect(el).to.be.accessible();
      el.now = after(day);
      await el.updateComplete;
      expect(el.rotting).to.equal(false);
      await expect(el).to.be.accessible();
      await crm.deals.win(deal.id);
      await waitUntil(() => text(part(el, 'status')) === 'Won');
      await expect(el).to.be.accessible();
      await crm.deals.reopen(deal.id);
      await crm.deals.lose(deal.id, { reason: 'Budget' });
      await waitUntil(() => text(part(el, 'status')) === 'Lost');
      await expect(el).to.be.accessible();
      el.theme = 'dark';
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  });

  describe('attributes and properties', () => {
    it('deal-id path: shows title, amount, company, first contact, owner, stage and days in stage, read from the workspace', async () => {
      const { crm, deal } = await workspace();
      const el = await card(crm, deal.id);
      await shown(el);
      expect(part(el, 'title')?.tagName).to.equal('H3');
      expect(text(part(el, 'title'))).to.equal('Acme renewal');
      expect(text(part(el, 'amount'))).to.equal('€1,234.56');
      expect(details(el)).to.deep.equal([
        ['Company', 'Acme'],
        ['Contact', 'Ann Lee'],
        ['Owner', 'user-ada'],
        ['Stage', 'Qualified'],
      ]);
      expect(text(part(el, 'age'))).to.equal('2 days in stage');
      expect(part(el, 'status')).to.equal(null);
      expect(part(el, 'rotting')).to.equal(null);
    });

    it('deal-id path: leaves out a company or contact deleted since, and shows the rest', async () => {
      const { crm, deal } = await workspace();
      await crm.companies.delete(deal.companyId as string);
      await crm.contacts.delete(deal.contactIds[0] as string);
      const el = await card(crm, deal.id);
      await shown(el);
      expect(details(el)).to.deep.equal([
        ['Owner', 'user-ada'],
        ['Stage', 'Qualified'],
      ]);
      expect(text(part(el, 'amount'))).to.equal('€1,234.56');
    });

    it('deal property path: shows what it is given and reads nothing, even with a workspace whose reads fail', async () => {
      const control = controllableStorage(memoryAdapter());
      const { crm, deal, pipeline } = await workspace(control.storage);
      control.mode = 'fail';
      const el = await given(deal, { pipeline, companyName: 'Acme Corp', contactName: 'Ann L.' });
      el.crm = crm;
      el.dealId = '01900000-0000-7000-8000-000000000000';
      await el.updateComplete;
      await nextFrame();
      expect(text(part(el, 'title'))).to.equal('Acme renewal');
      expect(details(el)).to.deep.equal([
        ['Company', 'Acme Corp'],
        ['Contact', 'Ann L.'],
        ['Owner', 'user-ada'],
        ['Stage', 'Qualified'],
      ]);
      // Without a pipeline there is no stage name and no rotting rule to apply.
      const bare = await given(deal, { now: after(30 * day) });
      expect(details(bare)).to.deep.equal([['Owner', 'user-ada']]);
      expect(bare.rotting).to.equal(false);
      expect(text(part(bare, 'age'))).to.equal('30 days in stage');
    });

    it('reflects deal-id, and follows it to another deal', async () => {
      const { crm, deal, pipeline } = await workspace();
      const other = await crm.deals.create({ title: 'Globex pilot', amount: { minor: 5_000, currency: 'USD' }, pipelineId: pipeline.id });
      const el = await card(crm, deal.id);
      await shown(el);
      el.dealId = other.id;
      await el.updateComplete;
      expect(el.getAttribute('deal-id')).to.equal(other.id);
      await waitUntil(() => text(part(el, 'title')) === 'Globex pilot', 'the card did not follow deal-id');
      expect(text(part(el, 'amount'))).to.equal('$50.00');
      expect(details(el)).to.deep.equal([['Stage', 'Qualified']]);
      el.setAttribute('deal-id', deal.id);
      await waitUntil(() => text(part(el, 'title')) === 'Acme renewal');
      await waitUntil(() => details(el).length === 4);
    });

    it('formats the amount in the deal’s currency and the locale: EUR, JPY (no decimals), de-DE', async () => {
      const { deal } = await workspace();
      const cases: [Deal['amount'], string, string][] = [
        [{ minor: 123_456, currency: 'EUR' }, 'en-US', '€1,234.56'],
        [{ minor: 123_456, currency: 'EUR' }, 'de-DE', '1.234,56\u00a0€'],
        [{ minor: 5, currency: 'EUR' }, 'en-US', '€0.05'],
        [{ minor: 1_234_567, currency: 'JPY' }, 'en-US', '¥1,234,567'],
        [{ minor: 1_234_567, currency: 'JPY' }, 'de-DE', '1.234.567\u00a0¥'],
        [{ minor: 1_234_567, currency: 'KWD' }, 'en-US', 'KWD\u00a01,234.567'],
        // Past 2^53 / 100 a float would lose the cents; the card formats the exact decimal.
        [{ minor: 9_007_199_254_740_991, currency: 'EUR' }, 'en-US', '€90,071,992,547,409.91'],
      ];
      for (const [amount, locale, expected] of cases) {
        const el = await given({ ...deal, amount }, { locale });
        expect(text(part(el, 'amount')).replace(/ /g, '\u00a0'), `${amount.minor} ${amount.currency} in ${locale}`).to.equal(expected);
      }
    });

    it('counts whole days in the current stage, from the last stage-history entry to `now`', async () => {
      const { deal, pipeline } = await workspace();
      const proposal = pipeline.stages[1] as Pipeline['stages'][number];
      const cases: [Date, string][] = [
        [after(0), '0 days in stage'],
        [after(day - 1), '0 days in stage'],
        [after(day), '1 day in stage'],
        [after(2 * day + 3_600_000), '2 days in stage'],
        [after(1_234 * day), '1,234 days in stage'],
        // A clock behind the stage entry is not negative time.
        [after(-day), '0 days in stage'],
      ];
      for (const [now, expected] of cases) {
        const el = await given(deal, { pipeline, now });
        expect(text(part(el, 'age')), now.toISOString()).to.equal(expected);
      }
      // Moved on day 3: the count restarts from that entry.
      const moved: Deal = { ...deal, stageId: proposal.id, stageHistory: [...deal.stageHistory, { stageId: proposal.id, enteredAt: after(3 * day).toISOString() }] };
      const el = await given(moved, { pipeline, now: after(10 * day) });
      expect(text(part(el, 'age'))).to.equal('7 days in stage');
      expect(details(el).at(-1)).to.deep.equal(['Stage', 'Proposal']);
      // In German, through Intl.PluralRules and Intl.NumberFormat.
      const de = await given(deal, { pipeline, now: after(1_234 * day), locale: 'de-DE' });
      de.strings = { daysInStageOne: '{count} Tag in der Phase', daysInStageOther: '{count} Tage in der Phase' };
      await de.updateComplete;
      expect(text(part(de, 'age'))).to.equal('1.234 Tage in der Phase');
      de.now = after(day);
      await de.updateComplete;
      expect(text(part(de, 'age'))).to.equal('1 Tag in der Phase');
    });

    it('marks an open deal rotting only once its days in stage exceed the stage’s rottingDays (5), as text and a reflected attribute', async () => {
      const { deal, pipeline } = await workspace();
      const cases: [Date, boolean][] = [
        [after(5 * day), false],
        [after(6 * day - 1), false],
        [after(6 * day), true],
        [after(40 * day), true],
      ];
      for (const [now, rotting] of cases) {
        const el = await given(deal, { pipeline, now });
        const label = `${now.toISOString()} (${text(part(el, 'age'))})`;
        expect(el.rotting, label).to.equal(rotting);
        expect(el.hasAttribute('rotting'), label).to.equal(rotting);
        expect(text(part(el, 'rotting')), label).to.equal(rotting ? 'Rotting' : '');
      }
      // The attribute follows `now` both ways.
      const el = await given(deal, { pipeline, now: after(9 * day) });
      expect(el.hasAttribute('rotting')).to.equal(true);
      el.now = after(2 * day);
      await el.updateComplete;
      expect(el.hasAttribute('rotting')).to.equal(false);
      expect(part(el, 'rotting')).to.equal(null);
    });

    it('never marks a stage without rottingDays, nor a won or lost deal, rotting', async () => {
      const { deal, pipeline } = await workspace();
      const proposal = pipeline.stages[1] as Pipeline['stages'][number];
      const inProposal: Deal = { ...deal, stageId: proposal.id, stageHistory: [{ stageId: proposal.id, enteredAt: created }] };
      const el = await given(inProposal, { pipeline, now: after(400 * day) });
      expect(el.rotting).to.equal(false);
      for (const status of ['won', 'lost'] as const) {
        const closed = await given({ ...deal, status }, { pipeline, now: after(400 * day) });
        expect(closed.rotting, status).to.equal(false);
        expect(closed.hasAttribute('rotting'), status).to.equal(false);
      }
    });

    it('shows won and lost as text', async () => {
      const { crm, deal, pipeline } = await workspace();
      const won = await crm.deals.win(deal.id);
      const el = await given(won, { pipeline });
      expect(text(part(el, 'status'))).to.equal('Won');
      expect(details(el).at(-1)).to.deep.equal(['Stage', 'Won']);
      const other = await crm.deals.create({ title: 'Lost one', amount: { minor: 100, currency: 'EUR' }, pipelineId: pipeline.id });
      const lost = await given(await crm.deals.lose(other.id, { reason: 'Budget' }), { pipeline });
      expect(text(part(lost, 'status'))).to.equal('Lost');
      const open = await given(deal, { pipeline });
      expect(part(open, 'status')).to.equal(null);
    });

    it('uses the workspace of an enclosing <rapport-provider>', async () => {
      const { crm, deal } = await workspace();
      const wrapper = await fixture(html`<rapport-provider .crm=${crm}><rapport-deal-card locale="en-US" deal-id=${deal.id}></rapport-deal-card></rapport-provider>`);
      const el = wrapper.querySelector('rapport-deal-card') as RapportDealCard;
      await shown(el);
      expect(details(el)[0]).to.deep.equal(['Company', 'Acme']);
    });

    it('takes its strings from `strings`', async () => {
      const { deal, pipeline } = await workspace();
      const el = await given({ ...deal, status: 'won' }, { pipeline, companyName: 'Acme', now: after(3 * day) });
      el.strings = { company: 'Firma', statusWon: 'Gewonnen', daysInStageOther: 'seit {count} Tagen' };
      await el.updateComplete;
      expect(details(el)[0]).to.deep.equal(['Firma', 'Acme']);
      expect(text(part(el, 'status'))).to.equal('Gewonnen');
      expect(text(part(el, 'age'))).to.equal('seit 3 Tagen');
      const rotting = await given(deal, { pipeline, now: after(9 * day) });
      rotting.strings = { rotting: 'Verstaubt' };
      await rotting.updateComplete;
      expect(text(part(rotting, 'rotting'))).to.equal('Verstaubt');
    });
  });

  describe('parts', () => {
    it('exposes card, title, amount, status, details, age and rotting', async () => {
      const { deal, pipeline } = await workspace();
      const el = await given(deal, { pipeline, companyName: 'Acme', now: after(9 * day) });
      for (const name of ['card', 'title', 'amount', 'details', 'age', 'rotting']) expect(part(el, name), name).to.not.equal(null);
      const won = await given({ ...deal, status: 'won' }, { pipeline });
      expect(part(won, 'status')).to.not.equal(null);
    });
  });

  describe('keyboard', () => {
    it('takes no focus when showing a deal (the board manages focus); the retry button works by keyboard', async () => {
      const { deal, pipeline } = await workspace();
      const el = await given(deal, { pipeline, now: after(9 * day) });
      expect(root(el).querySelectorAll('button, a, input, [tabindex]').length).to.equal(0);

      const control = controllableStorage(memoryAdapter());
      const ws = await workspace(control.storage);
      control.mode = 'fail';
      const failed = await card(ws.crm, ws.deal.id);
      await waitUntil(() => root(failed).querySelector('button'));
      control.mode = 'normal';
      await sendKeys({ press: 'Tab' });
      expect(root(failed).activeElement).to.equal(root(failed).querySelector('button'));
      await sendKeys({ press: 'Enter' });
      await shown(failed);
    });
  });

  describe('hostile text', () => {
    it('shows title, company, contact, owner and stage names literally, runs nothing and injects nothing', async () => {
      for (const hostile of hostileStrings) {
        const crm = createCrm({ storage: memoryAdapter(), clock: fixedClock(created) });
        const pipeline = await crm.pipelines.create({ name: hostile, currency: 'EUR', stages: [{ name: hostile, rottingDays: 1 }] });
        const company = await crm.companies.create({ name: hostile });
        const contact = await crm.contacts.create({ firstName: hostile, lastName: hostile });
        const deal = await crm.deals.create({ title: hostile, amount: { minor: 100, currency: 'EUR' }, pipelineId: pipeline.id, companyId: company.id, contactIds: [contact.id], ownerId: hostile });
        const el = await card(crm, deal.id, after(3 * day));
        await shown(el);
        await waitUntil(() => details(el).length === 4);
        const t = hostile.trim();
        expect(part(el, 'title')?.textContent).to.equal(t);
        expect([...root(el).querySelectorAll('dd')].map((dd) => dd.textContent)).to.deep.equal([t, `${t} ${t}`, t, t]);
        expect(text(part(el, 'rotting'))).to.equal('Rotting');
        expect(root(el).querySelectorAll('a, img, script, svg, iframe, style, object, embed').length).to.equal(0);

        // And on the board's path, from the properties.
        const board = await given(deal, { pipeline, companyName: hostile, contactName: hostile });
        expect([...root(board).querySelectorAll('dd')].map((dd) => dd.textContent)).to.deep.equal([hostile, hostile, t, t]);
        expect(root(board).querySelectorAll('a, img, script, svg, iframe, style, object, embed').length).to.equal(0);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(somethingRan()).to.equal(false);
    });
  });

  describe('live updates', () => {
    it('shows a write made through a second Crm on the same IndexedDB database (another tab) without reload', async () => {
      const databaseName = `deal-card-${crypto.randomUUID()}`;
      const tabA = indexedDbAdapter({ databaseName });
      const tabB = indexedDbAdapter({ databaseName });
      try {
        const { crm: crmA, deal, pipeline } = await workspace(tabA);
        const crmB = createCrm({ storage: tabB, clock: fixedClock(after(8 * day)) });
        const el = await card(crmA, deal.id, after(9 * day));
        await shown(el);
        expect(el.rotting).to.equal(true);

        await crmB.deals.update(deal.id, { title: 'Acme renewal, 3 years', amount: { minor: 999_900, currency: 'EUR' } });
        await waitUntil(() => text(part(el, 'title')) === 'Acme renewal, 3 years', 'the other tab’s edit did not show', { timeout: 5000 });
        expect(text(part(el, 'amount'))).to.equal('€9,999.00');

        // Moved on day 8 to a stage without rottingDays: one day in it, and no longer rotting.
        await crmB.deals.move(deal.id, { stageId: (pipeline.stages[1] as Pipeline['stages'][number]).id });
        await waitUntil(() => text(part(el, 'age')) === '1 day in stage', 'the other tab’s move did not show', { timeout: 5000 });
        expect(details(el).at(-1)).to.deep.equal(['Stage', 'Proposal']);
        expect(el.hasAttribute('rotting')).to.equal(false);

        await crmB.deals.win(deal.id);
        await waitUntil(() => text(part(el, 'status')) === 'Won', 'the other tab’s win did not show', { timeout: 5000 });

        await crmB.deals.delete(deal.id);
        await waitUntil(() => text(part(el, 'card')) === 'This deal does not exist or has been deleted.', 'the other tab’s delete did not show', { timeout: 5000 });
      } finally {
        await tabB.close?.();
        await tabA.deleteDatabase();
      }
    });
  });

  describe('hostile host CSS', () => {
    const hostileCss =
      '* { box-sizing: content-box !important; font-size: 40px !important; line-height: 3 !important; } dl, dd, h3, p, span { display: block !important; margin: 30px !important; } button { all: unset !important; }';

    async function boxesWithAndWithout(el: RapportDealCard, parts: string[]) {
      const measure = () =>
        Object.fromEntries(
          parts.map((name) => {
            const node = root(el).querySelector(name.includes('[') || name === 'button' ? name : `[part~="${name}"]`);
            expect(node, name).to.not.equal(null);
            const { x, y, width, height } = (node as Element).getBoundingClientRect();
            return [name, [x, y, width, height].map((n) => Math.round(n * 10) / 10)];
          }),
        );
      const before = measure();
      const style = document.createElement('style');
      style.textContent = hostileCss;
      document.head.append(style);
      try {
        await nextFrame();
        return { before, after: measure() };
      } finally {
        style.remove();
      }
    }

    it('a page-level style cannot change the card’s layout, rotting or won', async () => {
      const { deal, pipeline } = await workspace();
      const el = await given(deal, { pipeline, companyName: 'Acme', contactName: 'Ann Lee', now: after(9 * day) });
      const rotting = await boxesWithAndWithout(el, ['card', 'title', 'amount', 'details', 'age', 'rotting']);
      expect(rotting.after).to.deep.equal(rotting.before);
      const won = await given({ ...deal, status: 'won' }, { pipeline, companyName: 'Acme' });
      const w = await boxesWithAndWithout(won, ['card', 'title', 'status', 'details', 'age']);
      expect(w.after).to.deep.equal(w.before);
    });

    it('nor the error state’s', async () => {
      const control = controllableStorage(memoryAdapter());
      const { crm, deal } = await workspace(control.storage);
      control.mode = 'fail';
      const el = await card(crm, deal.id);
      await waitUntil(() => root(el).querySelector('button'));
      const e = await boxesWithAndWithout(el, ['card', 'button']);
      expect(e.after).to.deep.equal(e.before);
    });
  });
});
