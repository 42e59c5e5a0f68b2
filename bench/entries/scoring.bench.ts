/**
 * Lead scoring at scale: 100,000 contacts with about 1,000,000 timeline entries, scored with
 * `defaultScoringRules`, against a hand-written loop that computes the same values and grades.
 *
 * - `scoring engine`: `compileScoringRules(defaultScoringRules).score(...)` for every contact,
 *   timelines grouped by contact beforehand (untimed, for both sides).
 * - `scoreAll (memoryAdapter)`: `crm.scoring.scoreAll()` end to end over a memoryAdapter holding
 *   the workspace (paging, timeline queries, cloning, scoring, one transaction of writes per
 *   batch), against the hand loop plus grouping the flat arrays by contact.
 *
 * Before anything is timed, the hand loop's value and grade are checked against the engine's for
 * every contact, and after the first scoreAll run, against the scores it stored.
 */
import {
  compileScoringRules,
  createCrm,
  defaultScoringRules,
  fixedClock,
  freeMailDomains,
  memoryAdapter,
  type Company,
  type Contact,
  type Crm,
  type Interaction,
  type ScoreInput,
} from '@rapport/core';
import { generateWorkspace, type Workspace } from '@rapport/core/seed';
import { row, type BenchEntry } from '../entry.ts';
import { collectGarbage, compare, type Trial } from '../measure.ts';

const name = 'lead scoring 100k contacts';
const engineName = 'scoring engine';
const scoreAllName = 'scoreAll (memoryAdapter)';
const contactCount = 100_000;
/** Timeline entries per contact on average; with the deals' stage changes about 1,000,000 in all. */
const interactionsPerContact = 9.5;
const now = '2026-06-01T12:00:00Z';

// ---------------------------------------------------------------------------------------------
// The baseline: defaultScoringRules written out by hand as plain JavaScript, one pass over each
// contact's timeline. Points are added up in hundredths as the engine does, so the values are
// exactly equal (checked for every contact before timing).

const day = 86_400_000;
const seniorWords = ['chief', 'ceo', 'cto', 'cfo', 'founder', 'vp', 'vice president', 'head of', 'director'];
const midSizes = new Set(['51-200', '201-500', '501-1000']);
const largeSizes = new Set(['1001-5000', '5001+']);
const qualifiedStages = new Set(['salesQualified', 'opportunity']);
const freeMail = new Set(freeMailDomains);

// The newest entry times per engagement rule of the contact being scored, newest first.
const forms = new Float64Array(3);
const meetings = new Float64Array(5);
const calls = new Float64Array(5);
const replies = new Float64Array(5);
const wins: number[] = [];

/** Keeps `t` among the newest `times.length` times held in `times[0..n)`; returns the new count. */
function keepNewest(times: Float64Array, n: number, t: number): number {
  const max = times.length;
  if (n === max && t <= (times[max - 1] as number)) return n;
  let i = n === max ? max - 1 : n;
  while (i > 0 && (times[i - 1] as number) < t) {
    times[i] = times[i - 1] as number;
    i--;
  }
  times[i] = t;
  return n === max ? n : n + 1;
}

/** Points in hundredths for `n` entries at `times` (newest first), halving every `halfLife` days. */
function decayed(points: number, times: ArrayLike<number>, n: number, nowMs: number, halfLife: number): number {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += points * 0.5 ** ((nowMs - (times[k] as number)) / day / halfLife);
  return Math.round(sum * 100);
}

