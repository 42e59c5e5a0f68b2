import { isRapportError } from '../errors.js';
import type { ServiceContext } from '../service/context.js';
import { allRecords } from '../service/records.js';
import type { Unsubscribe } from '../storage/port.js';

/**
 * Listens to this `Crm`'s domain events and calls `rescore` for each contact whose score a change
 * may have moved. Changes within one turn of the event loop (a deal won, then its note) are
 * collected and each contact is re-scored once, one after another.
 */
export function rescoreOnChange(ctx: ServiceContext, rescore: (contactId: string) => Promise<unknown>, onError: (error: unknown) => void): Unsubscribe {
  const pending = new Set<string>();
  let scheduled = false;
  let stopped = false;

  const flush = async () => {
    scheduled = false;
    for (const id of [...pending]) {
      pending.delete(id);
      if (stopped) return;
      try {
        await rescore(id);
      } catch (error) {
        // A contact deleted in the meantime has no score to keep.
        if (!isRapportError(error, 'not_found')) onError(error);
      }
    }
  };
  const touch = (contactId: string | undefined) => {
    if (!contactId || stopped) return;
    pending.add(contactId);
    if (!scheduled) {
      scheduled = true;
      setTimeout(() => void flush(), 0);
    }
  };
  /** A company's fit changes every one of its contacts' scores. */
  const touchCompany = async (companyId: string) => {
    try {
      for await (const page of allRecords(ctx.storage, 'contacts', { where: { companyId, deletedAt: null } })) {
        for (const contact of page) touch(contact.id);
      }
    } catch (error) {
      onError(error);
    }
  };

  const { events } = ctx;
  const stops = [
    events.on('interaction.logged', ({ interaction }) => touch(interaction.contactId)),
    events.on('interaction.updated', ({ interaction, previous }) => {
      touch(interaction.contactId);
      if (previous.contactId !== interaction.contactId) touch(previous.contactId);
    }),
    events.on('task.completed', ({ interaction }) => touch(interaction.contactId)),
    ...(['contact.created', 'contact.updated', 'contact.restored', 'contact.merged'] as const).map((type) => events.on(type, ({ contact }) => touch(contact.id))),
    ...(['company.updated', 'company.deleted', 'company.restored', 'company.merged'] as const).map((type) => events.on(type, ({ company }) => void touchCompany(company.id))),
    ...(['deal.moved', 'deal.won', 'deal.lost', 'deal.reopened'] as const).map((type) => events.on(type, ({ deal }) => touch(deal.contactIds[0]))),
  ];
  return () => {
    stopped = true;
    for (const stop of stops) stop();
  };
}
