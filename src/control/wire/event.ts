// Supervisor events as the JSON that /status, /events and `crew top` show: snake_case like the
// rest of crew's JSON, an exit flattened as status shows it, with its sentence.

import type { CrewEvents } from '../../events/crew-events.js';
import { describeExit } from '../../supervise/exit-record.js';
import { exitJson } from './process.js';

// The events kept and streamed; anything else on the map (high-volume job events) is not.
export type ObservedEventType =
  | 'process:spawn'
  | 'process:state'
  | 'process:exit'
  | 'process:recycle'
  | 'pool:scale'
  | 'scale:decision'
  | 'config:apply'
  | 'supervisor:critical'
  | 'worker:stalled'
  | 'cluster:host-gone'
  | 'cluster:rejoined'
  | 'fpm:unreachable'
  | 'fpm:reachable';

export interface EventJson {
  // Grows by one per event since the daemon started (SSE's `id:`, Last-Event-ID).
  readonly id: number;
  readonly at: string;
  readonly type: ObservedEventType;
  readonly [field: string]: unknown;
}

type Fields = Record<string, unknown>;

const toJson: { [K in ObservedEventType]: (payload: CrewEvents[K]) => Fields } = {
  'process:spawn': ({ name, pool, pid }) => ({ name, pool, pid }),
  'process:state': ({ name, pool, from, to, pid }) => ({ name, pool, from, to, pid }),
  'process:exit': ({ name, pool, pid, record }) => ({
    name,
    pool,
    pid,
    ...exitJson(record),
    description: describeExit(record),
  }),
  'process:recycle': ({ name, pool, kind, reason }) => ({ name, pool, kind, reason }),
  'pool:scale': ({ pool, from, to, reason }) => ({ pool, from, to, reason }),
  'scale:decision': ({ pool, from, to, reason, at, budget }) => ({
    pool,
    from,
    to,
    reason,
    decided_at: new Date(at).toISOString(),
    ...(budget
      ? {
          budget: {
            scope: budget.scope,
            used_bytes: budget.usedBytes,
            budget_bytes: budget.budgetBytes,
            other_bytes: budget.otherBytes,
            outside_bytes: budget.outsideBytes,
          },
        }
      : {}),
  }),
  'config:apply': ({ version, changes }) => ({ version, changes: [...changes] }),
  'supervisor:critical': ({ pool, process }) => ({ pool, process }),
  'worker:stalled': ({ name, pool, pid, cause, released, failed }) => ({
    name,
    pool,
    pid,
    cause,
    released: released.map((job) => ({ ...job })),
    failed: failed.map((job) => ({ ...job })),
  }),
  'cluster:host-gone': ({ host, hostname, silentMs, released, failed }) => ({
    host,
    hostname,
    silent_ms: silentMs,
    released: released.map((job) => ({ ...job })),
    failed: failed.map((job) => ({ ...job })),
  }),
  'cluster:rejoined': ({ by }) => ({ by }),
  'fpm:unreachable': ({ pool, fpmPool, reason }) => ({ pool, fpm_pool: fpmPool, reason }),
  'fpm:reachable': ({ pool, fpmPool, downMs }) => ({ pool, fpm_pool: fpmPool, down_ms: downMs }),
};

function isObserved(type: PropertyKey): type is ObservedEventType {
  return typeof type === 'string' && Object.hasOwn(toJson, type);
}

// The event as JSON, or null for an event type that is not observed.
export function eventJson<K extends keyof CrewEvents>(
  id: number,
  at: number,
  type: K,
  payload: CrewEvents[K],
): EventJson | null {
  if (!isObserved(type)) return null;
  const fields = (toJson[type] as (p: CrewEvents[K]) => Fields)(payload);
  return { id, at: new Date(at).toISOString(), type, ...fields };
}
