/**
 * A time limit on a promise, so that no sample, browser step or shutdown can keep the test file
 * from ending: a hung sample becomes a failed one.
 */

/**
 * `promise`, or a rejection with `message` after `ms` milliseconds, whichever comes first.
 *
 * @example
 * await withDeadline(page.evaluate(() => window.docsSettle()), 20_000, 'the page did not settle');
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
