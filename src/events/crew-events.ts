// The daemon's whole event map: each concept owns its events (supervise/events.ts,
// scale/events.ts, worker/events.ts) and this file only puts them together with the daemon's own.
// Concept folders import the emitter, never this map; the daemon and observe/ read it.
// docs/events.md describes every event once (a test keeps it in step with crewEventNames).
import type { ClusterEvents } from '../cluster/events.js';
import type { FpmEvents } from '../fpm/events.js';
import type { ScaleEvents } from '../scale/events.js';
import type { SupervisorEvents } from '../supervise/events.js';
import type { WorkerEvents } from '../worker/events.js';

export interface DaemonEvents {
  // A config version was applied (start, reload, rollback), with what changed.
  'config:apply': { version: number | null; changes: readonly string[] };
}

export interface CrewEvents
  extends SupervisorEvents,
    ScaleEvents,
    WorkerEvents,
    ClusterEvents,
    FpmEvents,
    DaemonEvents {}

// Every event name, for docs and tests; the type below fails to compile if one is missing.
export const crewEventNames = [
  'process:spawn',
  'process:state',
  'process:exit',
  'process:recycle',
  'pool:scale',
  'supervisor:critical',
  'scale:decision',
  'worker:report',
  'worker:stalled',
  'cluster:host-gone',
  'cluster:rejoined',
  'fpm:unreachable',
  'fpm:reachable',
  'config:apply',
] as const;

type Missing = Exclude<keyof CrewEvents, (typeof crewEventNames)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;
