/** Progress lines from the page: the runner prints console lines that start with `bench:`. */

/** Prints `message` under the entry's heading in `npm run bench`. */
export function progress(message: string): void {
  console.log(`bench: ${message}`);
}

/** Collects garbage when Chromium was started with `--js-flags=--expose-gc` (the runner does). */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
