import { z } from '../schema/zod.js';
import type { Company } from '../companies/company.schema.js';
import type { Contact } from '../contacts/contact.schema.js';
import { ConflictError, isRapportError } from '../errors.js';
import type { Interaction } from '../interactions/interaction.schema.js';
import type { ServiceContext } from '../service/context.js';
import { parseId, parseReadOptions, type ServiceReadOptions } from '../service/options.schema.js';
import { allRecords, requireRecord, timelineOrder } from '../service/records.js';
import type { StorageScope, Unsubscribe } from '../storage/port.js';
import { reportListenerError } from '../storage/report-listener-error.js';
import { maxLimit } from '../storage/query.js';
import { parseInput } from '../validation.js';
import { rescoreOnChange } from './rescore-on-change.js';
import { withTimelines, type ContactWithTimeline } from './batch-subjects.js';
import { compileScoringRules, type Score, type ScoreEngine } from './compute-score.js';
import type { ScoringRules } from './scoring-rules.schema.js';
import { compileFeatures, featuresFromRules } from './features.js';
import { explainPrediction, type PredictionExplanation } from './predictive/explain.js';
import { parsePredictiveModel, type PredictiveModel } from './predictive/predictive-model.schema.js';
import { trainModel, trainOptionsSchema, type TrainOptions } from './train-model.js';
import { readTrainingSet } from './training-set.js';

/** Progress of `scoreAll`, reported after each batch. */
export interface ScoreAllProgress {
  /** Contacts scored so far. */
  readonly processed: number;
  /** Live contacts when the run started. */
  readonly total: number;
  /** Contacts whose stored score changed. */
  readonly updated: number;
  /** Contacts whose stored score was already right, so nothing was written. */
  readonly unchanged: number;
}

/** What `crm.scoring.scoreAll` accepts. */
export const scoreAllOptionsSchema = z
  .strictObject({
    /** Called after each batch. */
    onProgress: z.custom<(progress: ScoreAllProgress) => void>((value) => typeof value === 'function', { message: 'Must be a function' }).optional(),
    /** Stops the run between batches; batches already written stay written. */
    signal: z.custom<AbortSignal>((value) => typeof AbortSignal !== 'undefined' && value instanceof AbortSignal, { message: 'Must be an AbortSignal' }).optional(),
    /** Contacts per batch, each written in one transaction (default 500). */
    batchSize: z.int().min(1).max(maxLimit).optional(),
  })
  .optional();

/** What `crm.scoring.scoreAll` accepts. */
export type ScoreAllOptions = z.input<typeof scoreAllOptionsSchema>;

/** What `crm.scoring.rescoreOnChange` accepts. */
export interface RescoreOnChangeOptions {
  /** Receives a failed re-score (default: reported like an uncaught listener error). */
  onError?: (error: unknown) => void;
}

/** A contact as scoring sees it, with everything its score depends on. */
type Scorable = ContactWithTimeline;

/** A contact on its way to the store, with the score computed from the version read, if any. */
type Scored = Scorable & { readonly score?: Score | undefined };

/** How many times a batch is retried when an optimistic store reports a concurrent write. */
const conflictRetries = 3;

/** The company with this id, unless there is none or it was deleted (a deleted company's fit does not count). */
async function liveCompany(scope: StorageScope, companyId: string | undefined): Promise<Company | undefined> {
  const company = companyId ? await scope.collection('companies').get(companyId) : undefined;
  return company?.deletedAt ? undefined : company;
}

function sameScore(contact: Contact, score: Score): boolean {
  return contact.score?.value === score.value && contact.score.grade === score.grade;
}

/**
 * Lead scoring: explainable scores from rules that are data, stored on each contact, and a
 * predictive model trained on won and lost deals. Reached as `crm.scoring`.
 */
export class ScoringService {
  private readonly engine: ScoreEngine;

  constructor(
    private readonly ctx: ServiceContext,
    rules: ScoringRules,
  ) {
    this.engine = compileScoringRules(rules);
  }

  /** The rules in effect, as `createCrm({ scoring: { rules } })` set them (validated). */
  get rules(): ScoringRules {
    return this.engine.rules;
  }