/** A contact's score by defaultScoringRules, written out by hand. */
function handScore(contact: Contact, company: Company | undefined, interactions: readonly Interaction[], nowMs: number): number {
  // Fit: senior title 15, mid-size company 15, large company 20, a phone 5, sales-qualified 10,
  // a free-mail first address -10; capped at 50.
  let fit = 0;
  const title = contact.title;
  if (typeof title === 'string') {
    const lower = title.toLowerCase();
    for (const word of seniorWords) {
      if (lower.includes(word)) {
        fit += 1500;
        break;
      }
    }
  }
  const size = company?.size;
  if (size !== undefined && midSizes.has(size)) fit += 1500;
  else if (size !== undefined && largeSizes.has(size)) fit += 2000;
  if (contact.phones.length > 0) fit += 500;
  if (contact.lifecycleStage !== undefined && qualifiedStages.has(contact.lifecycleStage)) fit += 1000;
  const email = contact.emails[0];
  if (typeof email === 'string' && freeMail.has(email.slice(email.lastIndexOf('@') + 1).toLowerCase())) fit -= 1000;
  if (fit > 5000) fit = 5000;

  // Engagement: the newest 3 form submissions (10, half-life 30 days), 5 meetings (8, 45 days),
  // 5 connected calls (5, 30 days), 5 inbound emails (3, 21 days), every won deal (15, 180 days);
  // nothing after now; capped at 50.
  let nForms = 0;
  let nMeetings = 0;
  let nCalls = 0;
  let nReplies = 0;
  wins.length = 0;
  for (const entry of interactions) {
    const type = entry.type;
    if (type !== 'meeting' && type !== 'call' && type !== 'email' && type !== 'formSubmission' && type !== 'stageChange') continue;
    const t = Date.parse(entry.occurredAt);
    if (!(t <= nowMs)) continue;
    if (type === 'meeting') nMeetings = keepNewest(meetings, nMeetings, t);
    else if (type === 'call') {
      if (entry.outcome !== undefined && entry.outcome.toLowerCase() === 'connected') nCalls = keepNewest(calls, nCalls, t);
    } else if (type === 'email') {
      if (entry.direction === 'inbound') nReplies = keepNewest(replies, nReplies, t);
    } else if (type === 'formSubmission') nForms = keepNewest(forms, nForms, t);
    else if (entry.stageChange?.toStatus === 'won') wins.push(t);
  }
  if (wins.length > 1) wins.sort((a, b) => b - a);
  let engagement =
    decayed(10, forms, nForms, nowMs, 30) +
    decayed(8, meetings, nMeetings, nowMs, 45) +
    decayed(5, calls, nCalls, nowMs, 30) +
    decayed(3, replies, nReplies, nowMs, 21) +
    decayed(15, wins, wins.length, nowMs, 180);
  if (engagement > 5000) engagement = 5000;
  return (fit + engagement) / 100;
}

const gradeOf = (value: number) => (value >= 60 ? 'A' : value >= 35 ? 'B' : value >= 15 ? 'C' : 'D');

// ---------------------------------------------------------------------------------------------

interface Scored {
  readonly values: Float64Array;
  readonly grades: string[];
}

/** Timelines by contact id, in workspace order. */
function groupByContact(interactions: readonly Interaction[]): Map<string, Interaction[]> {
  const groups = new Map<string, Interaction[]>();
  for (const entry of interactions) {
    const id = entry.contactId as string;
    const group = groups.get(id);
    if (group) group.push(entry);
    else groups.set(id, [entry]);
  }
  return groups;
}

const noTimeline: readonly Interaction[] = [];

/** The hand loop over pre-grouped subjects (the engine row's baseline). */
function handLoop(inputs: readonly ScoreInput[], nowMs: number, out: Scored): void {
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as ScoreInput;
    const value = handScore(input.contact, input.company, input.interactions, nowMs);
    out.values[i] = value;
    out.grades[i] = gradeOf(value);
  }
}

/** The hand loop from the flat arrays: group the timeline by contact, look companies up, score. */
function handLoopFromArrays(workspace: Workspace, nowMs: number, out: Scored): void {
  const groups = groupByContact(workspace.interactions);
  const companies = new Map<string, Company>();
  for (const company of workspace.companies) companies.set(company.id, company);
  const { contacts } = workspace;
  for (let i = 0; i < contacts.length; i++) {
    const contact = contacts[i] as Contact;
    const company = contact.companyId ? companies.get(contact.companyId) : undefined;
    const value = handScore(contact, company, groups.get(contact.id) ?? noTimeline, nowMs);
    out.values[i] = value;
    out.grades[i] = gradeOf(value);
  }
}

const scored = (n: number): Scored => ({ values: new Float64Array(n), grades: new Array<string>(n) });

