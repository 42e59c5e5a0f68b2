// Typed JSX for the Rapport elements this React app renders. React 19 sets a custom element's
// props as properties when the element has them (objects such as `crm` included), and turns an
// `on<event-name>` prop into an event listener for `<event-name>`.
import type { RapportContactCard, RapportContactList, RapportContactSelectEvent } from '@rapport/widgets';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

/** React's own props for an element (`key`, `ref`, `id`, `className`, `children`…) plus some of its properties. */
type ElementProps<E extends HTMLElement, K extends keyof E> = DetailedHTMLProps<HTMLAttributes<E>, E> & { [P in K]?: E[P] | null };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'rapport-contact-list': ElementProps<RapportContactList, 'crm' | 'selectedId' | 'search' | 'sort' | 'direction' | 'stage' | 'tag' | 'owner' | 'owners'> & {
        /** The user selected a contact in the list. */
        'onrapport-contact-select'?: (event: RapportContactSelectEvent) => void;
      };
      'rapport-contact-card': ElementProps<RapportContactCard, 'crm' | 'contactId' | 'compact'>;
    }
  }
}
