import { createCrm, fixedClock, memoryAdapter, newId, UnavailableError, type CollectionName, type CollectionOf, type Crm, type Deal, type StorageAdapter } from '@rapport/core';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../src/pipeline-board/define.js';

interface PipelineBoardArgs {
  pipelineId: string | undefined;
  owner: string;
  search: string;
  locale: string;
  theme: 'light' | 'dark' | undefined;
  density: 'comfortable' | 'compact' | undefined;
}

interface Loaded {
  crm?: Crm;
  pipelineId?: string;
}

const created = '2026-06-01T12:00:00.000Z';
const now = new Date(Date.parse(created) + 3 * 86_400_000);

/** A store whose reads never answer (loading), always fail (error), or whose writes fail (rollback). */
function troubledStorage(inner: StorageAdapter, how: 'hang' | 'fail' | 'fail-writes'): StorageAdapter {
  const unreachable = () => Promise.reject(new UnavailableError('The store is unreachable'));
  const read = () => (how === 'hang' ? new Promise<never>(() => {}) : unreachable());
  return {
    name: `story-${how}`,
    collection<N extends CollectionName>(name: N): CollectionOf<N> {
      const c = inner.collection(name);
      if (how === 'fail-writes') return { ...c, get: c.get.bind(c), getMany: c.getMany.bind(c), query: c.query.bind(c), count: c.count.bind(c), put: unreachable, bulkPut: unreachable, delete: unreachable };
      return { get: read, getMany: read, query: read, count: read, put: c.put.bind(c), bulkPut: c.bulkPut.bind(c), delete: c.delete.bind(c) };
    },
    transaction: (names, fn) => (how === 'fail-writes' ? unreachable() : inner.transaction(names, fn)),
    changes: (listener) => inner.changes(listener),
  };
}

/** A pipeline with four open stages, Won and Lost, a few companies and contacts, and `extra` generated deals in the first stage. */
async function workspace(options: { deals?: boolean; extra?: number; storage?: (inner: StorageAdapter) => StorageAdapter } = {}): Promise<Loaded> {
  const inner = memoryAdapter();
  const seed = createCrm({ storage: inner, clock: fixedClock(created) });
  const pipeline = await seed.pipelines.create({
    name: 'New business',
    currency: 'EUR',
    stages: [
      { name: 'Lead', probability: 0.1, rottingDays: 2 },
      { name: 'Qualified', probability: 0.3 },
      { name: 'Proposal', probability: 0.6 },
      { name: 'Negotiation', probability: 0.8 },
      { name: 'Won', kind: 'won' },
      { name: 'Lost', kind: 'lost' },
    ],
  });
  const stages = pipeline.stages.map((s) => s.id);
  if (options.deals !== false) {
    const acme = await seed.companies.create({ name: 'Acme Industries' });
    const globex = await seed.companies.create({ name: 'Globex' });
    const ann = await seed.contacts.create({ firstName: 'Ann', lastName: 'Lee', companyId: acme.id });
    const jose = await seed.contacts.create({ firstName: 'José', lastName: 'Núñez', companyId: globex.id });
    const rows: [string, number, string, number, string | undefined, string | undefined, string | undefined][] = [
      ['Acme renewal, 3 years', 4_850_000, 'EUR', 0, acme.id, ann.id, 'ada@example.com'],
      ['Globex pilot', 1_200_000, 'USD', 0, globex.id, jose.id, 'ben@example.com'],
      ['Initech seats', 320_000, 'EUR', 1, undefined, undefined, 'ada@example.com'],
      ['Umbrella audit', 9_900_000, 'EUR', 2, acme.id, undefined, 'cleo@example.com'],
      ['Hooli expansion', 2_500_000, 'JPY', 3, undefined, jose.id, 'ben@example.com'],
      ['Soylent supply', 760_000, 'EUR', 3, globex.id, undefined, undefined],
    ];
    for (const [title, minor, currency, stage, companyId, contactId, ownerId] of rows) {
      await seed.deals.create({
        title,
        amount: { minor, currency },
        pipelineId: pipeline.id,
        stageId: stages[stage] as string,
        ...(companyId ? { companyId } : {}),
        ...(contactId ? { contactIds: [contactId] } : {}),
        ...(ownerId ? { ownerId } : {}),
      });
    }
  }
  if (options.extra) {
    const template = (await seed.deals.list({ limit: 1 })).items[0] as Deal;
    const { version: _v, ...rest } = template;
    const owners = ['ada@example.com', 'ben@example.com', 'cleo@example.com'];
    await seed.storage.collection('deals').bulkPut(
      Array.from({ length: options.extra }, (_, i) => ({
        ...rest,
        id: newId(),
        title: `Generated deal ${i + 1}`,
        stageId: stages[i % 4] as string,
        ownerId: owners[i % 3] as string,
        amount: { minor: 10_000 + ((i * 7919) % 900_000), currency: 'EUR' },
        position: `c${String(i).padStart(6, '0')}`,
      })),
    );
  }
  const storage = options.storage ? options.storage(inner) : inner;
  return { crm: createCrm({ storage, clock: fixedClock(created) }), pipelineId: pipeline.id };
}

