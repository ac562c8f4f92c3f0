// The observation handlers, beside createApi's: `overview` (`/status`, `crew top`), `queues`
// (`crew queues`) and `memory_history` (`/history`: memory, and the queues over time). The
// control socket and HTTP serve the same functions. The queue history is fed by every memory
// sample (onSample) and every overview read.
import type { ControlHandlers, Handler } from '../control/methods.js';
import type { ClusterJson } from '../control/wire/cluster.js';
import type { StatsReport } from '../control/wire/memory.js';
import { buildOverview, type Overview, type PoolInfo } from '../control/wire/overview.js';
import { queueJson } from '../control/wire/queue.js';
import type { HistorySeries, ReadHistoryOptions } from '../memory/history.js';
import type { Sample } from '../memory/sample.js';
import type { QueueReport } from '../queue/types.js';
import type { PoolScaling } from '../scale/types.js';
import type { EventRing } from './event-ring.js';
import { createQueueHistory, type QueueHistory } from './queue-history.js';
import { type PoolReadiness, readiness, type SourceDown } from './readiness.js';

export type ObserveHandlers = Pick<
  ControlHandlers,
  'overview' | 'queues' | 'memory_history' | 'ready' | 'cluster'
>;

export interface ObserveDeps {
  // createApi's status handler: the processes exactly as `crew status --json` lists them.
  readonly status: Handler<'status'>;
  readonly stats: () => Promise<StatsReport>;
  readonly pools: () => readonly PoolInfo[];
  readonly queues: () => Promise<readonly QueueReport[]>;
  readonly scaling: () => readonly PoolScaling[];
  readonly events: EventRing;
  readonly history: (options: ReadHistoryOptions) => HistorySeries;
  readonly now: () => number;
  // What readiness is judged on: each pool's floor and RUNNING count, the sources down.
  readonly readiness: () => { pools: readonly PoolReadiness[]; sourcesDown: readonly SourceDown[] };
  // The hosts on the shared store, as of the latest heartbeat (daemon/cluster-link.ts).
  readonly cluster: () => ClusterJson;
  // The memory sampler's subscription (memory-watch's onSample): each sample records the queues.
  readonly onSample?: (listener: (sample: Sample) => void) => () => void;
}

const noSink = { data: () => {}, onClose: () => {} };

// Reads every part and builds the overview; the queues read are recorded in queueHistory.
export async function readOverview(
  deps: ObserveDeps,
  queueHistory?: QueueHistory,
): Promise<Overview> {
  const [status, stats, queues] = await Promise.all([
    deps.status({ selector: 'all' }, noSink),
    deps.stats(),
    deps.queues(),
  ]);
  queueHistory?.record(deps.now(), queues);
  return buildOverview({
    now: deps.now(),
    stats,
    status,
    pools: deps.pools(),
    reports: { queues, scaling: deps.scaling() },
    recent: { events: deps.events.recent(), lastId: deps.events.lastId() },
  });
}

// Builds the handlers.
export function createObserveHandlers(deps: ObserveDeps): ObserveHandlers {
  const queueHistory = createQueueHistory();
  deps.onSample?.((sample) => {
    deps.queues().then(
      (reports) => queueHistory.record(sample.at, reports),
      () => {},
    );
  });
  return {
    overview: () => readOverview(deps, queueHistory),
    queues: async () => ({ queues: (await deps.queues()).map(queueJson) }),
    cluster: async () => deps.cluster(),
    async ready() {
      const { pools, sourcesDown } = deps.readiness();
      return readiness(pools, sourcesDown);
    },
    async memory_history({ resolution = '1s', since }) {
      const options = since === undefined ? { resolution } : { resolution, sinceMs: since };
      return { resolution, ...deps.history(options), queues: queueHistory.read(since) };
    },
  };
}
