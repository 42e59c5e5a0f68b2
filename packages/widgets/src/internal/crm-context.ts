import { createContext } from '@lit/context';
import type { Crm } from '@rapport/core';

/**
 * The context `<rapport-provider>` hands a `Crm` through. The key is a registered symbol, so an
 * element from a second copy of this package still finds the provider of the first.
 */
export const crmContext = createContext<Crm | undefined>(Symbol.for('rapport.crm'));
