/**
 * Runs at most `n` tasks at once: the samples start together, and the machine (CI has two cores)
 * decides how many make progress.
 */

/** Queues a task; it starts once fewer than the limit are running. */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A queue that runs at most `concurrency` tasks at a time, in the order they were queued.
 *
 * @example
 * const limit = createLimit(3);
 * const results = await Promise.all(files.map((file) => limit(() => run(file))));
 */
export function createLimit(concurrency: number): Limit {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    if (running >= concurrency) return;
    const start = waiting.shift();
    if (!start) return;
    running++;
    start();
  };
  return (task) =>
    new Promise((resolve, reject) => {
      waiting.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            running--;
            next();
          });
      });
      next();
    });
}
