/**
 * Reports an error thrown by a listener without letting it break the code that notified it, the
 * way an EventTarget does: the browser's `reportError` where there is one, the console otherwise.
 */
export function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error('Rapport: a listener threw', error);
}
