import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { createCrm, memoryAdapter, type Contact, type Crm } from '@rapport/core';
import { sendKeys } from '@web/test-runner-commands';
import { controllableStorage } from '../contact-card/controllable-storage.test-support.js';
import type { RapportLeadErrorEvent } from '../events/rapport-lead-error-event.js';
import type { RapportLeadSubmitEvent } from '../events/rapport-lead-submit-event.js';
import type { RapportLeadSuccessEvent } from '../events/rapport-lead-success-event.js';
import { hostileStrings, somethingRan } from '../internal/hostile-strings.test-support.js';
import '../provider/define.js';
import './define.js';
import type { RapportLeadForm } from './lead-form.js';

const outboxKey = 'rapport-lead-outbox';

const root = (el: RapportLeadForm) => el.shadowRoot as ShadowRoot;
const part = (el: RapportLeadForm, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const control = <T extends HTMLElement = HTMLInputElement>(el: RapportLeadForm, name: string) => root(el).querySelector<T>(`[name="${name}"]`) as T;

function fill(el: RapportLeadForm, name: string, value: string | boolean): void {
  const input = control<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(el, name);
  if (typeof value === 'boolean') (input as HTMLInputElement).checked = value;
  else input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement || typeof value === 'boolean' ? 'change' : 'input', { bubbles: true }));
}

async function submit(el: RapportLeadForm): Promise<void> {
  await el.updateComplete;
  root(el).querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
}

/** A contact form declared with `<rapport-field>` children, over the given workspace. */
const contactForm = (crm: Crm | undefined) =>
  fixture<RapportLeadForm>(html`
    <rapport-lead-form .crm=${crm} form-id="pricing">
      <rapport-field name="firstName" label="First name"></rapport-field>
      <rapport-field name="email" label="Work email" required help="We reply within a day."></rapport-field>
      <rapport-field name="plan" type="select" label="Plan">
        <option value="team">Team</option>
        <option value="enterprise">Enterprise</option>
      </rapport-field>
      <rapport-field name="message" label="How can we help?" maxlength="500"></rapport-field>
      <rapport-field name="campaign" type="hidden" value="spring"></rapport-field>
      <rapport-field type="checkbox" consent="marketing-email">
        Send me product news by email. You can unsubscribe at any time.
      </rapport-field>
    </rapport-lead-form>
  `);

async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function onlyContact(crm: Crm): Promise<Contact> {
  const { items } = await crm.contacts.list({ limit: 10 });
  expect(items).to.have.length(1);
  return items[0] as Contact;
}

/** What `run` writes with console.error (the form names configuration problems there). */
async function consoleErrors(run: () => Promise<void>): Promise<string[]> {
  const errors: string[] = [];
  const original = console.error;
  console.error = (message: string) => errors.push(message);
  try {
    await run();
  } finally {
    console.error = original;
  }
  return errors;
}

/** Records the form's events for the length of a test. */
function recordEvents(el: RapportLeadForm) {
  const events: Event[] = [];
  for (const type of ['rapport-lead-submit', 'rapport-lead-success', 'rapport-lead-error']) el.addEventListener(type, (e) => events.push(e));
  return events;
}

