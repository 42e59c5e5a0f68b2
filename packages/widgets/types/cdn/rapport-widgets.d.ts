/**
 * Types for `@rapport/widgets/cdn/rapport-widgets.js`, the self-contained bundle of every element.
 * The bundle exports nothing: loading it registers every tag. Importing this file brings in each
 * `define` entry's `HTMLElementTagNameMap` entries, so `document.querySelector('rapport-…')` is typed.
 * It is written by hand because rollup, not tsc, makes the bundle; `npm run lint:packages` fails
 * when an element with a `define` entry is missing here.
 */
import '../../dist/activity-timeline/define.js';
import '../../dist/contact-card/define.js';
import '../../dist/contact-list/define.js';
import '../../dist/deal-card/define.js';
import '../../dist/forecast-chart/define.js';
import '../../dist/funnel-chart/define.js';
import '../../dist/lead-form/define.js';
import '../../dist/leaderboard/define.js';
import '../../dist/pipeline-board/define.js';
import '../../dist/pipeline-summary/define.js';
import '../../dist/provider/define.js';
import '../../dist/score-badge/define.js';

export {};
