// Every control method, its params and its answer: one table that the daemon's handlers, the
// socket and HTTP servers and the client (`callDaemon`) are all typed by. Params arrive from
// outside, so params.ts checks them at run time before a handler sees them.
import type { ClusterJson } from './wire/cluster.js';
import type { AppliedJson, HistoryJson } from './wire/config.js';
import type { FpmPlanJson } from './wire/fpm-plan.js';
import type { HistoryJson as MemoryHistoryJson, StatsReport } from './wire/memory.js';
import type { Overview } from './wire/overview.js';
import type {
  ProcessResultsJson,
  ScaleJson,
  StatusJson,
  TailChunkJson,
  TailJson,
} from './wire/process.js';
import type { QueuesJson } from './wire/queue.js';
import type { ReadyJson } from './wire/ready.js';

type NoParams = Record<string, never>;
type Selected = { readonly selector: string };

export interface ControlMethods {
  status: { params: { readonly selector?: string }; result: StatusJson };
  start: { params: Selected; result: ProcessResultsJson };
  stop: { params: Selected; result: ProcessResultsJson };
  restart: { params: Selected; result: ProcessResultsJson };
  signal: { params: Selected & { readonly signal: string }; result: ProcessResultsJson };
  scale: { params: { readonly pool: string; readonly count: number | 'auto' }; result: ScaleJson };
  tail: {
    params: {
      readonly name: string;
      readonly stream?: 'stdout' | 'stderr';
      readonly bytes?: number;
      readonly follow?: boolean;
    };
    result: TailJson;
    // Streamed before the result while following.
    data: TailChunkJson;
  };
  stats: { params: NoParams; result: StatsReport };
  reload: { params: NoParams; result: AppliedJson };
  history: { params: NoParams; result: HistoryJson };
  rollback: { params: { readonly version?: number }; result: AppliedJson };
  shutdown: { params: NoParams; result: { readonly stopping: true } };
  queues: { params: NoParams; result: QueuesJson };
  overview: { params: NoParams; result: Overview };
  // Whether critical pools are at their floor and the queue sources answer (`/readyz`).
  ready: { params: NoParams; result: ReadyJson };
  // The hosts on the shared store and the hosts the work wants (`crew status --cluster`, /scale).
  cluster: { params: NoParams; result: ClusterJson };
  // PHP-FPM pools' settings, load and memory as read, and their room in the budget (`crew plan`).
  fpm_plan: { params: NoParams; result: FpmPlanJson };
  // `since` in ms since the epoch; resolution 1s (default) or 1m.
  memory_history: {
    params: { readonly since?: number; readonly resolution?: '1s' | '1m' };
    result: MemoryHistoryJson;
  };
}

export type MethodName = keyof ControlMethods;
export type ParamsOf<M extends MethodName> = ControlMethods[M]['params'];
export type ResultOf<M extends MethodName> = ControlMethods[M]['result'];
export type DataOf<M extends MethodName> = ControlMethods[M] extends { data: infer D } ? D : never;

// Where a streaming method sends its `data` lines, and learns that the caller went away.
export interface StreamSink<D = unknown> {
  data(data: D): void;
  onClose(fn: () => void): void;
}

export type Handler<M extends MethodName> = (
  params: ParamsOf<M>,
  sink: StreamSink<DataOf<M>>,
) => Promise<ResultOf<M>>;

export type ControlHandlers = { readonly [M in MethodName]: Handler<M> };
