/**
 * Measures how well scores rank positives above negatives: the area under the ROC curve, the
 * chance that a random positive scores above a random negative (ties count one half).
 *
 * Computed from the Mann–Whitney rank sum with average ranks for tied scores, in O(n log n).
 * Returns null when either class is absent, since the area is then undefined; 0.5 is what a
 * useless model scores, not what an unmeasurable one does.
 *
 * @example
 * rocAuc([0.9, 0.8, 0.3, 0.1], [1, 0, 1, 0]); // 0.75
 */
export function rocAuc(scores: readonly number[], labels: readonly (0 | 1)[]): number | null {
  if (scores.length !== labels.length) throw new RangeError(`Invalid AUC input: ${scores.length} scores and ${labels.length} labels`);
  const n = scores.length;
  // A NaN would make the sort order arbitrary and the answer wrong without a word.
  if (scores.some(Number.isNaN)) throw new RangeError('Invalid AUC input: a score is NaN');
  let positives = 0;
  for (const label of labels) positives += label;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => compare(scores[a] as number, scores[b] as number));
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    const score = scores[order[start] as number] as number;
    let end = start + 1;
    while (end < n && scores[order[end] as number] === score) end++;
    // Ranks start..end−1 (0-based) share their mean, which is (start + end + 1) / 2 in 1-based ranks.
    const rank = (start + end + 1) / 2;
    for (let k = start; k < end; k++) if (labels[order[k] as number] === 1) positiveRankSum += rank;
    start = end;
  }
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}

// Not `a − b`: that is NaN for two equal infinities, which sort reads as "equal" only by luck.
function compare(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
