#!/usr/bin/env node
/// <reference types="node" />
/**
 * `rapport-conformance`: runs core's storage-port conformance suite through the REST adapter
 * against any server that implements the Rapport REST contract, so a team with its own backend
 * can check it behaves as Rapport expects. It empties the workspace before every test, so it
 * must only ever be pointed at a disposable one. The one Node-only module of the REST adapter:
 * it is a command, never imported by an app.
 */
import { describe, it } from 'node:test';
import { parseArgs } from 'node:util';
import { adapterConformance } from '@rapport/core/testing';
import { httpClient } from './http-client.js';
import { restAdapter } from './rest-adapter.js';
import { emptyWorkspace } from './workspace-reset.js';

const warning = [
  'WARNING: before every test this DELETES EVERY RECORD the API key can reach.',
  'Point it only at a disposable workspace made for this run, never at one holding data you want to keep.',
].join('\n');

const usage = `Usage: rapport-conformance --url <server URL> --api-key <key> [--timeout <ms>]

Runs Rapport's storage-port conformance suite through the REST adapter against a server that
implements the Rapport REST contract (requests go to <url>/v1/…). Exits 0 when every test passes.

${warning}

Options:
  --url <url>       the server's base URL, such as http://localhost:8787
  --api-key <key>   an API key of a disposable workspace (or set RAPPORT_API_KEY)
  --timeout <ms>    how long one request may wait for an answer (default 10000)
  -h, --help        show this help

Exit status: 0 when every test passed, 1 when any failed or the server could not be used,
2 when the arguments are wrong.`;

/** Prints `message` and the usage, and exits with status 2. */
function refuse(message: string): never {
  process.stderr.write(`rapport-conformance: ${message}\n\n${usage}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: { url: { type: 'string' }, 'api-key': { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  }).values;
} catch (error) {
  refuse((error as Error).message);
}
if (parsed.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const baseUrl = parsed.url ?? refuse('--url is required');
const apiKey = parsed['api-key'] ?? process.env.RAPPORT_API_KEY ?? refuse('--api-key (or RAPPORT_API_KEY) is required');
const timeout = parsed.timeout === undefined ? 10_000 : Number(parsed.timeout);
if (!Number.isInteger(timeout) || timeout <= 0) refuse('--timeout must be a positive whole number of milliseconds');

let client;
try {
  client = httpClient({ baseUrl, apiKey, timeout });
} catch (error) {
  refuse((error as Error).message);
}

process.stderr.write(`${warning}\n\n`);
try {
  // A wrong URL or key fails here once, rather than in every test.
  await client.request({ method: 'POST', path: 'contacts/count', json: {} });
} catch (error) {
  process.stderr.write(`rapport-conformance: the server cannot be used: ${(error as Error).message}\n`);
  process.exit(1);
}

adapterConformance(
  // Generous per-test bound: a slow backend should fail a test, not hang the run.
  { describe, it: (name, fn) => it(name, { timeout: 120_000 }, fn) },
  {
    name: `restAdapter against ${new URL(baseUrl).origin}`,
    async create() {
      await emptyWorkspace(client);
      return restAdapter({ baseUrl, apiKey, timeout });
    },
    changeTimeoutMs: Math.max(10_000, timeout),
  },
);
