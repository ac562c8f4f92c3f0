// The supervisor's typed event map: logs, the control API, the dashboard and tests subscribe.
import type { ScaleDecision } from '../scale/types.js';
import type { ExitRecord } from './exit-record.js';
import type { ProcessState } from './process-state.js';

export interface SupervisorEvents {
  'process:spawn': { name: string; pool: string; pid: number };
  'process:state': {
    name: string;
    pool: string;
    from: ProcessState;
    to: ProcessState;
    pid: number | null;
  };
  'process:exit': { name: string; pool: string; pid: number | null; record: ExitRecord };
  'process:recycle': { name: string; pool: string; kind: 'replace' | 'kill'; reason: string };
  'pool:scale': { pool: string; from: number; to: number; reason: string };
  'config:apply': { version: number | null; changes: readonly string[] };
  'supervisor:critical': { pool: string; process: string };
  // A message from a worker host's IPC channel, unchecked (src/worker/messages.ts reads it).
  'worker:message': { name: string; pool: string; pid: number; message: unknown };
  // The autoscaler's decisions (src/scale), with their reasons.
  'scale:decision': ScaleDecision;
}
