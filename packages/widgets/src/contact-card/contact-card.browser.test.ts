import { expect, fixture, html, nextFrame, oneEvent, waitUntil } from '@open-wc/testing';
import { indexedDbAdapter } from '@rapport/adapters/indexeddb';
import { createCrm, fixedClock, memoryAdapter, type Contact, type ContactInput, type Crm } from '@rapport/core';
import { sendKeys } from '@web/test-runner-commands';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { RapportContactSaveEvent } from '../events/rapport-contact-save-event.js';
import type { RapportContactSavedEvent } from '../events/rapport-contact-saved-event.js';
import { hostileStrings, somethingRan } from '../internal/hostile-strings.test-support.js';
import '../provider/define.js';
import type { RapportContactCard } from './contact-card.js';
import { controllableStorage } from './controllable-storage.test-support.js';
import './define.js';

const now = '2026-06-01T12:00:00.000Z';

/** A memory workspace with Ann Lee of Acme: every field the card shows is set, and her score is stored. */
async function workspace(storage = memoryAdapter()): Promise<{ crm: Crm; ann: Contact }> {
  const crm = createCrm({ storage, clock: fixedClock(now) });
  const acme = await crm.companies.create({ name: 'Acme', domain: 'acme.example', size: '5001+' });
  const created = await crm.contacts.create({
    firstName: 'Ann',
    lastName: 'Lee',
    title: 'VP Sales',
    companyId: acme.id,
    emails: ['ann@acme.example', 'ann.lee@gmail.com'],
    phones: ['+1 (555) 0100'],
    lifecycleStage: 'salesQualified',
    ownerId: 'user-ada',
    tags: ['vip', 'enterprise'],
    customFields: { seats: 1200, website: 'https://acme.example/team', newsletter: true },
  });
  const ann = await crm.scoring.rescore(created.id);
  return { crm, ann };
}

const card = (crm: Crm | undefined, id: string | undefined, compact = false) =>
  fixture<RapportContactCard>(html`<rapport-contact-card locale="en-US" .crm=${crm} contact-id=${ifDefined(id)} ?compact=${compact}></rapport-contact-card>`);

