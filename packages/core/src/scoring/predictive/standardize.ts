/** How one feature was centred and scaled before training, so that a prediction scales it the same way. */
export interface FeatureScaling {
  /** The feature's mean over the training rows. */
  readonly mean: number;
  /** The feature's population standard deviation over the training rows, or 1 when it was constant. */
  readonly std: number;
}

/**
 * Measures each feature's mean and standard deviation over the training rows, for {@link standardize}.
 *
 * The deviation is the population one (divided by n). A constant feature gets a deviation of 1
 * rather than 0, so that it standardizes to exactly 0 and adds nothing to a prediction instead of
 * dividing by zero.
 *
 * @example
 * fitScaling([[1, 10], [3, 10]]); // [{ mean: 2, std: 1 }, { mean: 10, std: 1 }]
 */
export function fitScaling(rows: readonly (readonly number[])[]): FeatureScaling[] {
  const width = rows[0]?.length ?? 0;
  const mean = new Float64Array(width);
  const squares = new Float64Array(width);
  // Welford's update: one pass, no catastrophic cancellation, and a constant column keeps its
  // mean exactly (each step adds (x − mean)/k = 0), so its squares stay exactly 0.
  rows.forEach((row, i) => {
    checkWidth(row, width, i);
    const k = i + 1;
    for (let j = 0; j < width; j++) {
      const x = row[j] as number;
      const delta = x - (mean[j] as number);
      mean[j] = (mean[j] as number) + delta / k;
      squares[j] = (squares[j] as number) + delta * (x - (mean[j] as number));
    }
  });
  return Array.from(mean, (m, j) => {
    const std = Math.sqrt((squares[j] as number) / rows.length);
    return { mean: m, std: std > 0 && Number.isFinite(std) ? std : 1 };
  });
}

/**
 * Centres and scales one row of feature values with the training statistics, as the model expects
 * its inputs.
 *
 * @example
 * standardize([4, 10], [{ mean: 2, std: 1 }, { mean: 10, std: 1 }]); // [2, 0]
 */
export function standardize(row: readonly number[], scaling: readonly FeatureScaling[]): number[] {
  checkWidth(row, scaling.length, 0);
  return scaling.map(({ mean, std }, j) => ((row[j] as number) - mean) / std);
}

/**
 * Centres and scales every row with the training statistics; see {@link standardize}.
 *
 * @example
 * const scaling = fitScaling(trainRows);
 * const x = standardizeRows(trainRows, scaling);
 */
export function standardizeRows(rows: readonly (readonly number[])[], scaling: readonly FeatureScaling[]): number[][] {
  return rows.map((row, i) => {
    checkWidth(row, scaling.length, i);
    return scaling.map(({ mean, std }, j) => ((row[j] as number) - mean) / std);
  });
}

// A ragged row would silently read `undefined` as NaN; it can only come from a bug in feature
// extraction, so it throws rather than reporting a ValidationError to the user.
function checkWidth(row: readonly number[], width: number, index: number): void {
  if (row.length !== width) throw new RangeError(`Invalid feature row ${index}: ${row.length} values, expected ${width}`);
}
