import { html, nothing, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';

/** What a report view shows: its chart, or the same numbers as a data table. */
export type ChartView = 'chart' | 'table';

/** The chart views a `view` attribute accepts. */
export const chartViews: readonly ChartView[] = ['chart', 'table'];

/** Content of a table cell or row header: text, or a template of text. */
export type CellContent = string | TemplateResult;

/** One row of a data table: its header cell (`<th scope="row">`) and its data cells. */
export interface TableRow {
  readonly header: CellContent;
  readonly cells: readonly CellContent[];
}

/** The table equivalent of a chart. */
export interface DataTable {
  /** The table's caption, its accessible name. */
  readonly caption: string;
  /** The column headers (`<th scope="col">`), the row headers' column first. */
  readonly columns: readonly string[];
  readonly rows: readonly TableRow[];
  /** Rows for the footer, such as totals. */
  readonly footer?: readonly TableRow[];
}

/** What {@link renderChartFrame} draws. */
export interface ChartFrame {
  /** The chart or the table. */
  readonly view: ChartView;
  /** The visible heading over both views. */
  readonly heading: string;
  /** The toggle button's name; it is pressed while the table shows. */
  readonly toggleLabel: string;
  readonly onToggle: () => void;
  /** The svg's `<title>`: its accessible name. */
  readonly title: string;
  /** The svg's `<desc>`: what the chart shows, in words. */
  readonly description: string;
  /** The drawing's size in px: the svg's width, height and viewBox. */
  readonly width: number;
  readonly height: number;
  /** The drawing itself, in the viewBox's coordinates. */
  readonly chart: SVGTemplateResult;
  /** The table with the same numbers. */
  readonly table: DataTable;
  /** A `ref` callback for the plot area, whose width the chart follows. */
  readonly plot: (element: Element | undefined) => void;
  /** Shown under the chart only, such as a legend. */
  readonly legend?: TemplateResult | typeof nothing;
  /** Shown under both views, such as totals and notes. */
  readonly footer?: TemplateResult | typeof nothing;
}

/**
 * Fills that do not rely on colour: the second series is hatched (diagonal lines in the surface
 * colour over the series colour), so that two series read apart in greyscale and for people who
 * do not tell the colours apart.
 */
export const seriesPatterns = svg`<defs>
  <pattern id="hatch-2" class="hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
    <rect class="hatch-fill-2" width="6" height="6"></rect>
    <line class="hatch-line" x1="0" y1="0" x2="0" y2="6"></line>
  </pattern>
</defs>`;

/**
 * A report's chart frame: a heading, a toggle button (`aria-pressed`) between the chart and an
 * equivalent data table, and the chart as `<svg role="img">` named by its `<title>` and described
 * in words by its `<desc>`. The plot area wraps both views, so its width (what the chart is drawn
 * at) is known before the chart shows.
 */
export function renderChartFrame(frame: ChartFrame): TemplateResult {
  const table = frame.view === 'table';
  return html`<div class="head">
      <h3 class="heading" part="title">${frame.heading}</h3>
      <button class="button toggle" part="toggle" type="button" aria-pressed=${table ? 'true' : 'false'} @click=${frame.onToggle}>${frame.toggleLabel}</button>
    </div>
    <div class="plot" ${ref(frame.plot)}>
      ${table
        ? renderTable(frame.table)
        : html`<svg
            part="chart"
            class="chart"
            role="img"
            aria-labelledby="chart-title"
            aria-describedby="chart-desc"
            width=${frame.width}
            height=${frame.height}
            viewBox="0 0 ${frame.width} ${frame.height}"
          >
            <title id="chart-title">${frame.title}</title>
            <desc id="chart-desc">${frame.description}</desc>
            ${seriesPatterns}${frame.chart}
          </svg>`}
    </div>
    ${table ? nothing : (frame.legend ?? nothing)} ${frame.footer ?? nothing}`;
}

function renderRow(row: TableRow) {
  return html`<tr>
    <th scope="row">${row.header}</th>
    ${row.cells.map((cell) => html`<td>${cell}</td>`)}
  </tr>`;
}

/** A data table with a caption, column headers and row headers. */
export function renderTable(table: DataTable): TemplateResult {
  // No scrolling box around it: cells wrap anywhere, so the table fits the narrowest container.
  return html`<table part="table" class="table">
      <caption>${table.caption}</caption>
      <thead>
        <tr>
          ${table.columns.map((column) => html`<th scope="col">${column}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${table.rows.map(renderRow)}
      </tbody>
      ${table.footer?.length ? html`<tfoot>${table.footer.map(renderRow)}</tfoot>` : nothing}
    </table>`;
}
