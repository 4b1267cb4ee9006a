// Percentiles by nearest rank, in the unit of the samples.

/** The q-quantile (0 < q ≤ 1) of sorted samples, by nearest rank. */
function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const round = (value) => (value === null ? null : Math.round(value * 100) / 100);

/** count, p50, p90, p99, max and mean of the samples, rounded to 0.01. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    min: round(sorted[0] ?? null),
    p50: round(quantile(sorted, 0.5)),
    p90: round(quantile(sorted, 0.9)),
    p99: round(quantile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? null),
    mean: round(sorted.length ? sum / sorted.length : null),
  };
}
