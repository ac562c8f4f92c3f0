// The observation handlers, beside createApi's: `overview` (`/status`, `crew top`) and
// `memory_history` (`/history`). The control socket and HTTP serve the same functions.
import type { ControlHandlers, Handler, ProcessStatusJson } from '../control/api.js';
import { CrewError } from '../errors/crew-error.js';
import type { HistoryResolution, HistorySeries, ReadHistoryOptions } from '../memory/history.js';
import type { QueueReport } from '../queue/types.js';
import type { PoolScaling } from '../scale/types.js';
import type { EventRing } from './event-ring.js';
import { buildOverview, type Overview, type PoolInfo } from './overview.js';
import type { StatsReport } from './stats.js';

export interface ObserveDeps {
  // createApi's status handler: the processes exactly as `crew status --json` lists them.
  readonly status: Handler;
  readonly stats: () => Promise<StatsReport>;
  readonly pools: () => readonly PoolInfo[];
  readonly queues: () => Promise<readonly QueueReport[]>;
  readonly scaling: () => readonly PoolScaling[];
  readonly events: EventRing;
  readonly history: (options: ReadHistoryOptions) => HistorySeries;
  readonly now: () => number;
}

export interface HistoryJson extends HistorySeries {
  readonly resolution: HistoryResolution;
}

const noSink = { data: () => {}, onClose: () => {} };

// Reads every part and builds the overview.
export async function readOverview(deps: ObserveDeps): Promise<Overview> {
  const [status, stats, queues] = await Promise.all([
    deps.status({ selector: 'all' }, noSink) as Promise<{ processes: ProcessStatusJson[] }>,
    deps.stats(),
    deps.queues(),
  ]);
  return buildOverview({
    now: deps.now(),
    stats,
    pools: deps.pools(),
    processes: status.processes,
    queues,
    scaling: deps.scaling(),
    events: deps.events.recent(),
    lastEventId: deps.events.lastId(),
  });
}

// `since` (ms since the epoch) and `resolution` ('1s' default, or '1m') from request params.
export function historyOptions(params: Record<string, unknown>): ReadHistoryOptions {
  const resolution = params.resolution ?? '1s';
  if (resolution !== '1s' && resolution !== '1m') {
    throw new CrewError('CREW_USAGE', `resolution must be 1s or 1m, got "${String(resolution)}"`);
  }
  const since = params.since ?? null;
  if (since === null) return { resolution };
  const sinceMs = typeof since === 'string' && since.trim() !== '' ? Number(since) : since;
  if (typeof sinceMs !== 'number' || !Number.isFinite(sinceMs)) {
    throw new CrewError('CREW_USAGE', 'since must be a time in milliseconds since the epoch');
  }
  return { resolution, sinceMs };
}

// Builds the handlers.
export function createObserveHandlers(deps: ObserveDeps): ControlHandlers {
  return {
    overview: () => readOverview(deps),
    async memory_history(params): Promise<HistoryJson> {
      const options = historyOptions(params);
      return { resolution: options.resolution, ...deps.history(options) };
    },
  };
}