const root = (el: RapportContactCard) => el.shadowRoot as ShadowRoot;
const part = (el: RapportContactCard, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const status = (el: RapportContactCard) => text(part(el, 'status'));
const field = <T extends HTMLElement = HTMLInputElement>(el: RapportContactCard, name: string) => root(el).querySelector<T>(`[name="${name}"]`) as T;

async function shown(el: RapportContactCard): Promise<void> {
  await waitUntil(() => part(el, 'name'), 'the contact did not show');
  await el.updateComplete;
}

async function openEditor(el: RapportContactCard): Promise<void> {
  part(el, 'edit-button')?.click();
  await waitUntil(() => part(el, 'form') && root(el).activeElement === field(el, 'firstName'), 'the editor did not open with focus in the first field');
}

function fill(el: RapportContactCard, name: string, value: string): void {
  const control = field<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(el, name);
  control.value = value;
  control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

async function save(el: RapportContactCard): Promise<void> {
  await el.updateComplete;
  root(el).querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
}

/** Holds every write to the memory store until the returned function is called. */
async function holdWrites(crm: Crm): Promise<() => Promise<void>> {
  let release: (() => void) | undefined;
  const held = crm.storage.transaction(['contacts'], () => new Promise<void>((resolve) => (release = resolve)));
  await waitUntil(() => release, 'the store did not start the holding transaction');
  return async () => {
    release?.();
    await held;
  };
}

/** Listens for the card's events for the length of a test. */
function recordEvents(el: RapportContactCard) {
  const events: Event[] = [];
  for (const type of ['rapport-contact-save', 'rapport-contact-saved']) el.addEventListener(type, (e) => events.push(e));
  return events;
}

describe('<rapport-contact-card>', () => {
  describe('accessibility', () => {
    it('is accessible with nothing to show (initial)', async () => {
      const el = await card(undefined, undefined);
      expect(text(part(el, 'card'))).to.equal('No contact to show.');
      await expect(el).to.be.accessible();
    });

    it('is accessible while loading', async () => {
      const control = controllableStorage(memoryAdapter());
      const { crm, ann } = await workspace(control.storage);
      control.mode = 'hold';
      const el = await card(crm, ann.id);
      expect(text(part(el, 'card'))).to.equal('Loading the contact…');
      expect(part(el, 'card')?.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
      control.mode = 'normal';
      control.release();
      await shown(el);
    });

    it('is accessible when the contact does not exist (empty)', async () => {
      const { crm } = await workspace();
      const el = await card(crm, '01900000-0000-7000-8000-000000000000');
      await waitUntil(() => text(part(el, 'card')).includes('does not exist'));
      await expect(el).to.be.accessible();
    });

    it('is accessible when loading fails (error), and its retry button loads again', async () => {
      const control = controllableStorage(memoryAdapter());
      const { crm, ann } = await workspace(control.storage);
      control.mode = 'fail';
      const el = await card(crm, ann.id);
      await waitUntil(() => text(part(el, 'card')).includes('could not be loaded'));
      await expect(el).to.be.accessible();
      control.mode = 'normal';
      [...root(el).querySelectorAll('button')].find((b) => text(b) === 'Try again')?.click();
      await shown(el);
      expect(text(part(el, 'name'))).to.equal('Ann Lee');
    });

    it('is accessible showing a contact (complete), compact or not', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      await expect(el).to.be.accessible();
      el.compact = true;
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });

    it('is accessible while editing, and with validation errors shown', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      await openEditor(el);
      await expect(el).to.be.accessible();
      fill(el, 'emails', 'not-an-email');
      await save(el);
      await waitUntil(() => field(el, 'emails')?.getAttribute('aria-invalid') === 'true');
      await expect(el).to.be.accessible();
    });

    it('is accessible after a conflict, with its message', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      await openEditor(el);
      await createCrm({ storage: crm.storage }).contacts.update(ann.id, { title: 'Chief Revenue Officer' });
      fill(el, 'title', 'CTO');
      await save(el);
      await waitUntil(() => status(el).startsWith('Someone else changed this contact'));
      await expect(el).to.be.accessible();
    });
  });

  describe('attributes and properties', () => {
    it('shows name, initials, title and company, links, stage, owner, tags, other fields and the stored score', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      expect(text(part(el, 'name'))).to.equal('Ann Lee');
      expect(text(part(el, 'avatar'))).to.equal('AL');
      expect(part(el, 'avatar')?.getAttribute('aria-hidden')).to.equal('true');
      expect(text(part(el, 'subtitle'))).to.equal('VP Sales, Acme');
      const links = [...root(el).querySelectorAll('a')].map((a) => [text(a), a.getAttribute('href')]);
      expect(links).to.deep.equal([
        ['ann@acme.example', 'mailto:ann@acme.example'],
        ['ann.lee@gmail.com', 'mailto:ann.lee@gmail.com'],
        ['+1 (555) 0100', 'tel:+15550100'],
        ['https://acme.example/team', 'https://acme.example/team'],
      ]);
      const details = [...root(el).querySelectorAll('dt')].map((dt) => [text(dt), (dt.nextElementSibling as HTMLElement).innerText.replace(/\s+/g, ' ').trim()]);
      expect(details).to.deep.equal([
        ['Email', 'ann@acme.example ann.lee@gmail.com'],
        ['Phone', '+1 (555) 0100'],
        ['Stage', 'Sales qualified'],
        ['Owner', 'user-ada'],
        ['Tags', 'vip enterprise'],
        ['seats', '1,200'],
        ['website', 'https://acme.example/team'],
        ['newsletter', 'Yes'],
      ]);
      const badge = part(el, 'score') as HTMLElementTagNameMap['rapport-score-badge'];
      expect(badge.tagName).to.equal('RAPPORT-SCORE-BADGE');
      expect(badge.score).to.deep.equal(ann.score);
      expect(badge.contactId).to.equal(ann.id);
      await badge.updateComplete;
      expect(text(badge.shadowRoot?.querySelector('[part~="grade"]'))).to.equal(ann.score?.grade);
    });

    it('shows no score badge for a contact without a stored score, and initials from the email without a name', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      const contact = await crm.contacts.create({ emails: ['zoe@acme.example'] });
      const el = await card(crm, contact.id);
      await shown(el);
      expect(part(el, 'score')).to.equal(null);
      expect(text(part(el, 'avatar'))).to.equal('Z');
      expect(text(part(el, 'name'))).to.equal('zoe@acme.example');
    });

    it('reflects contact-id, and shows the other contact when it changes', async () => {
      const { crm, ann } = await workspace();
      const bo = await crm.contacts.create({ firstName: 'Bo', lastName: 'Berg' });
      const el = await card(crm, ann.id);
      await shown(el);
      expect(el.contactId).to.equal(ann.id);
      el.contactId = bo.id;
      await el.updateComplete;
      expect(el.getAttribute('contact-id')).to.equal(bo.id);
      await waitUntil(() => text(part(el, 'name')) === 'Bo Berg', 'the card did not follow contact-id');
      el.setAttribute('contact-id', ann.id);
      await waitUntil(() => text(part(el, 'name')) === 'Ann Lee');
    });

    it('compact: reflected, shows only name, subtitle, first email and phone, and takes less room', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      const fullHeight = el.getBoundingClientRect().height;
      el.compact = true;
      await el.updateComplete;
      expect(el.hasAttribute('compact')).to.equal(true);
      expect(root(el).querySelector('dl')).to.equal(null);
      expect([...root(el).querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal(['mailto:ann@acme.example', 'tel:+15550100']);
      expect(text(part(el, 'subtitle'))).to.equal('VP Sales, Acme');
      expect(part(el, 'score')).to.not.equal(null);
      expect(el.getBoundingClientRect().height).to.be.below(fullHeight / 2);
      expect(part(el, 'avatar')?.getBoundingClientRect().width).to.equal(32);

      const attr = await card(crm, ann.id, true);
      await shown(attr);
      expect(attr.compact).to.equal(true);
      attr.removeAttribute('compact');
      await attr.updateComplete;
      expect(root(attr).querySelector('dl')).to.not.equal(null);
    });

    it('uses the workspace of an enclosing <rapport-provider>', async () => {
      const { crm, ann } = await workspace();
      const wrapper = await fixture(html`<rapport-provider .crm=${crm}><rapport-contact-card locale="en-US" contact-id=${ann.id}></rapport-contact-card></rapport-provider>`);
      const el = wrapper.querySelector('rapport-contact-card') as RapportContactCard;
      await shown(el);
      expect(text(part(el, 'name'))).to.equal('Ann Lee');
    });

    it('takes its strings from `strings`', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      el.strings = { edit: 'Bearbeiten', editLabel: '{name} bearbeiten', stageSalesQualified: 'Vertriebsreif', owner: 'Zuständig' };
      await shown(el);
      expect(text(part(el, 'edit-button'))).to.equal('Bearbeiten');
      expect(part(el, 'edit-button')?.getAttribute('aria-label')).to.equal('Ann Lee bearbeiten');
      expect(text(root(el).querySelector('.stage'))).to.equal('Vertriebsreif');
      expect([...root(el).querySelectorAll('dt')].map(text)).to.include('Zuständig');
      el.scoreStrings = { scoreLabel: 'Punkte' };
      await el.updateComplete;
      const badge = part(el, 'score') as HTMLElementTagNameMap['rapport-score-badge'];
      await badge.updateComplete;
      expect(text(badge.shadowRoot?.querySelector('button'))).to.contain('Punkte');
    });
  });

  describe('events', () => {
    it('saves an edit: fires rapport-contact-save with the patch, shows the new values at once, then fires rapport-contact-saved', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      const events = recordEvents(el);
      await openEditor(el);
      fill(el, 'title', 'CTO');
      fill(el, 'tags', 'vip, board');
      fill(el, 'lifecycleStage', 'customer');
      fill(el, 'phones', '+1 (555) 0100\n+44 20 7946 0000');

      const release = await holdWrites(crm);
      await save(el);
      await el.updateComplete;
      // Optimistic: the card shows the new values while the store still holds the old ones.
      expect(part(el, 'form')).to.equal(null);
      expect(text(part(el, 'subtitle'))).to.equal('CTO, Acme');
      expect(text(root(el).querySelector('.stage'))).to.equal('Customer');
      expect((await crm.contacts.get(ann.id)).title).to.equal('VP Sales');
      expect(status(el)).to.equal('Saving…');
      expect(root(el).activeElement).to.equal(part(el, 'edit-button'));
      expect(part(el, 'edit-button')?.getAttribute('aria-disabled')).to.equal('true');

      const saved = oneEvent(el, 'rapport-contact-saved');
      await release();
      const { detail } = (await saved) as RapportContactSavedEvent;

      const [saveEvent] = events as [RapportContactSaveEvent];
      expect(saveEvent.type).to.equal('rapport-contact-save');
      expect(saveEvent.cancelable && saveEvent.bubbles && saveEvent.composed).to.equal(true);
      expect(saveEvent.detail).to.deep.equal({
        contactId: ann.id,
        patch: { title: 'CTO', tags: ['vip', 'board'], lifecycleStage: 'customer', phones: ['+1 (555) 0100', '+44 20 7946 0000'] },
      });
      const stored = await crm.contacts.get(ann.id);
      expect(detail.contact).to.deep.equal(stored);
      expect(stored).to.include({ title: 'CTO', lifecycleStage: 'customer', version: ann.version + 1 });
      expect(stored.tags).to.deep.equal(['vip', 'board']);
      await el.updateComplete;
      expect(status(el)).to.equal('Saved.');
      expect(text(part(el, 'subtitle'))).to.equal('CTO, Acme');
      expect(events.map((e) => e.type)).to.deep.equal(['rapport-contact-save', 'rapport-contact-saved']);
    });

    it('fires nothing when code sets contact-id, compact or crm', async () => {
      const { crm, ann } = await workspace();
      const bo = await crm.contacts.create({ firstName: 'Bo' });
      const el = await card(crm, ann.id);
      await shown(el);
      const events = recordEvents(el);
      el.contactId = bo.id;
      el.compact = true;
      el.crm = createCrm({ storage: crm.storage });
      await waitUntil(() => text(part(el, 'name')) === 'Bo');
      expect(events).to.deep.equal([]);
    });

    it('closes without saving or firing when nothing changed', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      const events = recordEvents(el);
      await openEditor(el);
      fill(el, 'title', ' VP Sales ');
      await save(el);
      await waitUntil(() => !part(el, 'form'));
      expect(events).to.deep.equal([]);
      expect((await crm.contacts.get(ann.id)).version).to.equal(ann.version);
    });

    it('cancel path: preventDefault on rapport-contact-save writes nothing and keeps the editor open', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      const events = recordEvents(el);
      el.addEventListener('rapport-contact-save', (e) => e.preventDefault());
      await openEditor(el);
      fill(el, 'firstName', 'Annabel');
      await save(el);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await el.updateComplete;
      expect(await crm.contacts.get(ann.id)).to.deep.equal(ann);
      expect(events.map((e) => e.type)).to.deep.equal(['rapport-contact-save']);
      expect(part(el, 'form')).to.not.equal(null);
      expect(field(el, 'firstName').value).to.equal('Annabel');
      expect(status(el)).to.equal('');
    });

    it('a validation error keeps the editor open with the message at its field, tied by aria-describedby, and focuses it', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      const events = recordEvents(el);
      await openEditor(el);
      fill(el, 'title', 'CTO');
      fill(el, 'emails', 'ann@acme.example\nnot-an-email');
      await save(el);
      await waitUntil(() => part(el, 'form') && root(el).activeElement === field(el, 'emails'), 'focus did not move to the invalid field');
      const emails = field<HTMLTextAreaElement>(el, 'emails');
      expect(emails.getAttribute('aria-invalid')).to.equal('true');
      const describedBy = (emails.getAttribute('aria-describedby') ?? '').split(' ');
      const messages = describedBy.map((id) => text(root(el).getElementById(id)));
      expect(messages).to.include('not-an-email: Must be an email address');
      expect(emails.value).to.equal('ann@acme.example\nnot-an-email');
      expect(field(el, 'title').value).to.equal('CTO');
      expect(field(el, 'title').hasAttribute('aria-invalid')).to.equal(false);
      expect(await crm.contacts.get(ann.id)).to.deep.equal(ann);
      expect(events.map((e) => e.type)).to.deep.equal(['rapport-contact-save']);
    });

    it('a rule about several fields shows at the first name: a contact needs a name or an email', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      await openEditor(el);
      for (const name of ['firstName', 'lastName', 'emails']) fill(el, name, '');
      await save(el);
      await waitUntil(() => root(el).activeElement === field(el, 'firstName') && field(el, 'firstName')?.getAttribute('aria-invalid') === 'true');
      expect(text(root(el).getElementById('firstName-error'))).to.equal('A contact needs a first name, a last name or an email address');
    });

    it('a conflict rolls the optimistic values back to the stored contact and says why', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      const events = recordEvents(el);
      await openEditor(el);
      // Someone else (another Crm on the same store) edits the contact after the card read it.
      const other = createCrm({ storage: crm.storage });
      await other.contacts.update(ann.id, { title: 'Chief Revenue Officer' });
      fill(el, 'title', 'CTO');
      const release = await holdWrites(crm);
      await save(el);
      await el.updateComplete;
      expect(text(part(el, 'subtitle'))).to.equal('CTO, Acme');
      await release();
      await waitUntil(() => text(part(el, 'subtitle')) === 'Chief Revenue Officer, Acme', 'the card did not roll back to the stored contact');
      expect(status(el)).to.equal('Someone else changed this contact while you were editing. Your changes were not saved; the card now shows the latest version.');
      expect(part(el, 'status')?.getAttribute('role')).to.equal('status');
      expect((await crm.contacts.get(ann.id)).title).to.equal('Chief Revenue Officer');
      expect(events.map((e) => e.type)).to.deep.equal(['rapport-contact-save']);
      expect(part(el, 'form')).to.equal(null);
    });
    it('a failed write rolls back, reopens the editor on the draft and says so', async () => {
      const control = controllableStorage(memoryAdapter());
      const { crm, ann } = await workspace(control.storage);
      const el = await card(crm, ann.id);
      await shown(el);
      const events = recordEvents(el);
      await openEditor(el);
      fill(el, 'title', 'CTO');
      control.failWrites = true;
      await save(el);
      await waitUntil(() => part(el, 'form') && root(el).activeElement === root(el).querySelector('.form-error'), 'the editor did not reopen with its message focused');
      expect(text(root(el).querySelector('.form-error'))).to.equal('The changes could not be saved. Try again.');
      expect(status(el)).to.equal('The changes could not be saved. Try again.');
      expect(field(el, 'title').value).to.equal('CTO');
      expect(text(part(el, 'subtitle'))).to.equal('VP Sales, Acme');
      expect(events.map((e) => e.type)).to.deep.equal(['rapport-contact-save']);
      control.failWrites = false;
      const saved = oneEvent(el, 'rapport-contact-saved');
      await save(el);
      await saved;
      expect((await crm.contacts.get(ann.id)).title).to.equal('CTO');
    });

    it('closes the editor when the contact is deleted meanwhile', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      await openEditor(el);
      await createCrm({ storage: crm.storage }).contacts.delete(ann.id);
      await waitUntil(() => text(part(el, 'card')).includes('has been deleted'));
      await crm.contacts.restore(ann.id);
      await shown(el);
      expect(part(el, 'form')).to.equal(null);
    });
  });

  describe('parts', () => {
    it('exposes card, avatar, name, subtitle, details, tag, score, edit-button, status and form', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      for (const name of ['card', 'avatar', 'name', 'subtitle', 'details', 'tag', 'score', 'edit-button', 'status']) expect(part(el, name), name).to.not.equal(null);
      await openEditor(el);
      expect(part(el, 'form')).to.not.equal(null);
    });
  });

  describe('keyboard', () => {
    it('Enter on Edit opens the editor, Enter in a field saves', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      part(el, 'edit-button')?.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => root(el).activeElement === field(el, 'firstName'), 'Enter did not open the editor');
      await sendKeys({ press: 'End' });
      await sendKeys({ type: 'e' });
      const saved = oneEvent(el, 'rapport-contact-saved');
      await sendKeys({ press: 'Enter' });
      await saved;
      expect((await crm.contacts.get(ann.id)).firstName).to.equal('Anne');
    });

    it('Escape cancels editing, keeps the stored contact and returns focus to the Edit button', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      await openEditor(el);
      await sendKeys({ type: 'X' });
      await sendKeys({ press: 'Tab' });
      expect(root(el).activeElement).to.equal(field(el, 'lastName'));
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !part(el, 'form') && root(el).activeElement === part(el, 'edit-button'), 'Escape did not close the editor and return focus');
      expect(text(part(el, 'name'))).to.equal('Ann Lee');
      expect(await crm.contacts.get(ann.id)).to.deep.equal(ann);
    });
  });

  describe('hostile text', () => {
    it('shows every text field literally, runs nothing, injects nothing and links only safe schemes', async () => {
      for (const hostile of hostileStrings) {
        const crm = createCrm({ storage: memoryAdapter() });
        const company = await crm.companies.create({ name: hostile });
        const input: ContactInput = {
          firstName: hostile,
          lastName: hostile,
          title: hostile,
          companyId: company.id,
          // Core accepts only real addresses; an apostrophe is the most it lets through.
          emails: ["o'neil+tag@example.com"],
          ownerId: hostile,
          tags: [hostile.slice(0, 64)],
          customFields: { note: hostile, link: hostile },
        };
        const contact = await crm.contacts.create(input);
        const el = await card(crm, contact.id);
        await shown(el);
        const t = hostile.trim();
        expect(part(el, 'name')?.textContent).to.equal(`${t} ${t}`);
        expect(part(el, 'subtitle')?.textContent).to.equal(`${t}, ${t}`);
        expect(part(el, 'tag')?.textContent).to.equal(hostile.slice(0, 64).trim().toLowerCase());
        const values = [...root(el).querySelectorAll('dd')].map((dd) => dd.textContent?.trim());
        expect(values).to.include.members([t, hostile.trim()]);
        expect(part(el, 'edit-button')?.getAttribute('aria-label')).to.equal(`Edit ${t} ${t}`);
        for (const a of root(el).querySelectorAll('a')) expect(['mailto:', 'tel:', 'http:', 'https:']).to.include(new URL(a.href).protocol);
        expect(root(el).querySelector('a')?.getAttribute('href')).to.equal("mailto:o'neil+tag@example.com");
        expect(root(el).querySelectorAll('img, script, svg, iframe, style, object, embed').length).to.equal(0);

        await openEditor(el);
        expect(field(el, 'firstName').value).to.equal(t);
        expect(field(el, 'title').value).to.equal(t);
        expect(root(el).querySelectorAll('img, script, svg, iframe, style').length).to.equal(0);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(somethingRan()).to.equal(false);
    });

    it('shows hostile email addresses that core refuses literally in the messages', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      await openEditor(el);
      const typed = hostileStrings.map((s) => s.trim()).filter((s) => s.length > 0);
      fill(el, 'emails', typed.join('\n'));
      await save(el);
      await waitUntil(() => root(el).getElementById('emails-error'), 'no message at the emails field');
      const message = root(el).getElementById('emails-error')?.textContent ?? '';
      for (const s of typed) expect(message).to.contain(`${s}: Must be an email address`);
      expect(root(el).querySelectorAll('img, script, svg, iframe, style').length).to.equal(0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(somethingRan()).to.equal(false);
    });
  });

  describe('live updates', () => {
    it('shows a write made through a second Crm on the same IndexedDB database (another tab) without reload', async () => {
      const databaseName = `contact-card-${crypto.randomUUID()}`;
      const tabA = indexedDbAdapter({ databaseName });
      const tabB = indexedDbAdapter({ databaseName });
      try {
        const crmA = createCrm({ storage: tabA, clock: fixedClock(now) });
        const crmB = createCrm({ storage: tabB, clock: fixedClock(now) });
        const contact = await crmA.contacts.create({ firstName: 'Ann', lastName: 'Lee', title: 'VP Sales', emails: ['ann@gmail.com'] });
        const el = await card(crmA, contact.id);
        await shown(el);
        expect(part(el, 'score')).to.equal(null);

        await crmB.contacts.update(contact.id, { title: 'Chief Executive', tags: ['vip'] });
        await waitUntil(() => text(part(el, 'subtitle')) === 'Chief Executive', 'the other tab’s edit did not show', { timeout: 5000 });
        expect(text(part(el, 'tag'))).to.equal('vip');

        const scored = await crmB.scoring.rescore(contact.id);
        await waitUntil(() => part(el, 'score'), 'the other tab’s score did not show', { timeout: 5000 });
        const badge = part(el, 'score') as HTMLElementTagNameMap['rapport-score-badge'];
        await badge.updateComplete;
        expect(text(badge.shadowRoot?.querySelector('[part~="grade"]'))).to.equal(scored.score?.grade);

        await crmB.contacts.delete(contact.id);
        await waitUntil(() => text(part(el, 'card')).includes('does not exist or has been deleted'), 'the other tab’s delete did not show', { timeout: 5000 });
      } finally {
        await tabB.close?.();
        await tabA.deleteDatabase();
      }
    });
  });

  describe('hostile host CSS', () => {
    const hostileCss = '* { box-sizing: content-box !important; font-size: 40px !important; line-height: 3 !important; } button { all: unset !important; }';

    async function boxesWithAndWithout(el: RapportContactCard, parts: string[]) {
      const measure = () =>
        Object.fromEntries(
          parts.map((name) => {
            const node = root(el).querySelector(name.startsWith('[') || name.includes('=') ? name : `[part~="${name}"]`);
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

    it('a page-level style cannot change the card’s layout', async () => {
      const { crm, ann } = await workspace();
      const el = await card(crm, ann.id);
      await shown(el);
      const { before, after } = await boxesWithAndWithout(el, ['card', 'avatar', 'name', 'subtitle', 'details', 'tag', 'score', 'edit-button', 'status']);
      expect(after).to.deep.equal(before);
    });

    it('nor the compact card’s, nor the editor’s', async () => {
      const { crm, ann } = await workspace();
      const compact = await card(crm, ann.id, true);
      await shown(compact);
      const c = await boxesWithAndWithout(compact, ['card', 'avatar', 'name', 'details', 'score', 'edit-button']);
      expect(c.after).to.deep.equal(c.before);

      const el = await card(crm, ann.id);
      await shown(el);
      await openEditor(el);
      const e = await boxesWithAndWithout(el, ['form', '[name="firstName"]', '[name="emails"]', '[name="lifecycleStage"]', 'button[type="submit"]']);
      expect(e.after).to.deep.equal(e.before);
    });
  });
});
