// What the demo's end-to-end tests share: the demo server (scripts/serve-demo.mjs, as `npm start`
// runs it) as a child process, a demo page in Chromium that records what went wrong on it, and
// the lead form's fields. The demo serves its built bundles: run `npm run build` first.
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { startProcess } from './support/start-process.js';

/** A running demo server. */
export interface DemoServer {
  /** The demo's URL, ending in `/`. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends `signal` (default SIGINT, as Ctrl-C does) and resolves with the exit code once it has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `node scripts/serve-demo.mjs --port 0 …args` and waits until it says it is ready. */
export async function startDemo(args: readonly string[] = []): Promise<DemoServer> {
  const { child, match } = await startProcess(process.execPath, ['scripts/serve-demo.mjs', '--port', '0', ...args], /Rapport demo: (http:\/\/127\.0\.0\.1:\d+\/)[\s\S]*Press Ctrl-C/, 60_000);
  let output = match.input ?? '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url: match[1] as string,
    child,
    output: () => output,
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A demo page and what went wrong on it. */
export interface DemoPage {
  readonly page: Page;
  /** Uncaught exceptions, console errors and CSP violations. */
  readonly problems: string[];
  /** Every URL the page requested. */
  readonly requests: string[];
}

/** Opens `url` in a fresh context (its own IndexedDB and localStorage) and waits until the page is ready. */
export async function openDemoPage(browser: Browser, url: string): Promise<DemoPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url);
  await page.waitForSelector('body[data-ready], body[data-failed]', { state: 'attached', timeout: 30_000 });
  if (await page.locator('body[data-failed]').count()) throw new Error(`${url} failed: ${await page.textContent('#summary')}\n${problems.join('\n')}`);
  return { page, problems, requests };
}

/** A lead as a person types it into the demo's lead form. */
export interface DemoLead {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
}

/** Fills the demo's lead form (found through its shadow root), ticks the consent and sends it. */
export async function sendLead(page: Page, lead: DemoLead): Promise<void> {
  const control = (selector: string) => page.locator(`#widget-lead-form ${selector}`);
  await control('input[name="firstName"]').fill(lead.firstName);
  await control('input[name="lastName"]').fill(lead.lastName);
  await control('input[name="email"]').fill(lead.email);
  await control('textarea[name="message"]').fill('Please send me a quote.');
  await control('input[name="consent-marketing-email"]').check();
  await control('button[part="submit"]').click();
}
