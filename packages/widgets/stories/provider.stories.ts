import { createCrm, memoryAdapter, type Crm } from '@rapport/core';
import { seedWorkspace } from '@rapport/core/seed';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/provider/define.js';
import '../src/contact-card/define.js';
import '../src/contact-list/define.js';

/** A seeded in-memory workspace: 60 contacts, their companies, deals and timelines. */
async function seededCrm(): Promise<{ crm: Crm; firstContactId: string }> {
  const crm = createCrm({ storage: memoryAdapter() });
  const { workspace } = await seedWorkspace(crm.storage, { contacts: 60, seed: 7, now: '2026-06-01T12:00:00Z' });
  return { crm, firstContactId: workspace.contacts[0]!.id };
}

interface ProviderArgs {
  withWorkspace: boolean;
}

const meta: Meta<ProviderArgs> = {
  title: 'Widgets/Provider',
  component: 'rapport-provider',
  argTypes: {
    withWorkspace: { control: 'boolean', description: "Whether the provider's `crm` property is set" },
  },
  args: { withWorkspace: true },
  loaders: [seededCrm],
  render: ({ withWorkspace }, { loaded }) => {
    const { crm, firstContactId } = loaded as Awaited<ReturnType<typeof seededCrm>>;
    return html`
      <rapport-provider .crm=${withWorkspace ? crm : undefined}>
        <rapport-contact-card contact-id=${firstContactId}></rapport-contact-card>
        <rapport-contact-list></rapport-contact-list>
      </rapport-provider>
    `;
  },
};
export default meta;

type Story = StoryObj<ProviderArgs>;

/** Every element inside the provider uses its workspace: no `crm` property on any of them. */
export const HandsDownAWorkspace: Story = {};

/** Without a workspace the elements show their initial state. */
export const WithoutAWorkspace: Story = { args: { withWorkspace: false } };
