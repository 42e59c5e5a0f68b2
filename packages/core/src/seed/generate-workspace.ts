import { generateNKeysBetween } from 'fractional-indexing';
import type { Company, CompanySize } from '../companies/company.schema.js';
import type { Contact, LifecycleStage } from '../contacts/contact.schema.js';
import type { Deal, DealStatus } from '../deals/deal.schema.js';
import type { Interaction } from '../interactions/interaction.schema.js';
import type { Pipeline, Stage } from '../pipelines/pipeline.schema.js';
import { tokenize } from '../storage/search.js';
import { SeededRandom } from './random.js';
import * as words from './vocabulary.js';

/** What `generateWorkspace` makes. */
export interface WorkspaceOptions {
  /** The same seed (and `now`) always gives the same workspace. Default 1. */
  seed?: number;
  /** How many contacts (default 200). */
  contacts?: number;
  /** How many companies (default: one per eight contacts). */
  companies?: number;
  /** How many deals (default: three per ten contacts). */
  deals?: number;
  /** Average timeline entries per contact, besides deals' stage changes (default 3). */
  interactionsPerContact?: number;
  /** The moment the workspace is "now": everything happened in the year before. Default 2026-06-01T12:00:00Z. */
  now?: string | Date;
}

/** A generated workspace: stored records (version 1) for every collection. */
export interface Workspace {
  companies: Company[];
  contacts: Contact[];
  pipelines: Pipeline[];
  deals: Deal[];
  interactions: Interaction[];
}

const day = 86_400_000;
/** The SHA-256 of the consent text the seeded sign-up form showed. */
const consentTextHash = '18a391eb11f2257b7764eaf372a2ca43e23ff29317c94c7bcc63d0fe383eb16f';

const amountBySize: Record<CompanySize, [number, number]> = {
  '1-10': [1_000, 8_000],
  '11-50': [4_000, 20_000],
  '51-200': [10_000, 60_000],
  '201-500': [25_000, 120_000],
  '501-1000': [50_000, 250_000],
  '1001-5000': [80_000, 500_000],
  '5001+': [150_000, 1_000_000],
};

function stagesOf(random: SeededRandom, at: number, specs: [string, number, number | undefined][]): Stage[] {
  return [
    ...specs.map(([name, probability, rottingDays]) => ({ id: random.uuidAt(at), name, probability, kind: 'open' as const, ...(rottingDays ? { rottingDays } : {}) })),
    { id: random.uuidAt(at), name: 'Won', probability: 1, kind: 'won' as const },
    { id: random.uuidAt(at), name: 'Lost', probability: 0, kind: 'lost' as const },
  ];
}

/**
 * Makes a realistic, deterministic workspace in memory: companies, their contacts, two pipelines
 * ("Sales" in EUR and "Partnerships" in USD), deals spread across stages with their history, and a
 * year of interactions. Records are returned as stored, ready for `seedWorkspace` or a benchmark.
 *
 * @example
 * const { contacts, deals } = generateWorkspace({ seed: 7, contacts: 500 });
 */
