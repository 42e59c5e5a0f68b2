/** Roughly how wide one character of the chart font is, as a share of the font size. */
const characterWidth = 0.6;

/**
 * Shortens a label drawn in a chart to what fits in `width` px at `fontSize`, ending it with "…".
 * An estimate (SVG text cannot wrap or ellipsize itself); the full text stays in the chart's
 * description and in the data table.
 */
export function fitLabel(text: string, width: number, fontSize: number): string {
  const characters = [...text];
  const fits = Math.max(1, Math.floor(width / (fontSize * characterWidth)));
  return characters.length <= fits ? text : `${characters.slice(0, Math.max(1, fits - 1)).join('').trimEnd()}…`;
}
