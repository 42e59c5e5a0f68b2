/**
 * The harness of core's property tests: a seeded workspace, `check` (fast-check with readable
 * failures), and `expectRefusal`, which runs a call that must fail and checks what the
 * requirement asks of every failure:
 *
 * - the error is a `RapportError` of the expected code (so never a TypeError or a DOMException);
 * - a `ValidationError` has issues, each with a path and a message, and one names the field;
 * - nothing was written: no change batch, no domain event, every record as it was.
 *
 * Test-only and free of Node imports, like its sibling `arbitraries.test-support.ts`.
 */
import fc from 'fast-check';
import {
  collectionNames,
  createCrm,
  fixedClock,
  isRapportError,
  maxLimit,
  memoryAdapter,
  ValidationError,
  type Company,
  type Contact,
  type Crm,
  type CrmEventName,
  type Deal,
  type Interaction,
  type Pipeline,
  type RapportError,
  type Stage,
  type StorageAdapter,
} from '../index.js';

/** A property or harness check that did not hold. */
export class PropertyFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PropertyFailure';
  }
}

/** Shortens runs of one repeated character (the megabyte strings) so a failure stays readable. */
function shorten(text: string): string {
  return text.replace(/(.)\1{63,}/gs, (run: string, ch: string) => `${ch.repeat(8)}…(${run.length} × ${JSON.stringify(ch)})`);
}

/** Renders a value for a failure message, shortened. */
export function show(value: unknown): string {
  return shorten(fc.stringify(value)).slice(0, 500);
}

const readableFailures: fc.Plugin<unknown> = () => ({
  onAllRunsComplete: (details) => {
    if (details.failed) throw new PropertyFailure(shorten(fc.defaultReportMessage(details) ?? 'Property failed'), { cause: details.errorInstance });
  },
});

/** Runs an async property `numRuns` times (default 100); a failure names the seed and a shrunk counterexample. */
export async function check<Ts>(property: fc.IAsyncProperty<Ts>, numRuns = 100): Promise<void> {
  await fc.assert(property, { numRuns, plugins: [readableFailures as fc.Plugin<Ts>] });
}

/** {@link check} for a synchronous property. */
export function checkSync<Ts>(property: fc.IProperty<Ts>, numRuns = 100): void {
  fc.assert(property, { numRuns, plugins: [readableFailures as fc.Plugin<Ts>] });
}

// ---------------------------------------------------------------------------------------------
// A seeded workspace
// ---------------------------------------------------------------------------------------------

/** A workspace with one of everything the services act on, in known states. */
export interface Workspace {
  readonly crm: Crm;
  readonly acme: Company;
  readonly globex: Company;
  /** A soft-deleted company. */
  readonly defunct: Company;
  readonly ann: Contact;
  readonly bob: Contact;
  /** A soft-deleted contact. */
  readonly gone: Contact;
  /** Qualified, Proposal (open), Won, Lost. */
  readonly sales: Pipeline;
  readonly qualified: Stage;
  readonly proposal: Stage;
  readonly wonStage: Stage;
  readonly lostStage: Stage;
  /** A second pipeline with a single open stage and no deals. */
  readonly partners: Pipeline;
  /** An open deal in Qualified, linked to Ann and Acme. */
  readonly open: Deal;
  /** A second open deal in Qualified, after `open`. */
  readonly next: Deal;
  readonly won: Deal;
  readonly lost: Deal;
  /** A soft-deleted deal. */
  readonly removed: Deal;
  /** A note on Ann. */
  readonly note: Interaction;
  /** Bob's overdue task, assigned to `u1`. */
  readonly task: Interaction;
  /** The stage change logged when `won` was won. */
  readonly stageChange: Interaction;
}

/** A fresh, empty workspace on the memory adapter, with a clock that stands still. */
export function emptyCrm(): Crm {
  return createCrm({ storage: memoryAdapter(), clock: fixedClock('2026-05-01T08:00:00Z') });
}

/** A fresh workspace holding one of everything (see {@link Workspace}). */
export async function seededWorkspace(): Promise<Workspace> {
  const crm = emptyCrm();
  const acme = await crm.companies.create({ name: 'Acme', domain: 'acme.com' });
  const globex = await crm.companies.create({ name: 'Globex' });
  const defunct = await crm.companies.delete((await crm.companies.create({ name: 'Defunct', domain: 'defunct.io' })).id);
  const ann = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', emails: ['ann@acme.com'], companyId: acme.id, tags: ['vip'] });
  const bob = await crm.contacts.create({ firstName: 'Bob', emails: ['bob@globex.io'] });
  const gone = await crm.contacts.delete((await crm.contacts.create({ firstName: 'Gone' })).id);
  const sales = await crm.pipelines.create({
    name: 'Sales',
    currency: 'EUR',
    stages: [{ name: 'Qualified' }, { name: 'Proposal' }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }],
  });
  const [qualified, proposal, wonStage, lostStage] = sales.stages as [Stage, Stage, Stage, Stage];
  const partners = await crm.pipelines.create({ name: 'Partners', currency: 'USD', stages: [{ name: 'Talking' }] });
  const amount = { minor: 120_000, currency: 'EUR' };
  const open = await crm.deals.create({ title: 'Acme renewal', amount, pipelineId: sales.id, contactIds: [ann.id], companyId: acme.id });
  const next = await crm.deals.create({ title: 'Acme upsell', amount, pipelineId: sales.id });
  const won = await crm.deals.win((await crm.deals.create({ title: 'Globex pilot', amount, pipelineId: sales.id, contactIds: [bob.id] })).id);
  const lost = await crm.deals.lose((await crm.deals.create({ title: 'Initech', amount, pipelineId: sales.id })).id, { reason: 'Budget' });
  const removed = await crm.deals.delete((await crm.deals.create({ title: 'Dropped', amount, pipelineId: sales.id })).id);
  const note = await crm.interactions.log({ type: 'note', contactId: ann.id, body: 'Met at the expo' });
  const task = await crm.interactions.log({ type: 'task', contactId: bob.id, subject: 'Call back', dueAt: '2026-04-01T09:00:00Z', assigneeId: 'u1' });
  const timeline = await crm.interactions.list({ dealId: won.id, types: ['stageChange'] });
  const stageChange = timeline.items[0] as Interaction;
  return {
    crm,
    acme,
    globex,
    defunct,
    ann,
    bob,
    gone,
    sales,
    qualified,
    proposal,
    wonStage,
    lostStage,
    partners,
    open,
    next,
    won,
    lost,
    removed,
    note,
    task,
    stageChange,
  };
}

