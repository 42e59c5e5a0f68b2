import { SeededRandom } from '../../seed/random.js';

/** Which examples train the model and which are held out to measure it, as indices into the labels. */
export interface Split {
  /** Indices of the training examples, ascending. */
  readonly train: number[];
  /** Indices of the held-out examples, ascending. */
  readonly holdout: number[];
}

/**
 * Splits examples into training and holdout sets so that each class keeps its share in both,
 * the same way every time for a given seed.
 *
 * Each class puts `round(size × holdoutFraction)` of its members in the holdout, but at least one,
 * and always leaves at least one for training; a class with a single member keeps it for training,
 * since a model cannot learn a class it never sees, while an AUC can do without it.
 *
 * @example
 * const { train, holdout } = stratifiedSplit([1, 0, 0, 1, 0, 1], 0.25, 42);
 * // each of train and holdout holds at least one 0 and one 1
 */
export function stratifiedSplit(labels: readonly (0 | 1)[], holdoutFraction: number, seed: number): Split {
  // A caller's bug, not user input: the service validates options before it gets here.
  if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
    throw new RangeError(`Invalid holdout fraction: ${holdoutFraction}; it must be between 0 and 1, both excluded`);
  }
  const random = new SeededRandom(seed);
  const train: number[] = [];
  const holdout: number[] = [];
  // One generator for both classes, always in the order 0 then 1, so that a seed fixes the whole split.
  for (const label of [0, 1] as const) {
    const members: number[] = [];
    labels.forEach((l, index) => {
      if (l === label) members.push(index);
    });
    shuffle(members, random);
    const size = members.length;
    const held = size < 2 ? 0 : Math.min(size - 1, Math.max(1, Math.round(size * holdoutFraction)));
    holdout.push(...members.slice(0, held));
    train.push(...members.slice(held));
  }
  return { train: train.sort(ascending), holdout: holdout.sort(ascending) };
}

/** Fisher–Yates, in place: every order equally likely, given a fair source. */
function shuffle(items: number[], random: SeededRandom): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    const item = items[i] as number;
    items[i] = items[j] as number;
    items[j] = item;
  }
}

function ascending(a: number, b: number): number {
  return a - b;
}
