import type { Contact, Crm } from '@rapport/core';
import '@rapport/widgets/contact-card/define';
import '@rapport/widgets/contact-list/define';
import type { RapportContactSelectEvent } from '@rapport/widgets';
import { useCallback, useState } from 'react';

/** How many contacts "Recently viewed" keeps. */
const historySize = 5;

const nameOf = (contact: Contact) => [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.emails[0] || '(no name)';

/**
 * A contact list and card driven by React state. The selection lives in React: the list reports
 * a choice with `rapport-contact-select`, React stores it, and hands it back to the list
 * (`selectedId`) and the card (`contactId`) as properties, so choosing from "Recently viewed", a
 * plain React list, moves the elements too.
 */
export function ContactBrowser({ crm }: { readonly crm: Crm }) {
  const [selected, setSelected] = useState<Contact | undefined>(undefined);
  const [recent, setRecent] = useState<readonly Contact[]>([]);
  const [compact, setCompact] = useState(false);

  const select = useCallback((contact: Contact | undefined) => {
    setSelected(contact);
    if (contact) setRecent((list) => [contact, ...list.filter((c) => c.id !== contact.id)].slice(0, historySize));
  }, []);
  const handleSelect = useCallback((event: RapportContactSelectEvent) => select(event.detail.contact), [select]);

  return (
    <>
      <div className="react-toolbar">
        <p id="react-selection" role="status" aria-live="polite">
          {selected ? `Selected in React state: ${nameOf(selected)}` : 'No contact selected yet: choose one in the list.'}
        </p>
        <label className="inline">
          <input type="checkbox" id="react-compact" checked={compact} onChange={(event) => setCompact(event.target.checked)} /> Compact card
        </label>{' '}
        <button type="button" id="react-clear" disabled={!selected} onClick={() => select(undefined)}>
          Clear the selection
        </button>
      </div>
      <div className="react-workspace">
        <rapport-contact-list id="react-contact-list" crm={crm} selectedId={selected?.id ?? null} onrapport-contact-select={handleSelect} />
        <div className="contact-detail">
          {selected ? <rapport-contact-card id="react-contact-card" crm={crm} contactId={selected.id} compact={compact} /> : <p className="muted">The card of the contact you choose shows here.</p>}
          <section aria-labelledby="recent-heading">
            <h2 id="recent-heading">Recently viewed</h2>
            {recent.length ? (
              <ul id="react-recent">
                {recent.map((contact) => (
                  <li key={contact.id}>
                    <button type="button" aria-pressed={contact.id === selected?.id} onClick={() => select(contact)}>
                      {nameOf(contact)}
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">Nothing yet.</p>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
