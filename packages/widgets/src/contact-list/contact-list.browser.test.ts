import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createCrm, memoryAdapter, type Contact, type Crm } from '@rapport/core';
import type { RapportContactSelectEvent } from '../events/rapport-contact-select-event.js';
import { hostileStrings, somethingRan } from '../internal/hostile-strings.test-support.js';
import '../provider/define.js';
import type { RapportContactList } from './contact-list.js';
import { bodyRows, cellTexts, controllableStorage, loadedRows, rowName, rowsShown, shadow, statusText } from './contact-list.test-support.js';
import './define.js';

/** A small workspace with known people: names, companies, stages, tags, owners and two scores. */
async function smallCrm(): Promise<{ crm: Crm; people: Contact[] }> {
  const crm = createCrm({ storage: memoryAdapter() });
  const acme = await crm.companies.create({ name: 'Acme' });
  const globex = await crm.companies.create({ name: 'Globex' });
  const people = [
    await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', title: 'CTO', companyId: acme.id, lifecycleStage: 'customer', tags: ['vip'], ownerId: 'user-ada' }),
    await crm.contacts.create({ firstName: 'Bob', lastName: 'Stone', title: 'Buyer', companyId: globex.id, lifecycleStage: 'lead', ownerId: 'user-ben' }),
    await crm.contacts.create({ firstName: 'Cleo', lastName: 'Adams', companyId: acme.id, lifecycleStage: 'lead', tags: ['vip', 'partner'] }),
    await crm.contacts.create({ emails: ['dee@example.com'], lifecycleStage: 'subscriber' }),
  ];
  // A cached score, as crm.scoring stores it.
  const storedAnn = await crm.storage.collection('contacts').get(people[0]!.id);
  await crm.storage.collection('contacts').put({ ...storedAnn!, score: { value: 72.4, grade: 'A', computedAt: '2026-05-01T08:00:00.000Z' } });
  return { crm, people };
}

const listOf = (crm: Crm | undefined, extra = html``) => fixture<RapportContactList>(html`<rapport-contact-list .crm=${crm}>${extra}</rapport-contact-list>`);

