import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { UUID } from 'uuidv7';

/** A seeded random source (pure-rand's xoroshiro128+), so that one seed always yields the same workspace. */
export class SeededRandom {
  private readonly rng: ReturnType<typeof xoroshiro128plus>;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }

  /** An integer from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return uniformInt(this.rng, min, max);
  }

  /** A number in [0, 1). */
  float(): number {
    return uniformFloat64(this.rng);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }

  /** One key of `weights`, chosen in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let roll = this.float() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) if ((roll -= weight) < 0) return key;
    return entries[entries.length - 1]?.[0] as K;
  }

  /** Up to `max` distinct elements of `items`. */
  some<T>(items: readonly T[], max: number): T[] {
    const out = new Set<T>();
    const n = this.int(0, max);
    for (let i = 0; i < n; i++) out.add(this.pick(items));
    return [...out];
  }

  /** A UUIDv7 for time `ms`, its random bits from this source. */
  uuidAt(ms: number): string {
    return UUID.fromFieldsV7(ms, this.int(0, 0xfff), this.int(0, 0x3fffffff), this.int(0, 0xffffffff)).toString();
  }
}
