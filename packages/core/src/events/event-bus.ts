import type { Unsubscribe } from '../storage/port.js';
import { reportListenerError } from '../storage/report-listener-error.js';
import type { CrmEvent, CrmEventListener as Listener, CrmEventMap, CrmEventName } from './crm-events.js';

/** Delivers domain events to listeners; a listener that throws does not stop the others. */
export class EventBus {
  private readonly listeners = new Map<CrmEventName, Set<Listener<never>>>();

  on<K extends CrmEventName>(type: K, listener: Listener<K>): Unsubscribe {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => void set.delete(listener as Listener<never>);
  }

  emit<K extends CrmEventName>(type: K, data: CrmEventMap[K]): void {
    const set = this.listeners.get(type);
    if (!set?.size) return;
    const event = { type, ...data } as CrmEvent<K>;
    for (const listener of [...set]) {
      try {
        (listener as Listener<K>)(event);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }
}