  /**
   * Computes a contact's score now, with every point explained. Stores nothing; see `rescore`.
   *
   * @example
   * const { value, grade, contributions } = await crm.scoring.score(contact.id);
   * for (const c of contributions) console.log(c.label, c.points);
   */
  async score(contactId: string, options?: ServiceReadOptions): Promise<Score> {
    const id = parseId(contactId, 'contact id');
    const scorable = await this.load(this.ctx.storage, id, parseReadOptions(options));
    return this.engine.score({ ...scorable, now: this.ctx.clock.now() });
  }

  /**
   * Computes a contact's score and stores it on the contact (value, grade, time), unless it is
   * unchanged. A concurrent edit of the contact is kept: the score is written onto the newest
   * version, never over it.
   *
   * @example
   * const contact = await crm.scoring.rescore(contact.id);
   * console.log(contact.score?.grade);
   */
  async rescore(contactId: string): Promise<Contact> {
    const id = parseId(contactId, 'contact id');
    for (let attempt = 0; ; attempt++) {
      const scorable = await this.load(this.ctx.storage, id);
      try {
        const [stored] = await this.store([scorable]);
        return stored ?? scorable.contact;
      } catch (error) {
        if (attempt >= conflictRetries || !isRapportError(error, 'conflict')) throw error;
      }
    }
  }

  /**
   * Scores every live contact, batch by batch, and stores each score that changed. Running it
   * again right after writes nothing; after a new interaction it writes only that contact.
   * Each batch is one transaction, so a concurrent edit is never overwritten.
   *
   * @example
   * const result = await crm.scoring.scoreAll({ onProgress: (p) => bar.update(p.processed / p.total) });
   */
  async scoreAll(options?: ScoreAllOptions): Promise<ScoreAllProgress> {
    const { onProgress, signal, batchSize = 500 } = parseInput(scoreAllOptionsSchema, options, 'scoreAll options') ?? {};
    signal?.throwIfAborted();
    const storage = this.ctx.storage;
    const total = await storage.collection('contacts').count({ where: { deletedAt: null } });
    const companies = new Map<string, Company | undefined>();
    let processed = 0;
    let updated = 0;

    for await (const contacts of allRecords(storage, 'contacts', { where: { deletedAt: null }, limit: batchSize })) {
      signal?.throwIfAborted();
      const batch = await withTimelines(storage, contacts, companies);
      const now = this.ctx.clock.now();
      const stale = batch.map((scorable) => ({ ...scorable, score: this.engine.score({ ...scorable, now }) })).filter(({ contact, score }) => !sameScore(contact, score));
      updated += stale.length ? (await this.storeWithRetry(stale)).length : 0;
      processed += contacts.length;
      if (onProgress) {
        try {
          onProgress({ processed, total, updated, unchanged: processed - updated });
        } catch (error) {
          reportListenerError(error);
        }
      }
    }
    return { processed, total, updated, unchanged: processed - updated };
  }

  /**
   * Keeps stored scores fresh: after each change made through this `Crm` that can move a score
   * (an interaction logged or edited, a task completed, a contact created, edited, restored or
   * merged, its company edited, deleted, restored or merged, a deal moved, won, lost or reopened),
   * re-scores the contacts concerned, and only those. Not covered, because the event does not
   * say whose timeline it touched: deleting an interaction, purging a deal, a CSV import. Run
   * `scoreAll` after those. Returns a function that stops it.
   *
   * @example
   * const stop = crm.scoring.rescoreOnChange();
   */
  rescoreOnChange(options: RescoreOnChangeOptions = {}): Unsubscribe {
    return rescoreOnChange(this.ctx, (id) => this.rescore(id), options.onError ?? reportListenerError);
  }