// ---------------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------------

/** What a refused call must fail with. */
export type Refusal =
  | {
      readonly code: 'validation';
      /** A path some issue must start with, e.g. `['amount']` or `['contactIds', 2]`. */
      readonly path?: readonly (string | number)[];
    }
  | { readonly code: 'not_found' }
  | { readonly code: 'conflict'; readonly reason?: 'version' | 'unique' | 'in_use' };

/** Every domain event a workspace can fire. */
const eventNames: readonly CrmEventName[] = [
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact.restored',
  'contact.purged',
  'contact.merged',
  'contacts.imported',
  'company.created',
  'company.updated',
  'company.deleted',
  'company.restored',
  'company.purged',
  'company.merged',
  'companies.imported',
  'pipeline.created',
  'pipeline.updated',
  'pipeline.deleted',
  'deal.created',
  'deal.updated',
  'deal.moved',
  'deal.won',
  'deal.lost',
  'deal.reopened',
  'deal.deleted',
  'deal.restored',
  'deal.purged',
  'interaction.logged',
  'interaction.updated',
  'interaction.deleted',
  'task.completed',
];

/** Every stored record, as JSON: equal snapshots mean nothing was written. */
export async function snapshot(storage: StorageAdapter): Promise<string> {
  const out: unknown[] = [];
  for (const collection of collectionNames) out.push(collection, (await storage.collection(collection).query({ limit: maxLimit })).items);
  return JSON.stringify(out);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${shorten(error.message).slice(0, 300)}`;
  return show(error);
}

/** Checks that `error` is the Rapport error `refusal` describes. */
export function checkError(error: unknown, refusal: Refusal): RapportError {
  if (!isRapportError(error, refusal.code)) {
    throw new PropertyFailure(`Expected a RapportError with code "${refusal.code}", got ${describeError(error)}`, { cause: error });
  }
  if (refusal.code === 'validation') {
    if (!(error instanceof ValidationError)) throw new PropertyFailure(`Expected a ValidationError instance, got ${describeError(error)}`);
    if (error.issues.length === 0) throw new PropertyFailure(`ValidationError without issues: ${error.message}`);
    for (const issue of error.issues) {
      const pathOk = Array.isArray(issue.path) && issue.path.every((p) => typeof p === 'string' || typeof p === 'number');
      if (!pathOk || typeof issue.message !== 'string' || issue.message === '') {
        throw new PropertyFailure(`Malformed issue: ${show(issue)}`);
      }
    }
    const expected = refusal.path;
    if (expected && !error.issues.some((issue) => expected.every((part, i) => issue.path[i] === part))) {
      throw new PropertyFailure(`No issue names ${show(expected)}; issues: ${show(error.issues.map((i) => i.path))}`);
    }
  }
  if (refusal.code === 'conflict' && refusal.reason && (error as { reason?: string }).reason !== refusal.reason) {
    throw new PropertyFailure(`Expected a conflict of reason "${refusal.reason}", got ${describeError(error)}`);
  }
  return error;
}

/**
 * Runs `call`, which must fail as `refusal` says, and checks that it wrote nothing: no change
 * batch reached `crm.storage.changes`, no domain event fired, and every record is as it was.
 */
export async function expectRefusal(crm: Crm, call: () => unknown, refusal: Refusal): Promise<void> {
  const before = await snapshot(crm.storage);
  const batches: unknown[] = [];
  const events: string[] = [];
  const stops = [crm.storage.changes((changes) => batches.push(changes)), ...eventNames.map((type) => crm.on(type, () => events.push(type)))];
  let error: unknown;
  let resolved = false;
  let value: unknown;
  try {
    value = await call();
    resolved = true;
  } catch (caught) {
    error = caught;
  } finally {
    for (const stop of stops) stop();
  }
  if (resolved) throw new PropertyFailure(`Expected a refusal with code "${refusal.code}", but it resolved with ${show(value)}`);
  checkError(error, refusal);
  if (batches.length) throw new PropertyFailure(`A refused call committed changes: ${show(batches)}`);
  if (events.length) throw new PropertyFailure(`A refused call fired events: ${events.join(', ')}`);
  if ((await snapshot(crm.storage)) !== before) throw new PropertyFailure('A refused call changed stored records');
}