describe('<rapport-contact-list>', () => {
  afterEach(() => delete (window as { __rapportPwned?: unknown }).__rapportPwned);

  describe('accessibility in every state', () => {
    it('initial: no workspace', async () => {
      const el = await listOf(undefined);
      await expect(el).to.be.accessible();
      expect(statusText(el)).to.equal('No workspace to show contacts from.');
      expect(shadow(el).querySelector('[role="grid"]')).to.equal(null);
    });

    it('loading: the first page has not arrived', async () => {
      const control = controllableStorage(memoryAdapter());
      control.hold();
      const el = await listOf(createCrm({ storage: control.storage }));
      expect(statusText(el)).to.equal('Loading contacts…');
      await expect(el).to.be.accessible();
      control.release();
      await waitUntil(() => statusText(el) === 'No contacts yet.', 'loaded after release');
    });

    it('empty: no contacts at all, and none for a search or a filter, each with its own message', async () => {
      const el = await listOf(createCrm({ storage: memoryAdapter() }));
      await waitUntil(() => statusText(el) === 'No contacts yet.', 'empty workspace');
      await expect(el).to.be.accessible();

      const { crm } = await smallCrm();
      el.crm = crm;
      el.search = 'zebra';
      await waitUntil(() => statusText(el) === 'No contacts match “zebra”.', 'no search results');
      await expect(el).to.be.accessible();

      el.search = '';
      el.tag = 'nobody-has-this';
      await waitUntil(() => statusText(el) === 'No contacts match these filters.', 'no filter results');
      expect(shadow(el).querySelector('[role="grid"]')).to.equal(null);
    });

    it('error: says so, and Try again reads the list again', async () => {
      const { crm: source } = await smallCrm();
      const control = controllableStorage(source.storage);
      control.fail(true);
      const el = await listOf(createCrm({ storage: control.storage }));
      await waitUntil(() => statusText(el) === 'The contacts could not be loaded.', 'error shown');
      await expect(el).to.be.accessible();
      const retry = shadow(el).querySelector<HTMLButtonElement>('button[part="retry"]')!;
      expect(retry.textContent).to.equal('Try again');

      control.fail(false);
      retry.click();
      await rowsShown(el);
      expect(statusText(el)).to.equal('4 contacts');
      expect(shadow(el).querySelector('button[part="retry"]')).to.equal(null);
    });

    it('complete, with a selected row', async () => {
      const { crm, people } = await smallCrm();
      const el = await listOf(crm);
      await rowsShown(el);
      await expect(el).to.be.accessible();
      el.selectedId = people[1]!.id;
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  });

  describe('attributes and properties', () => {
    it('shows every column: initials and name, company, title, stage, score with grade, owner', async () => {
      const { crm } = await smallCrm();
      const el = await listOf(crm);
      await rowsShown(el);
      const grid = shadow(el).querySelector('[role="grid"]')!;
      expect(grid.getAttribute('aria-rowcount')).to.equal('5');
      expect(grid.getAttribute('aria-label')).to.equal('Contacts');
      const headers = [...grid.querySelectorAll('[role="columnheader"]')].map((h) => h.textContent!.trim());
      expect(headers).to.deep.equal(['Name', 'Company', 'Title', 'Stage', 'Score', 'Owner']);
      // By last name: a contact without one sorts first, then Adams, Lee, Stone.
      const rows = loadedRows(el);
      expect(rows.map((r) => r.getAttribute('aria-rowindex'))).to.deep.equal(['2', '3', '4', '5']);
      expect(rows.map(cellTexts)).to.deep.equal([
        ['Ddee@example.com', '', '', 'Subscriber', 'Not scored', 'Unassigned'],
        ['CACleo Adams', 'Acme', '', 'Lead', 'Not scored', 'Unassigned'],
        ['ALAnn Lee', 'Acme', 'CTO', 'Customer', '72 (A)', 'user-ada'],
        ['BSBob Stone', 'Globex', 'Buyer', 'Lead', 'Not scored', 'user-ben'],
      ]);
      expect(statusText(el)).to.equal('4 contacts');
    });

    it('narrows by the search, stage, tag and owner attributes', async () => {
      const { crm } = await smallCrm();
      const el = await fixture<RapportContactList>(html`<rapport-contact-list .crm=${crm} search="ac"></rapport-contact-list>`);
      await rowsShown(el);
      expect(loadedRows(el).map(rowName)).to.deep.equal(['Cleo Adams', 'Ann Lee']);

      const names = () => loadedRows(el).map(rowName).join(', ');
      el.removeAttribute('search');
      el.setAttribute('stage', 'lead');
      await waitUntil(() => names() === 'Cleo Adams, Bob Stone', 'leads only');
      expect(statusText(el)).to.equal('2 contacts');

      el.setAttribute('tag', 'VIP');
      await waitUntil(() => names() === 'Cleo Adams', 'leads tagged vip');
      expect(statusText(el)).to.equal('1 contact');

      el.removeAttribute('stage');
      el.removeAttribute('tag');
      el.setAttribute('owner', 'user-ben');
      await waitUntil(() => names() === 'Bob Stone', "Ben's contacts");
    });

    it('sorts by the sort and direction attributes, and marks the sorted column with aria-sort', async () => {
      const { crm } = await smallCrm();
      const el = await fixture<RapportContactList>(html`<rapport-contact-list .crm=${crm} sort="name" direction="desc"></rapport-contact-list>`);
      await rowsShown(el);
      expect(loadedRows(el).map(rowName)).to.deep.equal(['Bob Stone', 'Ann Lee', 'Cleo Adams', 'dee@example.com']);
      const sortOf = () => [...shadow(el).querySelectorAll('[role="columnheader"]')].map((h) => h.getAttribute('aria-sort'));
      expect(sortOf()).to.deep.equal(['descending', null, null, null, null, null]);

      const names = () => loadedRows(el).map(rowName).join(', ');
      el.sort = 'score';
      await waitUntil(() => names() === 'Ann Lee, dee@example.com, Cleo Adams, Bob Stone', 'highest score first, then the unscored, newest id first');
      expect(sortOf()).to.deep.equal([null, null, null, null, 'descending', null]);

      el.sort = 'company';
      el.direction = 'asc';
      await waitUntil(() => names() === 'dee@example.com, Ann Lee, Cleo Adams, Bob Stone', 'no company first, then by company name and id');
      expect(loadedRows(el).map((r) => cellTexts(r)[1])).to.deep.equal(['', 'Acme', 'Acme', 'Globex']);
      expect(sortOf()).to.deep.equal([null, 'ascending', null, null, null, null]);
      expect(shadow(el).querySelector<HTMLSelectElement>('select[name="sort"]')!.value).to.equal('company-asc');

      el.sort = 'created';
      el.direction = 'desc';
      await waitUntil(() => names() === 'dee@example.com, Cleo Adams, Bob Stone, Ann Lee', 'newest first');
      expect(sortOf()).to.deep.equal([null, null, null, null, null, null]);
    });

    it('reflects selected-id and marks that row aria-selected, set either way', async () => {
      const { crm, people } = await smallCrm();
      const el = await fixture<RapportContactList>(html`<rapport-contact-list .crm=${crm} selected-id=${people[0]!.id}></rapport-contact-list>`);
      await rowsShown(el);
      const selected = () => loadedRows(el).filter((r) => r.getAttribute('aria-selected') === 'true').map(rowName);
      expect(selected()).to.deep.equal(['Ann Lee']);
      el.selectedId = people[1]!.id;
      await el.updateComplete;
      expect(el.getAttribute('selected-id')).to.equal(people[1]!.id);
      expect(selected()).to.deep.equal(['Bob Stone']);
    });

    it('shows owner names from the owners property and offers them as the owner filter', async () => {
      const { crm } = await smallCrm();
      const el = await listOf(crm);
      el.owners = [
        { id: 'user-ada', name: 'Ada Lovelace' },
        { id: 'user-ben', name: 'Ben Okri' },
      ];
      await rowsShown(el);
      await el.updateComplete;
      expect(loadedRows(el).map((r) => cellTexts(r)[5])).to.deep.equal(['Unassigned', 'Unassigned', 'Ada Lovelace', 'Ben Okri']);
      const select = shadow(el).querySelector<HTMLSelectElement>('select[name="owner"]')!;
      expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['All owners', 'Ada Lovelace', 'Ben Okri']);
      select.value = 'user-ada';
      select.dispatchEvent(new Event('change'));
      await waitUntil(() => statusText(el) === '1 contact');
      expect(el.owner).to.equal('user-ada');
    });

    it('takes its crm from a <rapport-provider>, and its strings and locale from properties', async () => {
      const { crm } = await smallCrm();
      const provider = await fixture(html`<rapport-provider .crm=${crm}><rapport-contact-list locale="de" .strings=${{ 'count.other': '{count} Kontakte', 'stage.lead': 'Interessent' }}></rapport-contact-list></rapport-provider>`);
      const el = provider.querySelector('rapport-contact-list')!;
      await rowsShown(el);
      expect(statusText(el)).to.equal('4 Kontakte');
      expect(cellTexts(loadedRows(el)[1]!)[3]).to.equal('Interessent');
      expect(cellTexts(loadedRows(el)[2]!)[4]).to.equal('72 (A)');
    });
  });

  describe('events', () => {
    it('fires rapport-contact-select when the user clicks a row, and selects it', async () => {
      const { crm, people } = await smallCrm();
      const el = await listOf(crm);
      await rowsShown(el);
      const bob = loadedRows(el).find((r) => rowName(r) === 'Bob Stone')!;
      setTimeout(() => bob.querySelector<HTMLElement>('[role="gridcell"]')!.click());
      const event = (await oneEvent(el, 'rapport-contact-select')) as RapportContactSelectEvent;
      expect(event.detail.contact.id).to.equal(people[1]!.id);
      expect(event.bubbles && event.composed).to.equal(true);
      expect(el.selectedId).to.equal(people[1]!.id);
      await el.updateComplete;
      expect(bob.getAttribute('aria-selected')).to.equal('true');
    });

    it('fires on Enter and on Space on the focused row', async () => {
      const { crm, people } = await smallCrm();
      const el = await listOf(crm);
      await rowsShown(el);
      const seen: string[] = [];
      el.addEventListener('rapport-contact-select', (e) => seen.push(e.detail.contact.id));
      loadedRows(el)[2]!.focus();
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Space' });
      expect(seen).to.deep.equal([people[0]!.id, people[1]!.id]);
      expect(el.selectedId).to.equal(people[1]!.id);
    });

    it('does not fire when code sets selectedId, search, sort or filters', async () => {
      const { crm, people } = await smallCrm();
      const el = await listOf(crm);
      await rowsShown(el);
      let fired = 0;
      el.addEventListener('rapport-contact-select', () => fired++);
      el.selectedId = people[2]!.id;
      el.sort = 'company';
      el.stage = 'lead';
      await waitUntil(() => statusText(el) === '2 contacts');
      expect(fired).to.equal(0);
    });
  });

  describe('parts', () => {
    it('exposes toolbar, status, grid, row and selected row (and retry in the error state)', async () => {
      const { crm, people } = await smallCrm();
      const el = await fixture<RapportContactList>(html`<rapport-contact-list .crm=${crm} selected-id=${people[0]!.id}></rapport-contact-list>`);
      await rowsShown(el);
      const parts = (name: string) => shadow(el).querySelectorAll(`[part~="${name}"]`).length;
      expect(parts('toolbar')).to.equal(1);
      expect(parts('status')).to.equal(1);
      expect(parts('grid')).to.equal(1);
      expect(parts('row')).to.equal(4);
      expect(parts('selected')).to.equal(1);
      expect(shadow(el).querySelector('[part~="selected"]')!.getAttribute('part')).to.equal('row selected');
    });
  });

  describe('keyboard', () => {
    it('has one tab stop in the grid, and moves it with the arrows, Home and End', async () => {
      const { crm } = await smallCrm();
      const el = await listOf(crm);
      await rowsShown(el);
      const tabStops = () => bodyRows(el).filter((r) => r.tabIndex === 0);
      expect(tabStops().length).to.equal(1);
      shadow(el).querySelector<HTMLInputElement>('input[name="owner"]')!.focus();
      await sendKeys({ press: 'Tab' });
      const focused = () => shadow(el).activeElement as HTMLElement | null;
      expect(focused()?.getAttribute('aria-rowindex')).to.equal('2');
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowDown' });
      expect(focused()?.getAttribute('aria-rowindex')).to.equal('4');
      expect(tabStops().length === 1 && tabStops()[0] === focused(), 'the focused row is the only tab stop').to.equal(true);
      await sendKeys({ press: 'ArrowUp' });
      expect(rowName(focused()!)).to.equal('Cleo Adams');
      await sendKeys({ press: 'End' });
      expect(rowName(focused()!)).to.equal('Bob Stone');
      await sendKeys({ press: 'ArrowDown' });
      expect(rowName(focused()!), 'stays on the last row').to.equal('Bob Stone');
      await sendKeys({ press: 'Home' });
      expect(focused()?.getAttribute('aria-rowindex')).to.equal('2');
      await sendKeys({ press: 'Control+End' });
      expect(focused()?.getAttribute('aria-rowindex')).to.equal('5');
      await sendKeys({ press: 'Control+Home' });
      expect(focused()?.getAttribute('aria-rowindex')).to.equal('2');
      await sendKeys({ press: 'Tab' });
      expect(focused() === null, 'Tab leaves the grid').to.equal(true);
    });

    it('searches as the user types in the labelled search box, after a pause', async () => {
      const { crm } = await smallCrm();
      const el = await listOf(crm);
      await rowsShown(el);
      const input = shadow(el).querySelector<HTMLInputElement>('input[type="search"]')!;
      expect(input.labels?.[0]?.textContent?.trim()).to.equal('Search');
      input.focus();
      await sendKeys({ type: 'acme le' });
      expect(el.search, 'not yet: typing has not paused').to.equal('');
      await waitUntil(() => statusText(el) === '1 contact', 'searched after the pause');
      expect(el.search).to.equal('acme le');
      expect(loadedRows(el).map(rowName)).to.deep.equal(['Ann Lee']);
      expect(shadow(el).activeElement === input, 'focus stays in the search box').to.equal(true);
    });
  });

  describe('hostile text', () => {
    it('shows hostile names, titles, companies, tags and owners as text and runs nothing', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      const n = hostileStrings.length;
      const pick = (i: number) => hostileStrings[i % n] as string;
      const expected: string[][] = [];
      for (let i = 0; i < n; i++) {
        const company = await crm.companies.create({ name: pick(i + 3) });
        const contact = await crm.contacts.create({ firstName: pick(i), lastName: pick(i + 1), title: pick(i + 2), companyId: company.id, ownerId: pick(i + 4), tags: [pick(i + 5).slice(0, 64)] });
        expected.push([`${contact.firstName} ${contact.lastName}`, company.name, contact.title!, contact.ownerId!]);
      }
      const el = await fixture<RapportContactList>(html`<rapport-contact-list .crm=${crm}></rapport-contact-list>`);
      await waitUntil(() => loadedRows(el).length === n, 'every row shown');
      const shown = loadedRows(el).map((r) => {
        const [, company, title, , , owner] = cellTexts(r);
        return [rowName(r), company!, title!, owner!];
      });
      expect(shown.sort()).to.deep.equal(expected.sort());

      el.owners = hostileStrings.map((h, i) => ({ id: h.trim(), name: pick(i + 7) }));
      el.tag = pick(5).slice(0, 64);
      el.search = pick(0);
      await waitUntil(() => statusText(el) !== 'Loading contacts…', 'searched');
      await el.updateComplete;
      const options = [...shadow(el).querySelectorAll('select[name="owner"] option')].map((o) => o.textContent);
      expect(options.slice(1)).to.deep.equal(hostileStrings.map((_, i) => pick(i + 7)));

      el.search = '<img src=x onerror=alert(1)>';
      await waitUntil(() => statusText(el).startsWith('No contacts match'), 'no match for markup');
      expect(statusText(el)).to.equal('No contacts match “<img src=x onerror=alert(1)>”.');

      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(somethingRan(), 'a payload ran').to.equal(false);
      expect(shadow(el).querySelectorAll('img, script, svg, iframe, style, a, object, embed').length).to.equal(0);
    });
  });
});