const meta = {
  title: 'Widgets/PipelineBoard',
  component: 'rapport-pipeline-board',
  argTypes: {
    pipelineId: { control: 'text', description: 'The pipeline to show (default: the story’s pipeline).' },
    owner: { control: 'text', description: 'Only deals of this owner id.' },
    search: { control: 'text', description: 'Only deals whose title, company or contact contains this.' },
    locale: { control: 'text', description: 'A BCP 47 locale for money and counts.' },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
    density: { control: 'inline-radio', options: [undefined, 'comfortable', 'compact'] },
  },
  args: { pipelineId: undefined, owner: '', search: '', locale: 'en-US', theme: undefined, density: undefined },
  loaders: [() => workspace()],
  render: (args, { loaded }) => {
    const { crm, pipelineId } = loaded as Loaded;
    const id = args.pipelineId ?? pipelineId;
    return html`<rapport-pipeline-board
      .crm=${crm}
      .now=${now}
      pipeline-id=${id ?? nothing}
      owner=${args.owner || nothing}
      search=${args.search || nothing}
      locale=${args.locale}
      theme=${args.theme ?? nothing}
      density=${args.density ?? nothing}
    ></rapport-pipeline-board>`;
  },
} satisfies Meta<PipelineBoardArgs>;

export default meta;
type Story = StoryObj<PipelineBoardArgs>;

/** Six deals over four stages, in three currencies; drag them, or use Space and the arrow keys, or "Move to…". */
export const Complete: Story = {};

/** No workspace or no pipeline id yet. */
export const Initial: Story = { loaders: [async () => ({})] };

/** Waiting for the store. */
export const Loading: Story = { loaders: [() => workspace({ storage: (inner) => troubledStorage(inner, 'hang') })] };

/** A pipeline without open deals: every column says so. */
export const Empty: Story = { loaders: [() => workspace({ deals: false })] };

/** No pipeline has this id. */
export const NotFound: Story = { args: { pipelineId: '01900000-0000-7000-8000-000000000000' } };

/** The store could not be read; the board offers to try again. */
export const LoadError: Story = { name: 'Error', loaders: [() => workspace({ storage: (inner) => troubledStorage(inner, 'fail') })] };

/** 10,000 deals: columns are windowed, so the DOM holds only the cards near view. */
export const ManyDeals: Story = { loaders: [() => workspace({ extra: 10_000 })] };

/** Filtered by owner and text; the totals follow the filters. */
export const Filtered: Story = { args: { owner: 'ada@example.com', search: 'acme' } };

/** The dark theme. */
export const Dark: Story = { args: { theme: 'dark' } };

/** Compact density: shorter cards. */
export const Compact: Story = { args: { density: 'compact' } };

/** German number and money formats. */
export const German: Story = { args: { locale: 'de-DE' } };

/** Every write fails: move a card and it goes back, with the reason shown above the columns. */
export const FailingWrite: Story = { loaders: [() => workspace({ storage: (inner) => troubledStorage(inner, 'fail-writes') })] };
