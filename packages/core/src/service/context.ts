import type { Clock } from '../clock.js';
import type { EventBus } from '../events/event-bus.js';
import type { StorageAdapter } from '../storage/port.js';

/**
 * What every service is built from: the port, a clock, an id maker and the event bus. Nothing
 * global. `createCrm` builds it; applications do not construct services themselves.
 */
export interface ServiceContext {
  readonly storage: StorageAdapter;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly events: EventBus;
}

/** The current time as Rapport stores it. */
export function nowIso(ctx: ServiceContext): string {
  return ctx.clock.now().toISOString();
}
