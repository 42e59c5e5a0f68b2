import { uuidv7 } from 'uuidv7';

/** Makes a new record id: a UUIDv7, so ids sort by creation time. */
export function newId(): string {
  return uuidv7();
}