  /**
   * Trains a predictive model on the contacts of closed deals, won against lost, from declared
   * features (default: one per scoring rule), each read as of the deal's close. Deterministic for
   * a seed; `model.metrics.auc` is measured on a stratified holdout. Refuses with a
   * `ValidationError` (path `examples`) when there is too little data or only one outcome.
   * The model is plain JSON: store it, and read it back with `loadModel`.
   *
   * @example
   * const model = await crm.scoring.train({ seed: 7 });
   * console.log(model.metrics.auc);
   * localStorage.setItem('lead-model', JSON.stringify(model));
   */
  async train(options?: TrainOptions): Promise<PredictiveModel> {
    const parsed = parseInput(trainOptionsSchema, options, 'training options');
    const features = parsed.features ?? featuresFromRules(this.rules);
    const read = compileFeatures(features, this.rules.freeMailDomains);
    const examples = await readTrainingSet(this.ctx.storage, read, { pipelineId: parsed.pipelineId, signal: parsed.signal });
    return trainModel(examples, features, parsed, this.ctx.clock.now().toISOString());
  }

  /**
   * Validates a stored model (an object or its JSON text); the error names every bad field.
   *
   * @example
   * const model = crm.scoring.loadModel(localStorage.getItem('lead-model'));
   */
  loadModel(json: unknown): PredictiveModel {
    return parsePredictiveModel(json);
  }

  /**
   * The chance, by `model`, that a contact's deal is won, with each feature's push up or down in
   * log-odds, largest first.
   *
   * @example
   * const { probability, contributions } = await crm.scoring.predict(contact.id, model);
   */
  async predict(contactId: string, model: PredictiveModel | string, options?: ServiceReadOptions): Promise<PredictionExplanation> {
    const id = parseId(contactId, 'contact id');
    const parsed = parsePredictiveModel(model);
    const { contact, company, interactions } = await this.load(this.ctx.storage, id, parseReadOptions(options));
    const values = compileFeatures(parsed.features, this.rules.freeMailDomains)({ contact, company }, interactions, this.ctx.clock.now().getTime());
    return explainPrediction(parsed, values);
  }

  /** One contact with its company and timeline. */
  private async load(scope: StorageScope, id: string, options: ServiceReadOptions = {}): Promise<Scorable> {
    const { signal } = options;
    const contact = await requireRecord(scope, 'contacts', id, options);
    const company = await liveCompany(scope, contact.companyId);
    const interactions: Interaction[] = [];
    for await (const page of allRecords(scope, 'interactions', { where: { contactId: id }, orderBy: timelineOrder, limit: maxLimit })) {
      signal?.throwIfAborted();
      interactions.push(...page);
    }
    return { contact, company, interactions };
  }

  /** `store`, retried when an optimistic store reports that a contact moved on meanwhile. */
  private async storeWithRetry(batch: readonly Scored[]): Promise<Contact[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.store(batch);
      } catch (error) {
        if (attempt >= conflictRetries || !(error instanceof ConflictError)) throw error;
      }
    }
  }

  /**
   * Writes fresh scores in one transaction. Each contact is re-read inside it: when it changed
   * since it was scored, it is scored again as it is now, and the write expects that version, so
   * an edit made meanwhile is kept and never overwritten. A score computed just before from the
   * same version is used as it is. Returns the contacts written.
   */
  private async store(batch: readonly Scored[]): Promise<Contact[]> {
    const written = await this.ctx.storage.transaction(['contacts', 'companies'], async (tx) => {
      const contacts = tx.collection('contacts');
      const fresh = await contacts.getMany(batch.map((s) => s.contact.id));
      const now = this.ctx.clock.now();
      const computedAt = now.toISOString();
      const out: { contact: Contact; score: Score }[] = [];
      for (const [i, scorable] of batch.entries()) {
        const current = fresh[i];
        if (!current || current.deletedAt) continue;
        let score = current.version === scorable.contact.version ? scorable.score : undefined;
        if (!score) {
          // The edit made meanwhile may have moved the contact to another company: score it with that one.
          const company = current.companyId === scorable.contact.companyId ? scorable.company : await liveCompany(tx, current.companyId);
          score = this.engine.score({ ...scorable, contact: current, company, now });
        }
        if (sameScore(current, score)) continue;
        const next = { ...current, score: { value: score.value, grade: score.grade, computedAt } };
        out.push({ contact: await contacts.put(next, { expectedVersion: current.version }), score });
      }
      return out;
    });
    for (const { contact, score } of written) this.ctx.events.emit('contact.scored', { contact, score });
    return written.map((w) => w.contact);
  }
}
