import { createCrm, fixedClock, memoryAdapter, UnavailableError, type CollectionName, type CollectionOf, type Crm, type Deal, type Pipeline, type StorageAdapter } from '@rapport/core';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../src/deal-card/define.js';

interface DealCardArgs {
  dealId: string | undefined;
  /** Days since the deal entered its stage (sets `now`). */
  days: number;
  locale: string;
  theme: 'light' | 'dark' | undefined;
  density: 'comfortable' | 'compact' | undefined;
}

interface Loaded {
  crm?: Crm;
  dealId?: string;
  deal?: Deal;
  pipeline?: Pipeline;
}

const created = '2026-06-01T12:00:00.000Z';
const day = 86_400_000;

/** A pipeline whose first stage rots after 5 days, Acme, Ann Lee and one deal; optionally won or lost, in another currency. */
async function workspace(options: { outcome?: 'won' | 'lost'; currency?: string; minor?: number } = {}): Promise<Loaded> {
  const crm = createCrm({ storage: memoryAdapter(), clock: fixedClock(created) });
  const pipeline = await crm.pipelines.create({
    name: 'Sales',
    currency: 'EUR',
    stages: [{ name: 'Qualified', rottingDays: 5 }, { name: 'Proposal', rottingDays: 10 }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }],
  });
  const acme = await crm.companies.create({ name: 'Acme Industries' });
  const ann = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', companyId: acme.id });
  let deal = await crm.deals.create({
    title: 'Acme renewal, 3 years',
    amount: { minor: options.minor ?? 4_850_000, currency: options.currency ?? 'EUR' },
    pipelineId: pipeline.id,
    contactIds: [ann.id],
    companyId: acme.id,
    ownerId: 'ada@example.com',
  });
  if (options.outcome === 'won') deal = await crm.deals.win(deal.id);
  if (options.outcome === 'lost') deal = await crm.deals.lose(deal.id, { reason: 'Budget cut' });
  return { crm, dealId: deal.id, deal, pipeline };
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
  title: 'Widgets/DealCard',
  component: 'rapport-deal-card',
  argTypes: {
    dealId: { control: 'text', description: 'The id of the deal to watch (default: the story’s deal).' },
    days: { control: { type: 'number', min: 0, max: 400 }, description: 'Days since the deal entered its stage (sets `now`); the first stage rots after 5.' },
    locale: { control: 'text', description: 'A BCP 47 locale for the amount and the day count.' },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
    density: { control: 'inline-radio', options: [undefined, 'comfortable', 'compact'] },
  },
  args: { dealId: undefined, days: 2, locale: 'en-US', theme: undefined, density: undefined },
  loaders: [() => workspace()],
  render: (args, { loaded }) => {
    const { crm, dealId } = loaded as Loaded;
    const id = args.dealId ?? dealId;
    return html`<rapport-deal-card
      .crm=${crm}
      .now=${new Date(Date.parse(created) + args.days * day)}
      deal-id=${id ?? nothing}
      locale=${args.locale}
      theme=${args.theme ?? nothing}
      density=${args.density ?? nothing}
    ></rapport-deal-card>`;
  },
} satisfies Meta<DealCardArgs>;

export default meta;
type Story = StoryObj<DealCardArgs>;

/** An open deal, two days in its stage, read live from the workspace by `deal-id`. */
export const Complete: Story = {};

/** Nine days in a stage that rots after five: the "Rotting" marker and the `rotting` attribute. */
export const Rotting: Story = { args: { days: 9 } };

/** A won deal. */
export const Won: Story = { loaders: [() => workspace({ outcome: 'won' })], args: { days: 30 } };

/** A lost deal. */
export const Lost: Story = { loaders: [() => workspace({ outcome: 'lost' })], args: { days: 30 } };

/** Yen (no minor unit) in German. */
export const YenInGerman: Story = { loaders: [() => workspace({ currency: 'JPY', minor: 12_500_000 })], args: { locale: 'de-DE', days: 1 } };

/** The board’s way: a `deal` object with its `pipeline`, `companyName` and `contactName`, and no reads. */
export const FromProperties: Story = {
  render: (args, { loaded }) => {
    const { deal, pipeline } = loaded as Loaded;
    return html`<rapport-deal-card
      .deal=${deal}
      .pipeline=${pipeline}
      .companyName=${'Acme Industries'}
      .contactName=${'Ann Lee'}
      .now=${new Date(Date.parse(created) + args.days * day)}
      locale=${args.locale}
      theme=${args.theme ?? nothing}
      density=${args.density ?? nothing}
    ></rapport-deal-card>`;
  },
};

/** The dark theme, rotting. */
export const Dark: Story = { args: { theme: 'dark', days: 9 } };

/** No workspace or no deal id yet. */
export const Initial: Story = { loaders: [async () => ({})] };

/** Waiting for the store. */
export const Loading: Story = { loaders: [async () => ({ crm: createCrm({ storage: stalledStorage('hang') }), dealId: '01900000-0000-7000-8000-000000000001' })] };

/** No such deal, or it was deleted. */
export const Empty: Story = { args: { dealId: '01900000-0000-7000-8000-000000000000' } };

/** The store could not be read; the card offers to try again. */
export const LoadError: Story = { name: 'Error', loaders: [async () => ({ crm: createCrm({ storage: stalledStorage('fail') }), dealId: '01900000-0000-7000-8000-000000000001' })] };

/** Strings replaced, as a host page localising the card would. */
export const CustomStrings: Story = {
  args: { locale: 'de-DE', days: 9 },
  render: (args, { loaded }) => {
    const { crm, dealId } = loaded as Loaded;
    return html`<rapport-deal-card
      .crm=${crm}
      deal-id=${dealId ?? nothing}
      .now=${new Date(Date.parse(created) + args.days * day)}
      locale=${args.locale}
      .strings=${{ company: 'Firma', contact: 'Kontakt', owner: 'Zuständig', stage: 'Phase', rotting: 'Überfällig', daysInStageOne: '{count} Tag in der Phase', daysInStageOther: '{count} Tage in der Phase' }}
    ></rapport-deal-card>`;
  },
};