export function generateWorkspace(options: WorkspaceOptions = {}): Workspace {
  const random = new SeededRandom(options.seed ?? 1);
  const now = new Date(options.now ?? '2026-06-01T12:00:00Z').getTime();
  const contactCount = Math.max(0, Math.floor(options.contacts ?? 200));
  const companyCount = Math.max(contactCount ? 1 : 0, Math.floor(options.companies ?? Math.ceil(contactCount / 8)));
  const dealCount = Math.max(0, Math.floor(options.deals ?? Math.round(contactCount * 0.3)));
  const perContact = options.interactionsPerContact ?? 3;
  const iso = (ms: number) => new Date(Math.min(ms, now)).toISOString();
  const between = (from: number, to: number) => random.int(Math.floor(from), Math.max(Math.floor(from), Math.floor(to)));
  const yearAgo = now - 365 * day;

  // Pipelines exist from the start.
  const pipelineAt = yearAgo - 30 * day;
  const pipelines: Pipeline[] = [
    {
      id: random.uuidAt(pipelineAt),
      version: 1,
      name: 'Sales',
      currency: 'EUR',
      stages: stagesOf(random, pipelineAt, [['Qualified', 0.2, 14], ['Discovery', 0.4, 14], ['Proposal', 0.6, 10], ['Negotiation', 0.8, 7]]),
      createdAt: iso(pipelineAt),
      updatedAt: iso(pipelineAt),
    },
    {
      id: random.uuidAt(pipelineAt),
      version: 1,
      name: 'Partnerships',
      currency: 'USD',
      stages: stagesOf(random, pipelineAt, [['Intro', 0.25, 21], ['Evaluation', 0.5, 21], ['Contract', 0.8, undefined]]),
      createdAt: iso(pipelineAt),
      updatedAt: iso(pipelineAt),
    },
  ];

  const usedDomains = new Set<string>();
  const companies: Company[] = [];
  for (let i = 0; i < companyCount; i++) {
    const at = between(yearAgo, now - 30 * day);
    const name = `${random.pick(words.companyWords)} ${random.pick(words.companySuffixes)}`;
    let domain = `${tokenize(name).join('')}.com`;
    for (let n = 2; usedDomains.has(domain); n++) domain = `${tokenize(name).join('')}${n}.com`;
    usedDomains.add(domain);
    companies.push({
      id: random.uuidAt(at),
      version: 1,
      name,
      domain,
      industry: random.pick(words.industries),
      size: random.weighted<CompanySize>({ '1-10': 3, '11-50': 4, '51-200': 3, '201-500': 2, '501-1000': 1, '1001-5000': 1, '5001+': 0.5 }),
      ownerId: random.pick(words.owners),
      tags: random.some(words.tags, 1),
      customFields: {},
      createdAt: iso(at),
      updatedAt: iso(at),
    });
  }

  const contacts: Contact[] = [];
  const contactsByCompany = new Map<string, Contact[]>();
  for (let i = 0; i < contactCount; i++) {
    const company = random.chance(0.9) && companies.length ? random.pick(companies) : undefined;
    const at = between(company ? Date.parse(company.createdAt) : yearAgo, now - day);
    const firstName = random.pick(words.firstNames);
    const lastName = random.pick(words.lastNames);
    const local = `${tokenize(firstName).join('')}.${tokenize(lastName).join('')}`;
    const domain = company && random.chance(0.8) ? (company.domain as string) : random.pick(words.freeMailDomains);
    const channel = random.weighted({ organic: 3, paid: 2, referral: 2, event: 1, import: 1, direct: 1 });
    const contact: Contact = {
      id: random.uuidAt(at),
      version: 1,
      firstName,
      lastName,
      emails: [`${local}${i}@${domain}`],
      phones: random.chance(0.6) ? [`+1 555 ${String(random.int(0, 9999)).padStart(4, '0')}`] : [],
      title: random.pick(words.titles),
      lifecycleStage: random.weighted<LifecycleStage>({ subscriber: 2, lead: 5, marketingQualified: 3, salesQualified: 2, opportunity: 2, customer: 3, evangelist: 0.5, other: 0.5 }),
      ownerId: random.pick(words.owners),
      source: {
        channel,
        ...(channel === 'paid'
          ? { utmSource: random.pick(['google', 'linkedin', 'newsletter']), utmMedium: 'cpc', utmCampaign: random.pick(['spring-launch', 'webinar', 'retargeting']), landingPage: 'https://example.com/pricing' }
          : {}),
        ...(channel === 'referral' ? { referrer: 'https://partner.example.org/blog' } : {}),
      },
      tags: random.some(words.tags, 2),
      consent: random.chance(0.4) ? [{ purpose: 'marketing-email', granted: true, at: iso(at), textHash: consentTextHash, method: 'form' }] : [],
      customFields: random.chance(0.3) ? { preferredLanguage: random.pick(['en', 'de', 'fr', 'es', 'ja']) } : {},
      createdAt: iso(at),
      updatedAt: iso(at),
      ...(company ? { companyId: company.id, companyName: company.name } : {}),
    };
    contacts.push(contact);
    if (company) contactsByCompany.set(company.id, [...(contactsByCompany.get(company.id) ?? []), contact]);
  }

  const interactions: Interaction[] = [];
  const entry = (at: number, fields: Omit<Interaction, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'occurredAt'>): Interaction => ({
    id: random.uuidAt(at),
    version: 1,
    occurredAt: iso(at),
    createdAt: iso(at),
    updatedAt: iso(at),
    ...fields,
  });

  const deals: Deal[] = [];
  const withContacts = companies.filter((c) => contactsByCompany.has(c.id));
  for (let i = 0; i < dealCount && withContacts.length; i++) {
    const company = random.pick(withContacts);
    const people = contactsByCompany.get(company.id) as Contact[];
    const pipeline = random.chance(0.8) ? (pipelines[0] as Pipeline) : (pipelines[1] as Pipeline);
    const open = pipeline.stages.filter((s) => s.kind === 'open');
    const picked = random.some(people, 2);
    const dealContacts = picked.length ? picked : [people[0] as Contact];
    const createdAt = between(Math.max(...dealContacts.map((p) => Date.parse(p.createdAt))), now - day);
    // Outcomes lean on fit (a senior buyer, a larger company, a work address), as in real
    // pipelines, so that lead scoring and a trained model have a signal to find in seeded data.
    const lead = dealContacts[0] as Contact;
    const odds =
      (/CEO|CTO|CFO|Founder|Head|VP/.test(lead.title ?? '') ? 2 : 1) *
      (['201-500', '501-1000', '1001-5000', '5001+'].includes(company.size ?? '') ? 1.5 : 1) *
      ((words.freeMailDomains as readonly string[]).includes(lead.emails[0]?.split('@')[1] ?? '') ? 0.5 : 1.25);
    const status = random.weighted<DealStatus>({ open: 6, won: 2 * odds, lost: 2 / odds });
    const reached = random.int(0, open.length - 1);
    const path = [...open.slice(0, reached + 1), ...(status === 'open' ? [] : [pipeline.stages.find((s) => s.kind === status) as Stage])];
    const history: Deal['stageHistory'] = [];
    let t = createdAt;
    for (const stage of path) {
      history.push({ stageId: stage.id, enteredAt: iso(t) });
      t = between(t + day, Math.min(t + 30 * day, now));
    }
    const last = history[history.length - 1] as Deal['stageHistory'][number];
    const [low, high] = amountBySize[company.size ?? '11-50'];
    const deal: Deal = {
      id: random.uuidAt(createdAt),
      version: 1,
      title: `${company.name} ${random.pick(['subscription', 'pilot', 'expansion', 'renewal', 'rollout'])}`,
      amount: { minor: random.int(low, high) * 100, currency: pipeline.currency },
      pipelineId: pipeline.id,
      stageId: (path[path.length - 1] as Stage).id,
      position: '',
      contactIds: dealContacts.map((p) => p.id),
      companyId: company.id,
      ownerId: company.ownerId ?? random.pick(words.owners),
      expectedCloseDate: iso(createdAt + random.int(20, 120) * day).slice(0, 10),
      status,
      stageHistory: history,
      tags: [],
      customFields: {},
      createdAt: iso(createdAt),
      updatedAt: last.enteredAt,
      ...(status === 'open' ? {} : { closedAt: last.enteredAt, probability: status === 'won' ? 1 : 0 }),
      ...(status === 'lost' ? { lostReason: random.pick(words.lostReasons) } : {}),
    };
    deals.push(deal);
    for (let h = 1; h < history.length; h++) {
      const from = history[h - 1] as Deal['stageHistory'][number];
      const to = history[h] as Deal['stageHistory'][number];
      const toStatus: DealStatus = h === history.length - 1 ? status : 'open';
      interactions.push(
        entry(Date.parse(to.enteredAt), {
          type: 'stageChange',
          dealId: deal.id,
          companyId: company.id,
          contactId: deal.contactIds[0] as string,
          ownerId: deal.ownerId as string,
          stageChange: {
            fromStageId: from.stageId,
            toStageId: to.stageId,
            fromStatus: 'open',
            toStatus,
            ...(toStatus === 'lost' ? { lostReason: deal.lostReason as string } : {}),
          },
        }),
      );
    }
  }

  // Positions: each column in creation order, evenly spaced keys.
  const columns = new Map<string, Deal[]>();
  for (const deal of deals) columns.set(`${deal.pipelineId}/${deal.stageId}`, [...(columns.get(`${deal.pipelineId}/${deal.stageId}`) ?? []), deal]);
  for (const column of columns.values()) {
    const keys = generateNKeysBetween(null, null, column.length);
    column.forEach((deal, i) => (deal.position = keys[i] as string));
  }

  for (const contact of contacts) {
    const count = random.int(0, Math.max(0, Math.round(perContact * 2)));
    const from = Date.parse(contact.createdAt);
    for (let k = 0; k < count; k++) {
      const at = between(from, now);
      const links = { contactId: contact.id, ...(contact.companyId ? { companyId: contact.companyId } : {}), ownerId: contact.ownerId as string };
      const type = random.weighted({ note: 3, email: 4, call: 3, meeting: 2, task: 2 });
      if (type === 'note') interactions.push(entry(at, { type, ...links, body: random.pick(words.noteBodies) }));
      else if (type === 'email') {
        interactions.push(entry(at, { type, ...links, direction: random.pick(['inbound', 'outbound'] as const), subject: random.pick(['Quote', 'Follow-up', 'Intro', 'Meeting notes']) }));
      } else if (type === 'call') {
        interactions.push(entry(at, { type, ...links, direction: random.pick(['inbound', 'outbound'] as const), durationSec: random.int(30, 1800), outcome: random.pick(words.callOutcomes) }));
      } else if (type === 'meeting') {
        interactions.push(entry(at, { type, ...links, subject: random.pick(['Demo', 'Kick-off', 'Quarterly review']), durationSec: random.pick([1800, 2700, 3600]) }));
      } else {
        const due = at + random.int(1, 14) * day;
        const done = due < now && random.chance(0.7);
        interactions.push(
          entry(at, {
            type,
            ...links,
            subject: random.pick(['Send quote', 'Call back', 'Book demo', 'Share case study']),
            dueAt: new Date(due).toISOString(),
            assigneeId: contact.ownerId as string,
            ...(done ? { completedAt: iso(between(at, due)) } : {}),
          }),
        );
      }
    }
  }

  return { companies, contacts, pipelines, deals, interactions };
}
