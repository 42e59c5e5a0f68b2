/**
 * The child process of a Node sample: imports the sample module (its top-level awaits included)
 * and tells the runner on file descriptor 3 how that went: `done`, or `failed <block>` with the
 * index of the chain's block that was running (see sample-module.ts). The runner can then tell a
 * sample that threw from one that ran and keeps serving, like a server started by a doc.
 */
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

declare global {
  /** Set by the sample module before each of its blocks. */
  var docsSampleBlock: number | undefined;
}

/** Tells the runner; run by hand, without the runner's pipe, there is no one to tell. */
function tell(message: string): void {
  try {
    writeSync(3, `${message}\n`);
  } catch {
    // No runner listening.
  }
}

const file = process.argv[2];
if (!file) throw new Error('usage: node-entry.ts <sample file>');
try {
  await import(pathToFileURL(file).href);
} catch (error) {
  tell(`failed ${globalThis.docsSampleBlock ?? -1}`);
  throw error;
}
tell('done');
