/**
 * @rapport/core: the CRM domain. Contacts, companies, pipelines, deals, interactions and tasks,
 * validated at the boundary, with typed errors, domain events, live queries and a storage port.
 *
 * @packageDocumentation
 */
export { createCrm, type Crm, type CrmOptions } from './crm.js';
export { fixedClock, systemClock, type Clock } from './clock.js';
export { newId } from './ids.js';

export {
  ConflictError,
  NotFoundError,
  QuotaError,
  RapportError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
  isRapportError,
  type ConflictReason,
  type ErrorCode,
  type ValidationIssue,
} from './errors.js';

export { crmEventNames, type CrmEvent, type CrmEventListener, type CrmEventMap, type CrmEventName, type DealPlace, type ImportProgress } from './events/crm-events.js';
export type { WatchItem, WatchOptions, WatchQuery } from './watch.js';

export { currencyCodes, currencyExponent, isCurrencyCode } from './money/currencies.js';
export { currencySchema, moneySchema, type Money } from './money/money.schema.js';
export { customFieldsSchema, customFieldValueSchema, normalizeEmail, type CustomFieldValue } from './schema/common.schema.js';
export type { ServiceContext } from './service/context.js';
export type { EventBus } from './events/event-bus.js';

export {
  consentMethods,
  consentSchema,
  contactInputSchema,
  contactSchema,
  lifecycleStages,
  sourceSchema,
  type Consent,
  type Contact,
  type ContactInput,
  type ContactSource,
  type LifecycleStage,
} from './contacts/contact.schema.js';
export { ContactsService, contactPatchSchema, type ContactPatch } from './contacts/contacts.js';
export type { DuplicateCandidate, DuplicateReason } from './contacts/find-duplicates.js';

export { companyInputSchema, companySchema, companySizes, type Company, type CompanyInput, type CompanySize } from './companies/company.schema.js';
export { CompaniesService, companyPatchSchema, type CompanyDuplicateCandidate, type CompanyPatch } from './companies/companies.js';
export { normalizeDomain } from './companies/domain.js';

export {
  pipelineInputSchema,
  pipelinePatchSchema,
  pipelineSchema,
  stageInputSchema,
  stageKinds,
  stageSchema,
  type Pipeline,
  type PipelineInput,
  type PipelinePatch,
  type Stage,
  type StageInput,
  type StageKind,
} from './pipelines/pipeline.schema.js';
export { PipelinesService, stagePatchSchema, type StagePatch } from './pipelines/pipelines.js';

export { dealInputSchema, dealSchema, dealStatuses, stageVisitSchema, type Deal, type DealInput, type DealStatus, type StageVisit } from './deals/deal.schema.js';
export { DealsService, dealMoveSchema, dealPatchSchema, type DealMove, type DealPatch } from './deals/deals.js';

export {
  interactionInputSchema,
  interactionSchema,
  interactionTypes,
  stageChangeSchema,
  type Interaction,
  type InteractionInput,
  type InteractionType,
  type StageChange,
} from './interactions/interaction.schema.js';
export {
  InteractionsService,
  interactionPatchSchema,
  overdueQuerySchema,
  timelineQuerySchema,
  type InteractionPatch,
  type OverdueQuery,
  type TimelineQuery,
} from './interactions/interactions.js';
export { LeadsService, type LeadCaptureResult } from './leads/leads.js';
export { leadInputSchema, type LeadInput } from './leads/lead.schema.js';

export type { ListQuery } from './service/list-query.js';
export type { PatchShape } from './schema/patch.schema.js';
export type { ServiceReadOptions, ServiceWriteOptions } from './service/options.schema.js';

export type { CsvSource, DuplicatePolicy, ExportOptions, ImportOptions, ImportResult, RowError } from './csv/csv-types.js';

export { collections, collectionNames, fieldValue, isCollectionName, type CollectionName, type CollectionSpec, type FieldSpec, type FieldType, type RecordMap } from './storage/collections.js';
export type {
  Change,
  ChangeListener,
  Collection,
  CollectionOf,
  ReadOptions,
  StorageAdapter,
  StorageScope,
  StoredRecord,
  Unsubscribe,
  WriteOptions,
  WriteRecord,
} from './storage/port.js';
export {
  decodeCursor,
  defaultLimit,
  encodeCursor,
  maxInValues,
  maxLimit,
  parseQuery,
  type Condition,
  type ConditionOps,
  type CountQuery,
  type CursorPosition,
  type NormalizedCondition,
  type NormalizedQuery,
  type OrderBy,
  type Page,
  type Query,
  type Scalar,
  type Where,
} from './storage/query.js';
export { compareRecords, compareValues, type AnyRecord, isAfterCursor, matchesWhere, pageOf, runQuery } from './storage/query-eval.js';
export { matchesSearch, searchTokens, tokenize } from './storage/search.js';
export { memoryAdapter } from './storage/memory-adapter.js';
export { checkExpectedVersion } from './storage/expected-version.js';
export { isTextSource, textPieces, type TextSource } from './text-source.js';
export { reportListenerError } from './storage/report-listener-error.js';

