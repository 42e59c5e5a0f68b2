import { createCrm, fixedClock, lifecycleStages, memoryAdapter, UnavailableError, type CollectionName, type CollectionOf, type Crm, type StorageAdapter } from '@rapport/core';
import { seedWorkspace } from '@rapport/core/seed';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import type { ContactOwner, ContactSort } from '../src/contact-list/contact-list.js';
import type { RapportContactSelectEvent } from '../src/events/rapport-contact-select-event.js';
import '../src/contact-list/define.js';

interface ContactListArgs {
  search: string;
  sort: ContactSort;
  direction: 'asc' | 'desc';
  stage: string;
  tag: string;
  owner: string;
  selectedId: string | undefined;
  withOwners: boolean;
  locale: string;
  theme: 'light' | 'dark' | undefined;
  density: 'comfortable' | 'compact' | undefined;
}

interface Loaded {
  crm?: Crm;
}

const now = '2026-06-01T12:00:00.000Z';

/** The seeded workspace's owners, with display names. */
const owners: readonly ContactOwner[] = [
  { id: 'user-ada', name: 'Ada Okafor' },
  { id: 'user-ben', name: 'Ben Hartmann' },
  { id: 'user-chen', name: 'Chen Wei' },
  { id: 'user-dana', name: 'Dana Levi' },
  { id: 'user-elif', name: 'Elif Demir' },
];

/** A seeded workspace of `contacts` contacts, scored so that the score column and sort have values. */
const seeded = (contacts: number) => async (): Promise<Loaded> => {
  const crm = createCrm({ storage: memoryAdapter(), clock: fixedClock(now) });
  await seedWorkspace(crm.storage, { seed: 11, contacts, now, interactionsPerContact: contacts > 5000 ? 0 : 3 });
  if (contacts <= 5000) await crm.scoring.scoreAll();
  return { crm };
};

/** A store whose contact reads never answer (loading) or always fail (error). */
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
  title: 'Widgets/ContactList',
  component: 'rapport-contact-list',
  argTypes: {
    search: { control: 'text', description: 'Search text: every word must start a word of the name, title, emails or company.' },
    sort: { control: 'inline-radio', options: ['name', 'company', 'score', 'created'] },
    direction: { control: 'inline-radio', options: ['asc', 'desc'] },
    stage: { control: 'select', options: ['', ...lifecycleStages], description: 'Only contacts at this lifecycle stage.' },
    tag: { control: 'text', description: 'Only contacts with this tag (vip, newsletter, partner, …).' },
    owner: { control: 'text', description: 'Only contacts of this owner id (user-ada, user-ben, …).' },
    selectedId: { control: 'text', description: 'The selected contact id (selected-id).' },
    withOwners: { control: 'boolean', description: 'Pass the owners property: names in the owner column, a select as the owner filter.' },
    locale: { control: 'text', description: 'A BCP 47 locale for numbers.' },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
    density: { control: 'inline-radio', options: [undefined, 'comfortable', 'compact'] },
  },
  args: { search: '', sort: 'name', direction: 'asc', stage: '', tag: '', owner: '', selectedId: undefined, withOwners: true, locale: 'en-US', theme: undefined, density: undefined },
  loaders: [seeded(2000)],
  render: (args, { loaded }) => {
    const { crm } = loaded as Loaded;
    return html`<rapport-contact-list
      .crm=${crm}
      .owners=${args.withOwners ? owners : []}
      search=${args.search}
      sort=${args.sort}
      direction=${args.direction}
      stage=${args.stage}
      tag=${args.tag}
      owner=${args.owner}
      selected-id=${args.selectedId ?? nothing}
      locale=${args.locale}
      theme=${args.theme ?? nothing}
      density=${args.density ?? nothing}
      @rapport-contact-select=${(event: RapportContactSelectEvent) => console.info('rapport-contact-select', event.detail.contact.id)}
    ></rapport-contact-list>`;
  },
} satisfies Meta<ContactListArgs>;

export default meta;
type Story = StoryObj<ContactListArgs>;

/** 2,000 seeded, scored contacts, sorted by last name. */
export const Complete: Story = {};

/** 50,000 contacts: the DOM holds only the rows in view; End or a drag to the bottom reads from the end. */
export const FiftyThousand: Story = { name: '50,000 contacts', loaders: [seeded(50_000)] };

/** Searched, filtered and sorted by score. */
export const Filtered: Story = { args: { search: 'a', stage: 'lead', sort: 'score', direction: 'desc' } };

/** The compact density and the dark theme. */
export const CompactDark: Story = { args: { density: 'compact', theme: 'dark' } };

/** Owner ids as they are stored, and a text box as the owner filter. */
export const WithoutOwnerNames: Story = { args: { withOwners: false } };

/** No workspace yet. */
export const Initial: Story = { loaders: [async () => ({})] };

/** Waiting for the store. */
export const Loading: Story = { loaders: [async () => ({ crm: createCrm({ storage: stalledStorage('hang') }) })] };

/** A workspace without contacts. */
export const Empty: Story = { loaders: [async () => ({ crm: createCrm({ storage: memoryAdapter() }) })] };

/** Contacts, but none for this search: a different message from an empty workspace. */
export const NoResults: Story = { args: { search: 'zzyzx' } };

/** The store could not be read; the list offers to try again. */
export const LoadError: Story = { name: 'Error', loaders: [async () => ({ crm: createCrm({ storage: stalledStorage('fail') }) })] };

/** Strings replaced, as a host page localising the list would. */
export const CustomStrings: Story = {
  args: { locale: 'de-DE' },
  render: (args, { loaded }) => {
    const { crm } = loaded as Loaded;
    return html`<rapport-contact-list
      .crm=${crm}
      .owners=${owners}
      locale=${args.locale}
      .strings=${{ label: 'Kontakte', search: 'Suche', sort: 'Sortieren nach', 'count.other': '{count} Kontakte', colName: 'Name', colCompany: 'Firma', colTitle: 'Position', colStage: 'Phase', colScore: 'Bewertung', colOwner: 'Zuständig' }}
    ></rapport-contact-list>`;
  },
};
