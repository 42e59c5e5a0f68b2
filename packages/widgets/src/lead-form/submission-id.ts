/**
 * A random (version 4) UUID for a submission: its outbox key and its `Idempotency-Key`. Not the
 * uuidv7 the rest of Rapport uses for record ids: nothing sorts submissions, and the library would
 * add 1.5 KB to a bundle with a 20 KB budget. `crypto.randomUUID` exists only on https pages, so
 * plain-http pages build one from `crypto.getRandomValues`, which exists everywhere.
 */
export function submissionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