describe('<rapport-lead-form>', () => {
  beforeEach(() => localStorage.removeItem(outboxKey));
  afterEach(() => localStorage.removeItem(outboxKey));

  describe('fields', () => {
    it('renders the fields its <rapport-field> children declare, with labels, hints and the required mark', async () => {
      const el = await contactForm(createCrm({ storage: memoryAdapter() }));
      const labels = [...root(el).querySelectorAll('label[part="label"]')].map(text);
      expect(labels).to.deep.equal(['First name', 'Work email (required)', 'Plan', 'How can we help?', 'Send me product news by email. You can unsubscribe at any time.']);
      expect(control(el, 'email').type).to.equal('email');
      expect(control(el, 'email').autocomplete).to.equal('email');
      expect(control(el, 'firstName').autocomplete).to.equal('given-name');
      expect(control(el, 'message').localName).to.equal('textarea');
      expect(control(el, 'message').getAttribute('maxlength')).to.equal('500');
      expect([...control<HTMLSelectElement>(el, 'plan').options].map((o) => o.value)).to.deep.equal(['', 'team', 'enterprise']);
      expect(control(el, 'campaign'), 'a hidden field is not rendered').to.equal(null);
      const help = root(el).getElementById(control(el, 'email').getAttribute('aria-describedby') ?? '');
      expect(text(help)).to.equal('We reply within a day.');
      await expect(el).to.be.accessible();
    });

    it('takes a JSON list in the `fields` attribute, and follows changes to its children', async () => {
      const el = await fixture<RapportLeadForm>(html`<rapport-lead-form fields='[{"name":"email","label":"Email","required":true},{"name":"phone","label":"Phone"}]'></rapport-lead-form>`);
      expect(control(el, 'phone').type).to.equal('tel');
      const declared = await fixture<RapportLeadForm>(html`<rapport-lead-form><rapport-field name="email" label="Email"></rapport-field></rapport-lead-form>`);
      const added = document.createElement('rapport-field');
      added.setAttribute('name', 'company');
      added.setAttribute('label', 'Company');
      declared.append(added);
      await waitUntil(() => control(declared, 'company'), 'the added field did not show');
      declared.querySelector('rapport-field')?.setAttribute('label', 'Your email');
      await waitUntil(() => text(root(declared).querySelector('label')) === 'Your email', 'the changed label did not show');
    });

    it('shows a plain "not available" message, and names the problem in the console, for a field list it cannot use', async () => {
      const errors = await consoleErrors(async () => {
        const el = await fixture<RapportLeadForm>(html`<rapport-lead-form fields='[{"name":"email"}]'></rapport-lead-form>`);
        expect(text(part(el, 'alert'))).to.equal('This form is not available right now.');
        const broken = await fixture<RapportLeadForm>(html`<rapport-lead-form fields="[not json"></rapport-lead-form>`);
        expect(text(part(broken, 'alert'))).to.equal('This form is not available right now.');
      });
      expect(errors.join('\n')).to.contain('fields[0].label');
    });

    it('waits quietly for fields appended after it is connected', async () => {
      const errors = await consoleErrors(async () => {
        const el = await fixture<RapportLeadForm>(html`<rapport-lead-form></rapport-lead-form>`);
        expect(part(el, 'alert')?.textContent ?? '').to.equal('');
        el.innerHTML = '<rapport-field name="email" label="Email"></rapport-field>';
        await waitUntil(() => control(el, 'email'), 'the appended field did not show');
      });
      expect(errors).to.deep.equal([]);
    });

    it('refuses a form id longer than core stores', async () => {
      const errors = await consoleErrors(async () => {
        const el = await fixture<RapportLeadForm>(html`<rapport-lead-form form-id=${'f'.repeat(129)} fields='[{"name":"email","label":"Email"}]'></rapport-lead-form>`);
        expect(text(part(el, 'alert'))).to.equal('This form is not available right now.');
      });
      expect(errors.join('\n')).to.contain('form-id: at most 128 characters');
    });

    it('shows hostile text in labels, hints, options and answers as text, and runs none of it', async () => {
      const fields = hostileStrings.map((hostile, i) => ({ name: `f${i}`, label: hostile, help: hostile, type: i % 2 ? 'select' : 'text', options: [{ value: hostile, label: hostile }] }));
      const el = await fixture<RapportLeadForm>(html`<rapport-lead-form .fields=${[...fields, { name: 'email', label: 'Email' }]}></rapport-lead-form>`);
      hostileStrings.forEach((hostile, i) => {
        if (i % 2 === 0) fill(el, `f${i}`, hostile);
      });
      await el.updateComplete;
      expect(root(el).querySelectorAll('script, img, svg, iframe, a[href], style')).to.have.length(0);
      expect(text(root(el).querySelector('label'))).to.equal(hostileStrings[0]);
      expect(somethingRan()).to.equal(false);
    });
  });

  describe('validation in the browser', () => {
    it('ties each error to its field, moves focus to the first, and sends nothing', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      const el = await contactForm(crm);
      const events = recordEvents(el);
      await submit(el);
      await waitUntil(() => control(el, 'email').getAttribute('aria-invalid') === 'true', 'the email field was not marked invalid');
      const email = control(el, 'email');
      expect(root(el).activeElement).to.equal(email);
      const describedBy = (email.getAttribute('aria-describedby') ?? '').split(' ').map((id) => text(root(el).getElementById(id)));
      expect(describedBy).to.deep.equal(['We reply within a day.', 'Please fill in “Work email”.']);
      expect(text(part(el, 'alert'))).to.equal('Please correct the field marked below.');
      await expect(el).to.be.accessible();

      fill(el, 'email', 'not an address');
      await el.updateComplete;
      expect(text(part(el, 'error')), 'checked again while typing').to.equal('Please enter an email address, such as name@example.com.');
      fill(el, 'email', 'ada@example.com');
      await el.updateComplete;
      expect(part(el, 'error')).to.equal(null);
      expect(events).to.have.length(0);
      expect((await crm.contacts.list({ limit: 10 })).items).to.have.length(0);
    });

    it('applies the field rules: lengths, patterns, phone numbers, choices and required checkboxes', async () => {
      const fields = [
        { name: 'lastName', label: 'Last name', minLength: 2 },
        { name: 'phone', label: 'Phone' },
        { name: 'code', label: 'Code', pattern: '[A-Z]{3}' },
        { name: 'terms', type: 'checkbox', label: 'I accept the terms', required: true },
      ];
      const el = await fixture<RapportLeadForm>(html`<rapport-lead-form .crm=${createCrm({ storage: memoryAdapter() })} .fields=${fields}></rapport-lead-form>`);
      fill(el, 'lastName', 'L');
      fill(el, 'phone', 'call me');
      fill(el, 'code', 'ABCD');
      await submit(el);
      await waitUntil(() => root(el).querySelectorAll('[part="error"]').length === 4, 'not every field showed its error');
      expect([...root(el).querySelectorAll('[part="error"]')].map(text)).to.deep.equal([
        'Please use at least 2 characters.',
        'Please enter a phone number, such as +1 555 0100.',
        '“Code” is not in the expected format.',
        'Please tick this box to continue.',
      ]);
      expect(text(part(el, 'alert'))).to.equal('Please correct the 4 fields marked below.');
    });

    it('lets the page reword every message', async () => {
      const el = await fixture<RapportLeadForm>(html`<rapport-lead-form .strings=${{ required: 'Bitte „{label}“ ausfüllen.', submit: 'Senden' }} fields='[{"name":"email","label":"E-Mail","required":true}]'></rapport-lead-form>`);
      expect(text(part(el, 'submit'))).to.equal('Senden');
      await submit(el);
      await waitUntil(() => part(el, 'error'));
      expect(text(part(el, 'error'))).to.equal('Bitte „E-Mail“ ausfüllen.');
    });
  });

  describe('submitting to a crm', () => {
    it('captures the lead: answers, custom and hidden fields, the exact consent text, the form id', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      const el = await contactForm(crm);
      const events = recordEvents(el);
      fill(el, 'firstName', ' Ada ');
      fill(el, 'email', 'Ada@Example.com');
      fill(el, 'plan', 'enterprise');
      fill(el, 'message', 'Please call me');
      fill(el, 'consent-marketing-email', true);
      const success = oneEvent(el, 'rapport-lead-success') as Promise<RapportLeadSuccessEvent>;
      await submit(el);
      const { detail } = await success;

      const contact = await onlyContact(crm);
      expect(detail.contactId).to.equal(contact.id);
      expect(detail.created).to.equal(true);
      expect(detail.delayed).to.equal(false);
      expect(contact.firstName).to.equal('Ada');
      expect(contact.emails).to.deep.equal(['ada@example.com']);
      expect(contact.customFields).to.deep.equal({ plan: 'enterprise', campaign: 'spring' });
      const consentText = 'Send me product news by email. You can unsubscribe at any time.';
      expect(contact.consent?.map(({ purpose, granted, textHash }) => ({ purpose, granted, textHash }))).to.deep.equal([
        { purpose: 'marketing-email', granted: true, textHash: await sha256Hex(consentText) },
      ]);
      const submitted = events[0] as RapportLeadSubmitEvent;
      expect(submitted.detail.submissionId).to.equal(detail.submissionId);
      expect(submitted.detail.lead.formId).to.equal('pricing');
      const timeline = await crm.interactions.list({ contactId: contact.id, limit: 10 });
      expect(timeline.items.map((entry) => [entry.type, entry.body])).to.deep.equal([['formSubmission', 'Please call me']]);

      await waitUntil(() => part(el, 'panel'), 'the success message did not show');
      expect(text(part(el, 'panel'))).to.equal('Thank you! Your message has been sent.');
      expect(root(el).activeElement).to.equal(part(el, 'panel'));
      expect(localStorage.getItem(outboxKey) ?? '[]').to.not.contain(detail.submissionId);
      await expect(el).to.be.accessible();
    });

    it('gets the crm from a <rapport-provider>, and shows the page’s own success message', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      const provider = await fixture(html`<rapport-provider .crm=${crm}>
        <rapport-lead-form success-message="Merci !" fields='[{"name":"email","label":"Email"}]'></rapport-lead-form>
      </rapport-provider>`);
      const el = provider.querySelector('rapport-lead-form') as RapportLeadForm;
      fill(el, 'email', 'bo@example.com');
      await submit(el);
      await waitUntil(() => part(el, 'panel'), 'no success message');
      expect(text(part(el, 'panel'))).to.equal('Merci !');
      expect((await onlyContact(crm)).emails).to.deep.equal(['bo@example.com']);
    });

    it('goes to `redirect` once the lead is accepted, and ignores a redirect that is not http(s)', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      const el = await fixture<RapportLeadForm>(html`<rapport-lead-form .crm=${crm} redirect="#thanks" fields='[{"name":"email","label":"Email"}]'></rapport-lead-form>`);
      fill(el, 'email', 'red@example.com');
      await submit(el);
      await waitUntil(() => location.hash === '#thanks', 'did not go to the redirect');
      history.replaceState(null, '', location.pathname + location.search);

      const unsafe = await fixture<RapportLeadForm>(html`<rapport-lead-form .crm=${crm} redirect="javascript:window.__rapportPwned=1" fields='[{"name":"email","label":"Email"}]'></rapport-lead-form>`);
      fill(unsafe, 'email', 'ray@example.com');
      await submit(unsafe);
      await waitUntil(() => part(unsafe, 'panel'), 'no success message');
      expect(somethingRan()).to.equal(false);
    });

    it('stores and sends nothing when a listener cancels rapport-lead-submit', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      const el = await contactForm(crm);
      el.addEventListener('rapport-lead-submit', (event) => event.preventDefault());
      fill(el, 'email', 'cy@example.com');
      await submit(el);
      await el.updateComplete;
      expect(localStorage.getItem(outboxKey) ?? '[]').to.equal('[]');
      expect((await crm.contacts.list({ limit: 10 })).items).to.have.length(0);
      expect(control(el, 'email').value, 'the answers stay').to.equal('cy@example.com');
    });

    it('keeps a submission the store cannot take, and delivers it exactly once when the browser is back online', async () => {
      const store = controllableStorage(memoryAdapter());
      const crm = createCrm({ storage: store.storage });
      store.failWrites = true;
      const el = await contactForm(crm);
      const events = recordEvents(el);
      fill(el, 'email', 'dee@example.com');
      await submit(el);
      await waitUntil(() => part(el, 'panel'), 'the saved-for-later message did not show');
      expect(text(part(el, 'panel'))).to.equal('Your message could not be sent just now. It is saved on this device and will be sent automatically.');
      const failed = events.find((e) => e.type === 'rapport-lead-error') as RapportLeadErrorEvent;
      expect(failed.detail.willRetry).to.equal(true);
      expect(JSON.parse(localStorage.getItem(outboxKey) ?? '[]')).to.have.length(1);

      store.failWrites = false;
      const success = oneEvent(el, 'rapport-lead-success') as Promise<RapportLeadSuccessEvent>;
      window.dispatchEvent(new Event('online'));
      window.dispatchEvent(new Event('online'));
      document.dispatchEvent(new Event('visibilitychange'));
      expect((await success).detail.delayed).to.equal(true);
      await waitUntil(() => text(part(el, 'panel')) === 'Thank you! Your message has been sent.', 'the success message did not replace the saved one');
      const dee = await onlyContact(crm);
      expect(dee.emails).to.deep.equal(['dee@example.com']);
      expect((await crm.interactions.list({ contactId: dee.id, limit: 10 })).items).to.have.length(1);
      expect(JSON.parse(localStorage.getItem(outboxKey) ?? '[]')).to.have.length(0);
    });

    it('delivers what an earlier page load left in the outbox when it connects', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      const body = JSON.stringify({ email: 'eve@example.com', honeypot: '', startedAt: new Date(Date.now() - 60_000).toISOString() });
      const id = crypto.randomUUID();
      localStorage.setItem(outboxKey, JSON.stringify([{ id, destination: 'crm ', body, createdAt: Date.now() - 30_000, attempts: 1, nextAttemptAt: 0 }]));
      const seen: RapportLeadSuccessEvent[] = [];
      document.addEventListener('rapport-lead-success', (e) => seen.push(e as RapportLeadSuccessEvent), { once: true });
      const el = await fixture<RapportLeadForm>(html`<rapport-lead-form .crm=${crm} fields='[{"name":"email","label":"Email"}]'></rapport-lead-form>`);
      await waitUntil(() => seen.length === 1, 'the earlier submission was not delivered');
      expect(seen[0]?.detail).to.include({ submissionId: id, delayed: true });
      expect((await onlyContact(crm)).emails).to.deep.equal(['eve@example.com']);
      await waitUntil(() => text(root(el).querySelector('.notice')) === 'Your earlier message has now been sent.');
      expect(control(el, 'email'), 'the form itself stays ready for a new message').to.not.equal(null);
    });

    it('refuses a bot that filled in the honeypot, which people cannot reach', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      const el = await contactForm(crm);
      const trap = root(el).querySelector<HTMLInputElement>('input[name="website"]') as HTMLInputElement;
      expect(trap.closest('[inert]'), 'the honeypot is inert').to.not.equal(null);
      fill(el, 'email', 'bot@example.com');
      trap.value = 'https://spam.example';
      trap.dispatchEvent(new Event('input', { bubbles: true }));
      const error = oneEvent(el, 'rapport-lead-error') as Promise<RapportLeadErrorEvent>;
      await submit(el);
      const { detail } = await error;
      expect(detail.willRetry).to.equal(false);
      expect(detail.problem.issues.map((issue) => issue.path)).to.deep.equal([['honeypot']]);
      expect((await crm.contacts.list({ limit: 10 })).items).to.have.length(0);
      expect(JSON.parse(localStorage.getItem(outboxKey) ?? '[]')).to.have.length(0);
    });

    it('shows a refusal by the crm, keeps the answers, and drops the submission', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      // A hidden field the page got wrong: not the visitor's to fix, so only the crm refuses it.
      const el = await fixture<RapportLeadForm>(html`<rapport-lead-form .crm=${crm} fields='[{"name":"email","label":"Email"},{"name":"phone","type":"hidden","value":"call me"}]'></rapport-lead-form>`);
      fill(el, 'email', 'fay@example.com');
      const error = oneEvent(el, 'rapport-lead-error') as Promise<RapportLeadErrorEvent>;
      await submit(el);
      const { detail } = await error;
      expect(detail).to.include({ willRetry: false });
      expect(detail.problem.code).to.equal('validation');
      expect(detail.problem.issues.map((issue) => issue.path)).to.deep.equal([['phone']]);
      await waitUntil(() => text(part(el, 'alert')) === 'Your message could not be sent. Please check the form and try again.');
      expect(control(el, 'email').value).to.equal('fay@example.com');
      expect(JSON.parse(localStorage.getItem(outboxKey) ?? '[]')).to.have.length(0);
    });
  });

  describe('inside a host page’s <form>', () => {
    const hostPage = (crm: Crm, novalidate = false) =>
      fixture<HTMLFormElement>(html`<form ?novalidate=${novalidate}>
        <label>Order <input name="orderId" value="o-1" /></label>
        <rapport-lead-form .crm=${crm} fields='[{"name":"email","label":"Email","required":true},{"name":"newsletter","type":"checkbox","label":"Newsletter"}]'></rapport-lead-form>
        <button>Place order</button>
      </form>`);

    it('adds its answers to the form’s data and renders no button of its own', async () => {
      const form = await hostPage(createCrm({ storage: memoryAdapter() }));
      const el = form.querySelector('rapport-lead-form') as RapportLeadForm;
      await el.updateComplete;
      expect(part(el, 'submit')).to.equal(null);
      fill(el, 'email', 'gus@example.com');
      fill(el, 'newsletter', true);
      await el.updateComplete;
      expect([...new FormData(form)]).to.deep.equal([
        ['orderId', 'o-1'],
        ['email', 'gus@example.com'],
        ['newsletter', 'on'],
      ]);
      form.reset();
      await el.updateComplete;
      expect(control(el, 'email').value).to.equal('');
      expect([...new FormData(form)]).to.deep.equal([['orderId', 'o-1']]);
      await expect(form).to.be.accessible();
    });

    it('stops the host form’s submission while an answer is invalid, and shows why', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      for (const novalidate of [false, true]) {
        const form = await hostPage(crm, novalidate);
        const el = form.querySelector('rapport-lead-form') as RapportLeadForm;
        await el.updateComplete;
        let submitted = false;
        form.addEventListener('submit', (event) => {
          if (!event.defaultPrevented) submitted = true;
          event.preventDefault();
        });
        expect(form.checkValidity()).to.equal(false);
        form.requestSubmit();
        await waitUntil(() => part(el, 'error'), `no error shown (novalidate: ${novalidate})`);
        expect(submitted, `novalidate: ${novalidate}`).to.equal(false);
        expect(text(part(el, 'error'))).to.equal('Please fill in “Email”.');
      }
      expect((await crm.contacts.list({ limit: 10 })).items).to.have.length(0);
    });

    it('is disabled by a disabled <fieldset> around it', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><fieldset disabled><legend>Contact</legend>
        <rapport-lead-form fields='[{"name":"email","label":"Email"}]'></rapport-lead-form>
      </fieldset></form>`);
      const el = form.querySelector('rapport-lead-form') as RapportLeadForm;
      await el.updateComplete;
      expect(control(el, 'email').disabled).to.equal(true);
      (form.querySelector('fieldset') as HTMLFieldSetElement).disabled = false;
      await el.updateComplete;
      expect(control(el, 'email').disabled).to.equal(false);
    });

    it('sends the lead when the host form is submitted, by button or by Enter in one of its fields', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      const form = await hostPage(crm);
      form.addEventListener('submit', (event) => event.preventDefault());
      const el = form.querySelector('rapport-lead-form') as RapportLeadForm;
      await el.updateComplete;
      fill(el, 'email', 'hal@example.com');
      await el.updateComplete;
      expect(form.checkValidity()).to.equal(true);
      const success = oneEvent(el, 'rapport-lead-success');
      control(el, 'email').focus();
      await sendKeys({ press: 'Enter' });
      await success;
      expect((await onlyContact(crm)).emails).to.deep.equal(['hal@example.com']);
    });
  });

  describe('keyboard', () => {
    it('can be filled in and sent with the keyboard alone, never stopping at the honeypot', async () => {
      const crm = createCrm({ storage: memoryAdapter() });
      const before = document.createElement('button');
      before.textContent = 'Before';
      document.body.prepend(before);
      try {
        const el = await contactForm(crm);
        before.focus();
        const stops: string[] = [];
        const typed: Record<string, string> = { firstName: 'Ida', email: 'ida@example.com', message: 'Hello' };
        for (let i = 0; i < 7; i++) {
          await sendKeys({ press: 'Tab' });
          const focused = root(el).activeElement as HTMLInputElement | null;
          const name = focused?.getAttribute('name') ?? focused?.getAttribute('part') ?? '';
          stops.push(name);
          if (typed[name]) await sendKeys({ type: typed[name] as string });
          if (name === 'plan') await sendKeys({ press: 'ArrowDown' });
          if (name === 'consent-marketing-email') await sendKeys({ press: 'Space' });
        }
        expect(stops).to.deep.equal(['firstName', 'email', 'plan', 'message', 'consent-marketing-email', 'submit', '']);
        const success = oneEvent(el, 'rapport-lead-success');
        await sendKeys({ press: 'Shift+Tab' });
        await sendKeys({ press: 'Enter' });
        await success;
        const contact = await onlyContact(crm);
        expect([contact.firstName, contact.emails[0], contact.customFields?.plan, contact.consent?.[0]?.granted]).to.deep.equal(['Ida', 'ida@example.com', 'team', true]);
      } finally {
        before.remove();
      }
    });
  });
});
