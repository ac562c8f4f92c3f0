// The largest values crew.yaml takes where a larger one would make crew misbehave rather than
// just be unusual; the schema (zod-units.ts, autoscale.ts, pool-schema.ts) and `crew import`
// both check against them. docs/config.md lists them under Limits.

// The longest duration, 24 days. Node's timers hold at most 2^31-1 ms (24.8 days) and fire after
// 1 ms beyond it, so a longer stop_timeout would be an immediate SIGKILL, a longer timeout would
// abort every job at once and a longer sample_interval would spin.
export const MAX_DURATION_MS = 24 * 24 * 3_600_000;
export const MAX_DURATION_TEXT = '576h (24 days)';

// The most processes one pool may have (a fixed count, or a range's max): far beyond any
// container's memory, and it bounds what a typo such as `processes: 10000` would fork.
export const MAX_PROCESSES = 1000;

// The most rotated log files a pool keeps (supervisord's default is 10): each rotation renames
// every backup, so a huge count would stall crew at the first one.
export const MAX_LOG_BACKUPS = 1000;
