/**
 * @rapport/widgets: Lit web components for Rapport. Importing this module registers nothing;
 * import an element's `define` entry (`@rapport/widgets/contact-card/define`) to register its tag.
 *
 * @packageDocumentation
 */
export { RapportElement, type Strings } from './internal/rapport-element.js';
export { WatchController, type LoadState } from './internal/watch-controller.js';
export { crmContext } from './internal/crm-context.js';
export { RapportReportElement, type ReportViewStrings } from './internal/report-element.js';
export { ReportController, type ReportRequest, type ReportControllerOptions } from './internal/report-controller.js';
export { ContainerWidthController } from './internal/container-width-controller.js';
export type { ChartView } from './internal/chart-frame.js';
export { RapportProvider } from './provider/rapport-provider.js';

// Elements (classes only: their define entries register the tags).
export { RapportContactCard } from './contact-card/contact-card.js';
export { contactCardStrings, type ContactCardStrings } from './contact-card/contact-card-strings.js';
export { RapportContactList, type ContactOwner, type ContactSort } from './contact-list/contact-list.js';
export { contactListStrings, type ContactListStrings } from './contact-list/contact-list.strings.js';
export { RapportScoreBadge, scoreBadgeStrings, type ScoreBadgeStrings, type ScoreLike } from './score-badge/score-badge.js';
export { RapportActivityTimeline } from './activity-timeline/activity-timeline.js';
export { activityTimelineStrings, type ActivityTimelineStrings } from './activity-timeline/activity-timeline.strings.js';
export { RapportDealCard, dealCardStrings, type DealCardStrings } from './deal-card/deal-card.js';
export { RapportPipelineBoard, pipelineBoardStrings, type PipelineBoardStrings } from './pipeline-board/pipeline-board.js';
export { RapportPipelineSummary, pipelineSummaryStrings, type PipelineSummaryStrings, type PipelineSummaryResult } from './pipeline-summary/pipeline-summary.js';
export { RapportForecastChart, forecastChartStrings, type ForecastChartStrings, type ForecastChartResult } from './forecast-chart/forecast-chart.js';
export { RapportFunnelChart, funnelChartStrings, type FunnelChartStrings, type FunnelChartResult } from './funnel-chart/funnel-chart.js';
export { RapportLeaderboard, leaderboardStrings, type LeaderboardStrings, type LeaderboardOwner } from './leaderboard/leaderboard.js';
export { RapportLeadForm } from './lead-form/lead-form.js';
export { leadFormStrings, type LeadFormStrings } from './lead-form/lead-form.strings.js';
export { RapportField } from './lead-form/rapport-field.js';
export { LeadFormConfigError, type LeadFieldDefinition, type LeadFieldOption, type LeadFieldType } from './lead-form/lead-field.js';
export type { LeadProblem } from './lead-form/lead-endpoint.js';

// Events.
export { RapportDealMoveEvent, type DealMoveDetail, type DealPlace } from './events/rapport-deal-move-event.js';
export { RapportDealMovedEvent, type DealMovedDetail } from './events/rapport-deal-moved-event.js';
export { RapportDealSelectEvent, type DealSelectDetail } from './events/rapport-deal-select-event.js';
export { RapportContactSaveEvent, type ContactSaveDetail } from './events/rapport-contact-save-event.js';
export { RapportContactSavedEvent, type ContactSavedDetail } from './events/rapport-contact-saved-event.js';
export { RapportContactSelectEvent, type ContactSelectDetail } from './events/rapport-contact-select-event.js';
export { RapportInteractionLogEvent, type InteractionLogDetail } from './events/rapport-interaction-log-event.js';
export { RapportTaskCompleteEvent, type TaskCompleteDetail } from './events/rapport-task-complete-event.js';
export { RapportLeadSubmitEvent, type LeadSubmitDetail } from './events/rapport-lead-submit-event.js';
export { RapportLeadSuccessEvent, type LeadSuccessDetail } from './events/rapport-lead-success-event.js';
export { RapportLeadErrorEvent, type LeadErrorDetail } from './events/rapport-lead-error-event.js';
