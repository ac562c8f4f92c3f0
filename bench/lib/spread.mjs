// Percentiles of samples and the median with its spread over repetitions.
import { median } from './report.mjs';

// The p-th percentile (0–100), interpolated between the two nearest ranks.
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

// {median, min, max} of one figure taken once per repetition.
export function spreadOf(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

// "12.3 (10.1–14.0)": a spread as the tables print it, `digits` after the point.
export function formatSpread({ median: mid, min, max }, digits = 1) {
  const f = (v) =>
    v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${f(mid)} (${f(min)}–${f(max)})`;
}
