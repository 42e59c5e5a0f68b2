import { createCrm, fixedClock, memoryAdapter, UnavailableError, type CollectionName, type CollectionOf, type Crm, type StorageAdapter } from '@rapport/core';
import { seedWorkspace } from '@rapport/core/seed';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../src/contact-card/define.js';

interface ContactCardArgs {
  contactId: string | undefined;
  compact: boolean;
  locale: string;
  theme: 'light' | 'dark' | undefined;
  density: 'comfortable' | 'compact' | undefined;
}

interface Loaded {
  crm?: Crm;
  contactId?: string;
}

const now = '2026-06-01T12:00:00.000Z';

/** A seeded workspace with stored scores, and the best-scored contact's id. */
async function seeded(): Promise<Loaded> {
  const crm = createCrm({ storage: memoryAdapter(), clock: fixedClock(now) });
  await seedWorkspace(crm.storage, { seed: 7, contacts: 60, now });
  await crm.scoring.scoreAll();
  const [best] = (await crm.contacts.list({ orderBy: { field: 'score.value', direction: 'desc' }, limit: 1 })).items;
  return { crm, contactId: best?.id };
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
  title: 'Widgets/ContactCard',
  component: 'rapport-contact-card',
  argTypes: {
    contactId: { control: 'text', description: 'The id of the contact to show (default: the seeded contact).' },
    compact: { control: 'boolean', description: 'Only the name, title, company, first email and phone, and the score.' },
    locale: { control: 'text', description: 'A BCP 47 locale for numbers.' },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
    density: { control: 'inline-radio', options: [undefined, 'comfortable', 'compact'] },
  },
  args: { contactId: undefined, compact: false, locale: 'en-US', theme: undefined, density: undefined },
  loaders: [seeded],
  render: (args, { loaded }) => {
    const { crm, contactId } = loaded as Loaded;
    const id = args.contactId ?? contactId;
    return html`<rapport-contact-card
      .crm=${crm}
      contact-id=${id ?? nothing}
      ?compact=${args.compact}
      locale=${args.locale}
      theme=${args.theme ?? nothing}
      density=${args.density ?? nothing}
    ></rapport-contact-card>`;
  },
} satisfies Meta<ContactCardArgs>;

export default meta;
type Story = StoryObj<ContactCardArgs>;

/** A seeded contact with every field, a stored score and the editor behind the Edit button. */
export const Complete: Story = {};

/** The compact variant: name, title and company, first email and phone, score. */
export const Compact: Story = { args: { compact: true } };

/** The dark theme. */
export const Dark: Story = { args: { theme: 'dark' } };

/** No workspace or no contact id yet. */
export const Initial: Story = { loaders: [async () => ({})] };

/** Waiting for the store. */
export const Loading: Story = { loaders: [async () => ({ crm: createCrm({ storage: stalledStorage('hang') }), contactId: '01900000-0000-7000-8000-000000000001' })] };

/** No such contact, or it was deleted. */
export const Empty: Story = { args: { contactId: '01900000-0000-7000-8000-000000000000' } };

/** The store could not be read; the card offers to try again. */
export const LoadError: Story = { name: 'Error', loaders: [async () => ({ crm: createCrm({ storage: stalledStorage('fail') }), contactId: '01900000-0000-7000-8000-000000000001' })] };

/** Strings replaced, as a host page localising the card would. */
export const CustomStrings: Story = {
  render: (args, { loaded }) => {
    const { crm, contactId } = loaded as Loaded;
    return html`<rapport-contact-card
      .crm=${crm}
      contact-id=${args.contactId ?? contactId ?? nothing}
      locale="de-DE"
      .strings=${{ edit: 'Bearbeiten', editLabel: '{name} bearbeiten', emails: 'E-Mail', phones: 'Telefon', lifecycleStage: 'Phase', owner: 'Zuständig', save: 'Speichern', cancel: 'Abbrechen' }}
    ></rapport-contact-card>`;
  },
};