export {
  conditionOperators,
  scoreConditionSchema,
  engagementMatchSchema,
  engagementRuleSchema,
  fieldConditionSchema,
  fitRuleSchema,
  gradeSchema,
  scoringRulesSchema,
  type ScoreCondition,
  type ScoreConditionInput,
  type FieldConditionInput,
  type EngagementMatch,
  type EngagementRule,
  type FieldCondition,
  type FitRule,
  type Grade,
  type ScoringRules,
  type ScoringRulesInput,
} from './scoring/scoring-rules.schema.js';
export { companyScoreFields, contactScoreFields } from './scoring/score-fields.js';
export { freeMailDomains } from './scoring/free-mail-domains.js';
export { defaultScoringRules } from './scoring/default-scoring-rules.js';
export type { FieldEvidence } from './scoring/condition.js';
export { compileScoringRules, computeScore, parseScoringRules, type Score, type ScoreContribution, type ScoreEngine, type ScoreEvidence, type ScoreInput } from './scoring/compute-score.js';
export { ScoringService, scoreAllOptionsSchema, type RescoreOnChangeOptions, type ScoreAllOptions, type ScoreAllProgress } from './scoring/scoring.js';
export { featureSchema, type Feature } from './scoring/feature.schema.js';
export { trainOptionsSchema, type TrainOptions } from './scoring/train-model.js';
export { parsePredictiveModel, predictiveModelSchema, type PredictiveModel } from './scoring/predictive/predictive-model.schema.js';
export type { FeatureContribution, PredictionExplanation } from './scoring/predictive/explain.js';

export { ReportsService } from './reports/reports.js';
export { runReport, reportOptionsSchema, type ReportOptions } from './reports/run-report.js';
export {
  reportDefinition,
  reportDefinitions,
  reportNames,
  type ReportCollection,
  type ReportComputeParamsMap,
  type ReportData,
  type ReportDefinition,
  type ReportName,
  type ReportParamsMap,
  type ReportParamsOutput,
  type ReportResultMap,
} from './reports/report-definitions.js';
export { conversionSchema, type Conversion, type ConversionInput } from './reports/money-totals.js';
export { periodBoundSchema, type Period } from './reports/period.js';
export { computePipelineSummary, pipelineSummaryParamsSchema, type PipelineSummary, type PipelineSummaryData, type PipelineSummaryParams, type StageSummary } from './reports/pipeline-summary.js';
export { computeForecast, forecastParamsSchema, maxForecastBuckets, type DealTotals, type Forecast, type ForecastBucket, type ForecastData, type ForecastParams } from './reports/forecast.js';
export { computeFunnel, funnelParamsSchema, type Funnel, type FunnelData, type FunnelParams, type FunnelStep } from './reports/funnel.js';
export { computeWinRate, winRateGroupings, winRateParamsSchema, type WinRate, type WinRateData, type WinRateGroup, type WinRateLine, type WinRateParams } from './reports/win-rate.js';
export { computeSalesCycle, salesCycleParamsSchema, type SalesCycle, type SalesCycleData, type SalesCycleParams } from './reports/sales-cycle.js';
export { computeSalesVelocity, salesVelocityParamsSchema, type SalesVelocity, type SalesVelocityData, type SalesVelocityGroup, type SalesVelocityParams } from './reports/sales-velocity.js';
export { activityLeaderboardParamsSchema, computeActivityLeaderboard, type ActivityLeaderboard, type ActivityLeaderboardData, type ActivityLeaderboardParams, type ActivityRow } from './reports/activity-leaderboard.js';
export {
  computeLeadSources,
  leadSourcesParamsSchema,
  sourceDimensions,
  type LeadSourceRow,
  type LeadSources,
  type LeadSourcesData,
  type LeadSourceTotals,
  type LeadSourcesParams,
  type SourceDimension,
  type SourceKey,
} from './reports/lead-sources.js';
export { computeStaleDeals, staleDealsParamsSchema, staleDealsQuerySchema, type StaleDeal, type StaleDeals, type StaleDealsData, type StaleDealsParams, type StaleDealsQuery } from './reports/stale-deals.js';
