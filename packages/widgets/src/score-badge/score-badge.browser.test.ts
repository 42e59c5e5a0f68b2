import { expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import { createCrm, fixedClock, memoryAdapter, type Contact, type Crm, type Score, type ScoringRulesInput } from '@rapport/core';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { controllableStorage } from '../contact-card/controllable-storage.test-support.js';
import { hostileStrings, somethingRan } from '../internal/hostile-strings.test-support.js';
import './define.js';
import type { RapportScoreBadge } from './score-badge.js';

const now = '2026-06-01T12:00:00.000Z';

const fullScore: Score = {
  value: 42.5,
  grade: 'B',
  contributions: [
    { rule: 'vp', label: 'VP or above', group: 'fit', points: 15, evidence: { kind: 'fields', fields: [{ field: 'contact.title', value: 'VP Sales' }] } },
    { rule: 'free-mail', label: 'Personal address', group: 'fit', points: -10, evidence: { kind: 'fields', fields: [{ field: 'contact.emails', value: 'gmail.com' }] } },
    { rule: 'big', label: 'Large company', group: 'fit', points: 20, evidence: { kind: 'fields', fields: [{ field: 'company.size', value: '5001+' }] } },
    {
      rule: 'calls',
      label: 'Took a call',
      group: 'engagement',
      points: 17.5,
      evidence: { kind: 'interactions', count: 3, interactionIds: [], latestAt: '2026-05-20T10:00:00.000Z' },
    },
  ],
};

/** A workspace with one contact who has a senior title, a personal address and two answered calls. */
async function scoredWorkspace(storage = memoryAdapter()): Promise<{ crm: Crm; contact: Contact }> {
  const crm = createCrm({ storage, clock: fixedClock(now) });
  const contact = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', title: 'VP Sales', emails: ['ann@gmail.com'] });
  for (const day of ['2026-05-20', '2026-05-28']) {
    await crm.interactions.log({ type: 'call', contactId: contact.id, outcome: 'connected', occurredAt: `${day}T10:00:00Z` });
  }
  return { crm, contact };
}

const parts = (el: RapportScoreBadge) => {
  const root = el.shadowRoot as ShadowRoot;
  return {
    button: root.querySelector<HTMLButtonElement>('[part~="button"]'),
    panel: root.querySelector<HTMLElement>('[part~="popover"]') as HTMLElement,
    root,
  };
};

async function open(el: RapportScoreBadge): Promise<HTMLElement> {
  const { button, panel } = parts(el);
  button?.click();
  await waitUntil(() => panel.matches(':popover-open') && el.shadowRoot?.activeElement === panel, 'the breakdown did not open with focus inside');
  await el.updateComplete;
  return panel;
}

const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('<rapport-score-badge>', () => {
  afterEach(async () => {
    await resetMouse();
  });

  it('names a lifecycle stage in the evidence by its label, which strings can replace', async () => {
    const score: Score = {
      value: 10,
      grade: 'C',
      contributions: [{ rule: 'sql', label: 'Sales-qualified', group: 'fit', points: 10, evidence: { kind: 'fields', fields: [{ field: 'contact.lifecycleStage', value: 'salesQualified' }] } }],
    };
    const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge .score=${score}></rapport-score-badge>`);
    expect(text(await open(el))).to.contain('Lifecycle stage: Sales qualified');
    el.strings = { 'stage.salesQualified': 'SQL' };
    await el.updateComplete;
    expect(text(parts(el).panel)).to.contain('Lifecycle stage: SQL');
  });

  describe('accessibility', () => {
    it('is accessible with nothing to show (initial)', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US"></rapport-score-badge>`);
      expect(text(parts(el).root.querySelector('.badge'))).to.equal('No score');
      expect(parts(el).root.querySelector('button')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('is accessible closed, showing a cached score', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .score=${{ value: 42.5, grade: 'B' }}></rapport-score-badge>`);
      await expect(el).to.be.accessible();
    });

    it('is accessible open with the breakdown (complete)', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .score=${fullScore}></rapport-score-badge>`);
      await open(el);
      await expect(el).to.be.accessible();
    });

    it('is accessible open while the score is calculated (loading)', async () => {
      const control = controllableStorage(memoryAdapter());
      const { crm, contact } = await scoredWorkspace(control.storage);
      control.mode = 'hold';
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .crm=${crm} contact-id=${contact.id}></rapport-score-badge>`);
      const panel = await open(el);
      expect(text(panel)).to.contain('Calculating the score…');
      await expect(el).to.be.accessible();
      control.mode = 'normal';
      control.release();
      await waitUntil(() => panel.querySelector('[part~="contribution"]'), 'the breakdown did not load after the store answered');
    });

    it('is accessible open when the score cannot be calculated (error), and retries', async () => {
      const control = controllableStorage(memoryAdapter());
      const { crm, contact } = await scoredWorkspace(control.storage);
      control.mode = 'fail';
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .crm=${crm} contact-id=${contact.id}></rapport-score-badge>`);
      const panel = await open(el);
      await waitUntil(() => text(panel).includes('The score could not be calculated.'));
      expect(text(parts(el).root.querySelector('[role="status"]'))).to.equal('The score could not be calculated.');
      await expect(el).to.be.accessible();
      control.mode = 'normal';
      const retry = [...panel.querySelectorAll('button')].find((b) => text(b) === 'Try again');
      expect(retry, 'a retry button').to.not.equal(undefined);
      retry?.click();
      await waitUntil(() => panel.querySelector('[part~="contribution"]'), 'retry did not load the breakdown');
      expect(el.shadowRoot?.activeElement).to.equal(panel);
    });

    it('is accessible open with a score no rule contributed to (empty)', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .score=${{ value: 0, grade: 'D', contributions: [] }}></rapport-score-badge>`);
      const panel = await open(el);
      expect(text(panel)).to.contain('No rule added or took away points.');
      await expect(el).to.be.accessible();
    });

    it('is accessible open with a cached score and no way to compute the breakdown', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .score=${{ value: 12, grade: 'D' }}></rapport-score-badge>`);
      const panel = await open(el);
      expect(text(panel)).to.contain('No breakdown is available for this score.');
      await expect(el).to.be.accessible();
    });
  });

  describe('attributes and properties', () => {
    it('shows the value and grade, formatted for the locale', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="de-DE" .score=${{ value: 42.5, grade: 'B' }}></rapport-score-badge>`);
      const { button, root } = parts(el);
      expect(text(root.querySelector('[part~="value"]'))).to.equal('42,5');
      expect(text(root.querySelector('[part~="grade"]'))).to.equal('B');
      expect(text(button)).to.equal('Lead score 42,5, grade B');
      el.score = { value: 61, grade: 'A' };
      await el.updateComplete;
      expect(text(root.querySelector('[part~="value"]'))).to.equal('61');
    });

    it('reflects contact-id between attribute and property', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge contact-id="c-1"></rapport-score-badge>`);
      expect(el.contactId).to.equal('c-1');
      el.contactId = 'c-2';
      await el.updateComplete;
      expect(el.getAttribute('contact-id')).to.equal('c-2');
    });

    it('with contact-id and crm, computes crm.scoring.score when activated and shows its value and grade', async () => {
      const { crm, contact } = await scoredWorkspace();
      const expected = await crm.scoring.score(contact.id);
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .crm=${crm} contact-id=${contact.id}></rapport-score-badge>`);
      expect(text(parts(el).button)).to.equal('Show score');
      const panel = await open(el);
      await waitUntil(() => panel.querySelectorAll('[part~="contribution"]').length === expected.contributions.length);
      const labels = [...panel.querySelectorAll('[part~="contribution"] .label')].map(text);
      expect(labels).to.have.members(expected.contributions.map((c) => c.label));
      expect(text(parts(el).root.querySelector('[part~="grade"]'))).to.equal(expected.grade);
      expect(text(parts(el).root.querySelector('[part~="value"]'))).to.equal(new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(expected.value));
      expect(text(parts(el).root.querySelector('[role="status"]'))).to.equal('Score breakdown loaded.');
    });

    it('computes again for a new contact-id', async () => {
      const { crm, contact } = await scoredWorkspace();
      const other = await crm.contacts.create({ firstName: 'Bo', emails: ['bo@acme.com'], phones: ['+1 555 0100'] });
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .crm=${crm} contact-id=${contact.id}></rapport-score-badge>`);
      const panel = await open(el);
      await waitUntil(() => text(panel).includes('Took a call'));
      el.contactId = other.id;
      await waitUntil(() => !text(panel).includes('Took a call') && panel.querySelector('[part~="contribution"]'), 'the breakdown did not follow the new contact');
      const expected = await crm.scoring.score(other.id);
      expect([...panel.querySelectorAll('[part~="contribution"] .label')].map(text)).to.have.members(expected.contributions.map((c) => c.label));
    });

    it('takes its strings from `strings`', async () => {
      const el = await fixture<RapportScoreBadge>(
        html`<rapport-score-badge locale="en-US" .score=${fullScore} .strings=${{ scoreLabel: 'Punkte', fit: 'Passung', close: 'Schließen' }}></rapport-score-badge>`,
      );
      const panel = await open(el);
      expect(text(parts(el).button)).to.contain('Punkte');
      expect(text(panel.querySelector('h3'))).to.equal('Passung');
      expect([...panel.querySelectorAll('button')].map(text)).to.include('Schließen');
    });
  });

  describe('breakdown', () => {
    it('lists each contribution with its label, signed points and evidence in words', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .score=${fullScore}></rapport-score-badge>`);
      const panel = await open(el);
      const rows = [...panel.querySelectorAll('[part~="contribution"]')].map((row) => [text(row.querySelector('.label')), text(row.querySelector('.points')), text(row.querySelector('.evidence'))]);
      expect(rows).to.deep.equal([
        ['VP or above', '+15 points', 'Title: VP Sales'],
        ['Personal address', '-10 points', 'Emails: gmail.com'],
        ['Large company', '+20 points', 'Company size: 5001+'],
        ['Took a call', '+17.5 points', '3 timeline entries, the latest on May 20, 2026'],
      ]);
      expect([...panel.querySelectorAll('h3')].map(text)).to.deep.equal(['Fit', 'Engagement']);
      expect(text(panel.querySelector('h2'))).to.equal('Lead score 42.5, grade B');
    });

    it('opens on click with aria-expanded, and closes on a click outside (light dismiss)', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .score=${fullScore}></rapport-score-badge>`);
      const { button, panel } = parts(el);
      expect(button?.getAttribute('aria-expanded')).to.equal('false');
      expect(button?.getAttribute('aria-controls')).to.equal(panel.id);
      await open(el);
      expect(button?.getAttribute('aria-expanded')).to.equal('true');
      await sendMouse({ type: 'click', position: [window.innerWidth - 5, window.innerHeight - 5] });
      await waitUntil(() => !panel.matches(':popover-open'), 'a click outside did not close the breakdown');
      await el.updateComplete;
      expect(button?.getAttribute('aria-expanded')).to.equal('false');
    });

    it('clicking the button again closes it', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .score=${fullScore}></rapport-score-badge>`);
      const { button, panel } = parts(el);
      await open(el);
      const box = button?.getBoundingClientRect() as DOMRect;
      await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
      await waitUntil(() => !panel.matches(':popover-open'), 'the button did not close the breakdown');
    });

    it('the close button closes it and returns focus to the badge', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .score=${fullScore}></rapport-score-badge>`);
      const { button, panel } = parts(el);
      await open(el);
      [...panel.querySelectorAll('button')].find((b) => text(b) === 'Close')?.click();
      await waitUntil(() => !panel.matches(':popover-open'));
      expect(el.shadowRoot?.activeElement).to.equal(button);
    });

    it('is placed next to the badge, not in the middle of the page', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .score=${fullScore}></rapport-score-badge>`);
      const { button } = parts(el);
      const panel = await open(el);
      const b = button?.getBoundingClientRect() as DOMRect;
      const p = panel.getBoundingClientRect();
      expect(Math.abs(p.top - b.bottom)).to.be.below(12);
      expect(Math.abs(p.left - b.left)).to.be.below(2);
    });
  });

  describe('parts', () => {
    it('exposes button, value, grade, popover and contribution', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .score=${fullScore}></rapport-score-badge>`);
      await open(el);
      for (const part of ['button', 'value', 'grade', 'popover', 'contribution']) {
        expect(el.shadowRoot?.querySelector(`[part~="${part}"]`), part).to.not.equal(null);
      }
    });
  });

  describe('keyboard', () => {
    for (const key of ['Enter', 'Space']) {
      it(`${key} opens the breakdown with focus inside; Escape closes it and returns focus to the button`, async () => {
        const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .score=${fullScore}></rapport-score-badge>`);
        const { button, panel } = parts(el);
        button?.focus();
        await sendKeys({ press: key });
        await waitUntil(() => panel.matches(':popover-open') && el.shadowRoot?.activeElement === panel, `${key} did not open the breakdown`);
        await sendKeys({ press: 'Tab' });
        expect(text(el.shadowRoot?.activeElement)).to.equal('Close');
        await sendKeys({ press: 'Escape' });
        await waitUntil(() => !panel.matches(':popover-open'), 'Escape did not close the breakdown');
        expect(el.shadowRoot?.activeElement).to.equal(button);
        expect(button?.getAttribute('aria-expanded')).to.equal('false');
      });
    }
  });

  describe('hostile text', () => {
    it('shows rule labels, grade names and matched values literally and runs none of them', async () => {
      // Every payload as a rule label and as the matched title; grade names are at most 32 characters.
      const rules: ScoringRulesInput = {
        fit: { rules: hostileStrings.map((label, i) => ({ id: `r${i}`, label, points: 1, when: { field: 'contact.title', exists: true } })) },
        engagement: { rules: [] },
        grades: [{ name: '<img src=x onerror=alert(1)>', min: 1 }, { name: '<svg onload=alert(2)>' }],
      };
      for (const title of hostileStrings) {
        const crm = createCrm({ storage: memoryAdapter(), clock: fixedClock(now), scoring: { rules } });
        const contact = await crm.contacts.create({ firstName: 'X', title });
        const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .crm=${crm} contact-id=${contact.id}></rapport-score-badge>`);
        const panel = await open(el);
        await waitUntil(() => panel.querySelectorAll('[part~="contribution"]').length === hostileStrings.length);
        const labels = [...panel.querySelectorAll('[part~="contribution"] .label')].map((n) => n.textContent);
        expect(labels).to.deep.equal(hostileStrings.map((s) => s.trim()));
        for (const evidence of panel.querySelectorAll('[part~="contribution"] .evidence')) expect(evidence.textContent).to.equal(`Title: ${title.trim()}`);
        expect(parts(el).root.querySelector('[part~="grade"]')?.textContent).to.equal('<img src=x onerror=alert(1)>');
        expect(el.shadowRoot?.querySelectorAll('img, script, svg, iframe, style, a').length).to.equal(0);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(somethingRan()).to.equal(false);
    });
  });

  describe('hostile host CSS', () => {
    it('a page-level style changes neither the badge nor its open breakdown', async () => {
      const el = await fixture<RapportScoreBadge>(html`<rapport-score-badge locale="en-US" .score=${fullScore}></rapport-score-badge>`);
      await open(el);
      // The badge is inline: where the page's line box puts it is the page's business; its own
      // size and the layout inside it and its breakdown, measured from the host, must not change.
      const measure = () => {
        const host = el.getBoundingClientRect();
        return ['button', 'value', 'grade', 'popover', 'contribution'].map((name) => {
          const { x, y, width, height } = (el.shadowRoot?.querySelector(`[part~="${name}"]`) as Element).getBoundingClientRect();
          return [name, ...[x - host.x, y - host.y, width, height].map((n) => Math.round(n * 10) / 10)];
        });
      };
      const before = measure();
      const style = document.createElement('style');
      style.textContent = '* { box-sizing: content-box !important; font-size: 40px !important; line-height: 3 !important; } button { all: unset !important; }';
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
