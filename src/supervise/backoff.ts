// Delay before the Nth retry after quick exits: firstMs, doubling, capped at 60 s.
export const maxBackoffMs = 60_000;

// Returns the delay before retry number `retry` (1-based).
export function nextBackoffMs(retry: number, firstMs: number): number {
  const exponent = Math.max(0, Math.min(retry - 1, 20));
  return Math.min(maxBackoffMs, firstMs * 2 ** exponent);
}
