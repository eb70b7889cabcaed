/** Nearest-rank percentile of `values` (0 < p ≤ 100); NaN when there are none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
export const median = (values: number[]) => percentile(values, 50);
export const ms = (value: number) => `${value.toFixed(1)} ms`;
/** `p50 / p95 / p99` of `values` in ms. */
export const spread = (values: number[]) =>
  [50, 95, 99].map((p) => percentile(values, p).toFixed(0)).join(' / ') + ' ms';
