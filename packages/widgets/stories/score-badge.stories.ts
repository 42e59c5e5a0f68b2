import { createCrm, fixedClock, memoryAdapter, UnavailableError, type CollectionName, type CollectionOf, type Crm, type Score, type StorageAdapter } from '@rapport/core';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../src/score-badge/define.js';
import type { ScoreLike } from '../src/score-badge/score-badge.js';

interface ScoreBadgeArgs {
  score: ScoreLike | undefined;
  contactId: string | undefined;
  locale: string;
  theme: 'light' | 'dark' | undefined;
}

interface Loaded {
  crm?: Crm;
  contactId?: string;
}

const now = '2026-06-01T12:00:00.000Z';

const fullScore: Score = {
  value: 58.33,
  grade: 'B',
  contributions: [
    { rule: 'senior-title', label: 'Senior title', group: 'fit', points: 15, evidence: { kind: 'fields', fields: [{ field: 'contact.title', value: 'VP Sales' }] } },
    { rule: 'large-company', label: 'Large company', group: 'fit', points: 20, evidence: { kind: 'fields', fields: [{ field: 'company.size', value: '5001+' }] } },
    { rule: 'free-mail', label: 'Personal email address', group: 'fit', points: -10, evidence: { kind: 'fields', fields: [{ field: 'contact.emails', value: 'gmail.com' }] } },
    { rule: 'call-connected', label: 'Took a call', group: 'engagement', points: 8.33, evidence: { kind: 'interactions', count: 2, interactionIds: [], latestAt: '2026-05-28T10:00:00.000Z' } },
    { rule: 'engagement.cap', label: 'Engagement capped at 50', group: 'engagement', points: 0, evidence: { kind: 'limit', limit: 50, before: 50 } },
  ],
};

/** A workspace with one contact worth scoring: `crm.scoring.score` runs when the badge opens. */
async function workspace(): Promise<Loaded> {
  const crm = createCrm({ storage: memoryAdapter(), clock: fixedClock(now) });
  const acme = await crm.companies.create({ name: 'Acme', size: '5001+' });
  const ann = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', title: 'VP Sales', companyId: acme.id, emails: ['ann@gmail.com'], phones: ['+1 555 0100'] });
  for (const day of ['2026-05-20', '2026-05-28']) await crm.interactions.log({ type: 'call', contactId: ann.id, outcome: 'connected', occurredAt: `${day}T10:00:00Z` });
  return { crm, contactId: ann.id };
}

/** A store whose reads never answer (loading) or always fail (error). */
function stalledStorage(how: 'hang' | 'fail'): StorageAdapter {
  const inner = memoryAdapter();
  const read = () => (how === 'hang' ? new Promise<never>(() => {}) : Promise.reject(new UnavailableError('The store is unreachable')));
  return {
    name: `story-${how}`,
    collection<N extends CollectionName>(name: N): CollectionOf<N> {
      const c = inner.collection(name);
      return { get: read, getMany: read, query: read, count: read, put: c.put.bind(c), bulkPut: c.bulkPut.bind(c), delete: c.delete.bind(c) };
    },
    transaction: (names, fn) => inner.transaction(names, fn),
    changes: (listener) => inner.changes(listener),
  };
}

const meta = {
  title: 'Widgets/ScoreBadge',
  component: 'rapport-score-badge',
  argTypes: {
    score: { control: 'object', description: 'A full Score, or the { value, grade } a contact caches.' },
    contactId: { control: 'text', description: 'Scored with crm.scoring.score when the badge opens.' },
    locale: { control: 'text' },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
  args: { score: fullScore, contactId: undefined, locale: 'en-US', theme: undefined },
  render: (args, { loaded }) => {
    const { crm, contactId } = loaded as Loaded;
    return html`<rapport-score-badge
      .crm=${crm}
      .score=${args.score}
      contact-id=${args.contactId ?? contactId ?? nothing}
      locale=${args.locale}
      theme=${args.theme ?? nothing}
    ></rapport-score-badge>`;
  },
} satisfies Meta<ScoreBadgeArgs>;

export default meta;
type Story = StoryObj<ScoreBadgeArgs>;

/** A full score: the breakdown shows at once. */
export const Complete: Story = {};

/** A cached `{ value, grade }` with a workspace: the breakdown is computed when the badge opens. */
export const Computed: Story = { args: { score: { value: 58.3, grade: 'B' } }, loaders: [workspace] };

/** Only a contact id: the badge offers to show the score. */
export const OnDemand: Story = { args: { score: undefined }, loaders: [workspace] };

/** No score and no way to compute one. */
export const Initial: Story = { args: { score: undefined } };

/** The breakdown waits for the store (open the badge). */
export const Loading: Story = {
  args: { score: { value: 58.3, grade: 'B' } },
  loaders: [async () => ({ crm: createCrm({ storage: stalledStorage('hang') }), contactId: '01900000-0000-7000-8000-000000000001' })],
};

/** The score could not be computed (open the badge); it offers to try again. */
export const LoadError: Story = {
  name: 'Error',
  args: { score: { value: 58.3, grade: 'B' } },
  loaders: [async () => ({ crm: createCrm({ storage: stalledStorage('fail') }), contactId: '01900000-0000-7000-8000-000000000001' })],
};

/** No rule gave or took points. */
export const Empty: Story = { args: { score: { value: 0, grade: 'D', contributions: [] } } };

/** A cached score without a workspace: no breakdown is available. */
export const Unavailable: Story = { args: { score: { value: 12, grade: 'D' } } };

/** The dark theme. */
export const Dark: Story = { args: { theme: 'dark' } };
