// Moved to control/wire/memory.ts with the other wire shapes; kept for the importers outside
// observe/ and cli/ (daemon/memory-watch.ts, cli/plan.ts, cli/check.ts) until they import it there.
export { buildStats, type StatsPool, type StatsReport } from '../control/wire/memory.js';
