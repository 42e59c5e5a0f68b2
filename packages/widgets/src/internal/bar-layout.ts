import { scaleBand, scaleLinear, type ScaleBand, type ScaleLinear } from 'd3-scale';

/** Where the parts of a horizontal bar chart go, for one width. */
export interface BarLayout {
  /** Value to x: from the end of the label column to the start of the value column. */
  readonly x: ScaleLinear<number, number>;
  /** Row key to y, one band per row. */
  readonly y: ScaleBand<string>;
  /** The label column's width (labels end just before `x(0)`). */
  readonly labelWidth: number;
  /** The values of the axis's ticks (a few round numbers, by the width). */
  readonly ticks: number[];
  /** Where the axis's tick labels sit. */
  readonly axisY: number;
  /** The whole drawing's height. */
  readonly height: number;
}

/** What a horizontal bar chart lays out. */
export interface BarLayoutInput {
  /** The drawing's width in px. */
  readonly width: number;
  /** One key per row, in order. */
  readonly keys: readonly string[];
  /** The largest value to show (0 or less draws an empty scale up to 1). */
  readonly max: number;
  /** Each row's height in px. */
  readonly rowHeight: number;
  /** Room for the value text after the longest bar, in px. */
  readonly valueWidth: number;
  /** The label column's width as a share of the drawing, within 64 to 200 px. */
  readonly labelShare?: number;
}

/** Ticks every ~90 px of plot, two at least. */
export function tickCount(plotWidth: number): number {
  return Math.max(2, Math.floor(plotWidth / 90));
}

/**
 * Lays out rows of horizontal bars with d3-scale: a band per row (`scaleBand`) and a linear value
 * axis (`scaleLinear`, made `nice` so that its last tick is a round number at or above the largest
 * value). Labels take a column on the inline start, values a column on the end, so that neither
 * is cut at any width.
 */
export function horizontalBarLayout(input: BarLayoutInput): BarLayout {
  const { width, keys, rowHeight } = input;
  const labelWidth = Math.round(Math.min(200, Math.max(64, width * (input.labelShare ?? 0.3))));
  const valueWidth = Math.min(input.valueWidth, Math.max(48, width * 0.35));
  const start = labelWidth + 8;
  const end = Math.max(start + 20, width - valueWidth);
  const top = 4;
  const y = scaleBand<string>()
    .domain(keys)
    .range([top, top + keys.length * rowHeight])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const x = scaleLinear()
    .domain([0, input.max > 0 ? input.max : 1])
    .range([start, end])
    .nice(tickCount(end - start));
  const ticks = x.ticks(tickCount(end - start));
  const axisY = top + keys.length * rowHeight + 16;
  return { x, y, labelWidth, ticks, axisY, height: axisY + 6 };
}
