/** Where services read the current time; pass a fixed clock in tests and seeds. */
export interface Clock {
  /** The current time. */
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that stands still until moved: for tests and deterministic seeds.
 *
 * @example
 * const clock = fixedClock('2026-05-01T08:00:00Z');
 * clock.advance(60_000); // one minute later
 */
export function fixedClock(start: string | Date): Clock & { advance(ms: number): void; set(time: string | Date): void } {
  let time = new Date(start).getTime();
  if (Number.isNaN(time)) throw new RangeError(`fixedClock: not a date: ${String(start)}`);
  return {
    now: () => new Date(time),
    advance: (ms) => void (time += ms),
    set: (to) => void (time = new Date(to).getTime()),
  };
}