/** Throws unless `actual` has the same value and grade as `expected` for every contact. */
function checkSame(what: string, expected: Scored, actual: Scored, contacts: readonly Contact[]): void {
  let wrong = 0;
  let first = '';
  for (let i = 0; i < contacts.length; i++) {
    if (expected.values[i] !== actual.values[i] || expected.grades[i] !== actual.grades[i]) {
      if (!wrong++) first = `contact ${(contacts[i] as Contact).id}: expected ${expected.values[i]} ${expected.grades[i]}, got ${actual.values[i]} ${actual.grades[i]}`;
    }
  }
  if (wrong) throw new Error(`${what}: ${wrong} of ${contacts.length} contacts differ from the hand loop, first ${first}`);
}

const heapMB = () => process.memoryUsage().heapUsed / 1024 / 1024;

const entry: BenchEntry = {
  name,
  description:
    `Scores ${contactCount.toLocaleString('en-US')} generated contacts with about 1,000,000 timeline entries with defaultScoringRules: ` +
    'the engine alone, and crm.scoring.scoreAll() over memoryAdapter, each against a hand-written loop computing the same values and grades.',
  async run() {
    const nowDate = new Date(now);
    const nowMs = nowDate.getTime();
    let start = performance.now();
    const workspace = generateWorkspace({ seed: 1, contacts: contactCount, interactionsPerContact, now });
    const generateMs = performance.now() - start;
    const { contacts, companies, interactions } = workspace;
    const counts = { contacts: contacts.length, interactions: interactions.length, companies: companies.length, deals: workspace.deals.length };
    console.log(`  workspace: ${Object.entries(counts).map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`).join(', ')} (${(generateMs / 1000).toFixed(1)} s)`);

    // --- The engine alone --------------------------------------------------------------------
    const groups = groupByContact(interactions);
    const companiesById = new Map(companies.map((c) => [c.id, c]));
    const inputs: ScoreInput[] = contacts.map((contact) => ({
      contact,
      company: contact.companyId ? companiesById.get(contact.companyId) : undefined,
      interactions: groups.get(contact.id) ?? noTimeline,
      now: nowDate,
    }));
    const engine = compileScoringRules(defaultScoringRules);
    const byEngine = scored(contacts.length);
    const byHand = scored(contacts.length);
    const runEngine = () => {
      for (let i = 0; i < inputs.length; i++) {
        const score = engine.score(inputs[i] as ScoreInput);
        byEngine.values[i] = score.value;
        byEngine.grades[i] = score.grade;
      }
    };
    runEngine();
    handLoop(inputs, nowMs, byHand);
    checkSame('scoring engine', byHand, byEngine, contacts);
    const grades: Record<string, number> = {};
    for (const grade of byHand.grades) grades[grade] = (grades[grade] ?? 0) + 1;
    console.log(`  engine and hand loop agree on all ${contacts.length.toLocaleString('en-US')} contacts; grades ${JSON.stringify(grades)}`);

    const engineTime = await compare(
      () => runEngine,
      () => () => handLoop(inputs, nowMs, byHand),
      { warmupRuns: 1, runs: 5 },
    );
    checkSame('scoring engine (timed runs)', byHand, byEngine, contacts);

    // --- scoreAll end to end -----------------------------------------------------------------
    start = performance.now();
    const storage = memoryAdapter();
    for (const collection of ['pipelines', 'companies', 'contacts', 'deals', 'interactions'] as const) {
      const records = workspace[collection] as unknown as readonly never[];
      for (let i = 0; i < records.length; i += 5000) await storage.collection(collection).bulkPut(records.slice(i, i + 5000));
    }
    // The memory adapter builds an equality index the first time a query filters on a field; a
    // running app has it, so it is built here, untimed, rather than in the first timed run.
    await storage.collection('interactions').query({ where: { contactId: (contacts[0] as Contact).id }, limit: 1 });
    const seedMs = performance.now() - start;
    collectGarbage();
    const heapSeeded = heapMB();
    console.log(`  seeded memoryAdapter in ${(seedMs / 1000).toFixed(1)} s; heap ${heapSeeded.toFixed(0)} MB (workspace and store)`);
    const crm: Crm = createCrm({ storage, clock: fixedClock(now) });

    let runsDone = 0;
    let checked = false;
    let peakHeap = 0;
    /** Checks the scores the last run stored against the hand loop, once. */
    const checkStored = async () => {
      const stored = scored(contacts.length);
      const index = new Map(contacts.map((c, i) => [c.id, i]));
      let cursor: string | undefined;
      do {
        const page = await storage.collection('contacts').query({ limit: 1000, ...(cursor ? { cursor } : {}) });
        for (const contact of page.items) {
          const i = index.get(contact.id) as number;
          stored.values[i] = contact.score?.value ?? NaN;
          stored.grades[i] = contact.score?.grade ?? '';
        }
        cursor = page.nextCursor;
      } while (cursor);
      handLoop(inputs, nowMs, byHand);
      checkSame('scoreAll stored scores', byHand, stored, contacts);
      checked = true;
    };
    // Every run needs contacts without a stored score (a second run right after writes nothing),
    // so the generated contacts, which have none, are written back before each run (untimed).
    const viaScoreAll: Trial = async () => {
      if (runsDone > 0 && !checked) await checkStored();
      for (let i = 0; i < contacts.length; i += 5000) await storage.collection('contacts').bulkPut(contacts.slice(i, i + 5000));
      collectGarbage();
      const before = heapMB();
      return async () => {
        const result = await crm.scoring.scoreAll({ onProgress: () => void (peakHeap = Math.max(peakHeap, heapMB() - before)) });
        runsDone++;
        if (result.processed !== contacts.length || result.updated !== contacts.length) {
          throw new Error(`scoreAll: processed ${result.processed} and updated ${result.updated} of ${contacts.length} contacts`);
        }
      };
    };
    const fromArrays = scored(contacts.length);
    const viaHand: Trial = () => () => handLoopFromArrays(workspace, nowMs, fromArrays);
    const scoreAllTime = await compare(viaScoreAll, viaHand, { warmupRuns: 0, runs: 3, minRuns: 2, budgetMs: 120_000 });
    if (!checked) await checkStored();
    checkSame('hand loop from the flat arrays', byHand, fromArrays, contacts);

    const rate = (ms: number) => (contacts.length / ms) * 1000;
    const k = (n: number) => n.toLocaleString('en-US');
    return [
      row({
        entry: engineName,
        metric: 'median time',
        unit: 'ms',
        value: engineTime.subject.median,
        baseline: 'hand-written loop',
        baselineValue: engineTime.baseline.median,
        throughput: { unit: 'ops/s', value: rate(engineTime.subject.median), baselineValue: rate(engineTime.baseline.median) },
        note:
          `engine.score() with defaultScoringRules for ${k(counts.contacts)} contacts (${k(counts.interactions)} timeline entries, grouped by contact beforehand for both sides), ` +
          `every point explained; the loop computes value and grade only; both agree on every contact. Goal ≤ 2×. Median of ${engineTime.subject.samples.length} runs each`,
        extra: { ...counts, generateMs, runs: engineTime.subject.samples.length, samples: engineTime.subject.samples, baselineSamples: engineTime.baseline.samples },
      }),
      row({
        entry: scoreAllName,
        metric: 'median time',
        unit: 'ms',
        value: scoreAllTime.subject.median,
        baseline: 'hand loop + grouping',
        baselineValue: scoreAllTime.baseline.median,
        throughput: { unit: 'ops/s', value: rate(scoreAllTime.subject.median), baselineValue: rate(scoreAllTime.baseline.median) },
        note:
          `crm.scoring.scoreAll() writing all ${k(counts.contacts)} scores (batches of 500) on memoryAdapter holding ${k(counts.interactions)} interactions, against the hand loop ` +
          `that also groups the flat arrays by contact; heap ${heapSeeded.toFixed(0)} MB with workspace and store, peak ${peakHeap.toFixed(0)} MB more during a run. ` +
          `Median of ${scoreAllTime.subject.samples.length} runs each, no warm-up run; see bench/README.md for where the time goes`,
        extra: {
          ...counts,
          seedMs,
          heapSeededMB: heapSeeded,
          peakHeapAboveSeededMB: peakHeap,
          runs: scoreAllTime.subject.samples.length,
          samples: scoreAllTime.subject.samples,
          baselineSamples: scoreAllTime.baseline.samples,
        },
      }),
    ];
  },
};

export default entry;
