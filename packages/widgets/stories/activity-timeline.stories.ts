import {
  createCrm,
  memoryAdapter,
  UnavailableError,
  type CollectionName,
  type CollectionOf,
  type Crm,
  type Interaction,
  type InteractionType,
  type StorageAdapter,
} from '@rapport/core';
import { seedWorkspace } from '@rapport/core/seed';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import type { RapportInteractionLogEvent } from '../src/events/rapport-interaction-log-event.js';
import type { RapportTaskCompleteEvent } from '../src/events/rapport-task-complete-event.js';
import '../src/activity-timeline/define.js';

interface ActivityTimelineArgs {
  ownerId: string;
  types: InteractionType[] | undefined;
  readonly: boolean;
  timeZone: string;
  locale: string;
  theme: 'light' | 'dark' | undefined;
  density: 'comfortable' | 'compact' | undefined;
}

interface Loaded {
  crm?: Crm;
  /** Whose timeline to show. */
  link?: { contactId?: string; companyId?: string; dealId?: string };
}

const now = new Date();
const people = { 'user-ada': 'Ada Okafor', 'user-ben': 'Ben Hartmann', 'user-chen': 'Chen Wei', 'user-dana': 'Dana Levi', 'user-elif': 'Elif Demir' };

/** A seeded workspace (a year of activity up to now); the timeline shows its busiest contact, or its busiest deal or company. */
const seeded =
  (whose: 'contact' | 'company' | 'deal' = 'contact') =>
  async (): Promise<Loaded> => {
    const crm = createCrm({ storage: memoryAdapter() });
    const { workspace } = await seedWorkspace(crm.storage, { seed: 5, contacts: 120, now, interactionsPerContact: 12 });
    const key = whose === 'contact' ? 'contactId' : whose === 'company' ? 'companyId' : 'dealId';
    const counts = new Map<string, number>();
    for (const entry of workspace.interactions) {
      const id = entry[key];
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const [busiest] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
    return { crm, link: { [key]: busiest } };
  };

/** One contact with `count` entries, one every 20 minutes back from now, written straight to the store. */
const long = (count: number) => async (): Promise<Loaded> => {
  const crm = createCrm({ storage: memoryAdapter() });
  const contact = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', emails: ['ann@example.com'] });
  const types = ['note', 'call', 'email', 'meeting', 'task'] as const;
  const records = Array.from({ length: count }, (_, i) => {
    const occurredAt = new Date(now.getTime() - i * 1_200_000).toISOString();
    const type = types[i % types.length] as InteractionType;
    return {
      id: crypto.randomUUID(),
      type,
      contactId: contact.id,
      ownerId: 'user-ada',
      ...(type === 'note' ? { body: `Note ${count - i}` } : { subject: `${type} ${count - i}` }),
      ...(type === 'call' ? { direction: 'outbound', durationSec: 420, outcome: 'connected' } : {}),
      ...(type === 'task' ? { dueAt: occurredAt, assigneeId: 'user-ada' } : {}),
      occurredAt,
      createdAt: occurredAt,
      updatedAt: occurredAt,
    } as Interaction;
  });
  for (let i = 0; i < records.length; i += 1000) await crm.storage.collection('interactions').bulkPut(records.slice(i, i + 1000));
  return { crm, link: { contactId: contact.id } };
};

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

/** A workspace with one contact and nothing logged. */
const empty = async (): Promise<Loaded> => {
  const crm = createCrm({ storage: memoryAdapter() });
  const contact = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee' });
  return { crm, link: { contactId: contact.id } };
};

const meta = {
  title: 'Widgets/ActivityTimeline',
  component: 'rapport-activity-timeline',
  argTypes: {
    ownerId: { control: 'text', description: 'The signed-in user (owner-id): owner of entries logged here, assignee of tasks added here.' },
    types: {
      control: 'check',
      options: ['note', 'call', 'email', 'meeting', 'task', 'stageChange', 'formSubmission'],
      description: 'Only these kinds of entry (unset: all).',
    },
    readonly: { control: 'boolean', description: 'No composer and no "Complete" buttons.' },
    timeZone: { control: 'text', description: 'An IANA time zone for days and times (time-zone); empty: the browser’s.' },
    locale: { control: 'text', description: 'A BCP 47 locale for dates, times and durations.' },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
    density: { control: 'inline-radio', options: [undefined, 'comfortable', 'compact'] },
  },
  args: { ownerId: 'user-ada', types: undefined, readonly: false, timeZone: '', locale: 'en-US', theme: undefined, density: undefined },
  loaders: [seeded()],
  render: (args, { loaded }) => {
    const { crm, link } = loaded as Loaded;
    return html`<rapport-activity-timeline
      .crm=${crm}
      contact-id=${link?.contactId ?? nothing}
      company-id=${link?.companyId ?? nothing}
      deal-id=${link?.dealId ?? nothing}
      owner-id=${args.ownerId || nothing}
      .types=${args.types?.length ? args.types : undefined}
      .people=${people}
      ?readonly=${args.readonly}
      time-zone=${args.timeZone || nothing}
      locale=${args.locale}
      theme=${args.theme ?? nothing}
      density=${args.density ?? nothing}
      @rapport-interaction-log=${(event: RapportInteractionLogEvent) => console.info('rapport-interaction-log', event.detail.input)}
      @rapport-task-complete=${(event: RapportTaskCompleteEvent) => console.info('rapport-task-complete', event.detail.task.id)}
    ></rapport-activity-timeline>`;
  },
} satisfies Meta<ActivityTimelineArgs>;

export default meta;
type Story = StoryObj<ActivityTimelineArgs>;

/** The busiest contact of a seeded workspace: notes, calls, emails, meetings, tasks and its deals' stage changes. */
export const Complete: Story = {};

/** A company's timeline: everything about its contacts and deals. */
export const Company: Story = { loaders: [seeded('company')] };

/** A deal's timeline, with its stage changes named from the pipeline. */
export const Deal: Story = { loaders: [seeded('deal')] };

/** 50,000 entries: only the rows in view are in the DOM; pages load as you scroll. */
export const FiftyThousand: Story = { name: '50,000 entries', loaders: [long(50_000)] };

/** Calls and meetings only. */
export const Filtered: Story = { args: { types: ['call', 'meeting'] } };

/** Read only: no composer, no "Complete" buttons. */
export const Readonly: Story = { args: { readonly: true } };

/** The compact density and the dark theme. */
export const CompactDark: Story = { args: { density: 'compact', theme: 'dark' } };

/** German dates and times, in Berlin's time zone, with a few strings replaced. */
export const German: Story = {
  args: { locale: 'de-DE', timeZone: 'Europe/Berlin' },
  render: (args, { loaded }) => {
    const { crm, link } = loaded as Loaded;
    return html`<rapport-activity-timeline
      .crm=${crm}
      contact-id=${link?.contactId ?? nothing}
      locale=${args.locale}
      time-zone=${args.timeZone}
      .people=${people}
      .strings=${{ 'type.note': 'Notiz', 'type.call': 'Anruf', 'type.email': 'E-Mail', 'type.meeting': 'Termin', 'type.task': 'Aufgabe', owner: 'von {name}', complete: 'Erledigt', filterLegend: 'Zeigen' }}
    ></rapport-activity-timeline>`;
  },
};

/** No workspace or id yet. */
export const Initial: Story = { loaders: [async () => ({})] };

/** Waiting for the store. */
export const Loading: Story = {
  loaders: [async () => ({ crm: createCrm({ storage: stalledStorage('hang') }), link: { contactId: '01900000-0000-7000-8000-000000000001' } })],
};

/** Nothing logged yet: the composer is there to log the first entry. */
export const Empty: Story = { loaders: [empty] };

/** The store could not be read; the timeline offers to try again. */
export const LoadError: Story = {
  name: 'Error',
  loaders: [async () => ({ crm: createCrm({ storage: stalledStorage('fail') }), link: { contactId: '01900000-0000-7000-8000-000000000001' } })],
};
