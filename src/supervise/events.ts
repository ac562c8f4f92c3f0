// What the supervisor tells the rest of crew: every spawn, state change, exit, recycle and pool
// resize, each with the names an operator reads. docs/events.md describes each one.
import type { ExitRecord } from './exit-record.js';
import type { ProcessState } from './process-state.js';

export interface SupervisorEvents {
  // instance: this spawn's identity (CREW_INSTANCE in its environment); null if it never ran.
  'process:spawn': { name: string; pool: string; pid: number; instance: string };
  'process:state': {
    name: string;
    pool: string;
    from: ProcessState;
    to: ProcessState;
    pid: number | null;
  };
  'process:exit': {
    name: string;
    pool: string;
    pid: number | null;
    instance: string | null;
    record: ExitRecord;
  };
  'process:recycle': {
    name: string;
    pool: string;
    kind: 'replace' | 'kill' | 'restart';
    reason: string;
  };
  'pool:scale': { pool: string; from: number; to: number; reason: string };
  'supervisor:critical': { pool: string; process: string };
}
