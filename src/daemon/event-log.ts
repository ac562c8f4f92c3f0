// crew's own log: one line per supervisor event, worded like supervisord's log so operators
// recognise it, written to crew's stderr (as text, or JSON with the event's fields: crew-log.ts).

import { describeHostGone } from '../cluster/words.js';
import type { CrewEvents } from '../events/crew-events.js';
import type { TypedEmitter } from '../events/typed-emitter.js';
import { describeExit } from '../supervise/exit-record.js';
import { describeStalls } from '../worker/stalls.js';
import type { CrewLog, LogFields } from './crew-log.js';

// Renders one event as a log line, or null for events not worth a line.
export function formatEvent<K extends keyof CrewEvents>(
  name: K,
  payload: CrewEvents[K],
): string | null {
  switch (name) {
    case 'process:spawn': {
      const p = payload as CrewEvents['process:spawn'];
      return `spawned: '${p.name}' with pid ${p.pid}`;
    }
    case 'process:state': {
      const p = payload as CrewEvents['process:state'];
      if (p.to === 'RUNNING') return `success: ${p.name} entered RUNNING state`;
      if (p.to === 'FATAL')
        return `gave up: ${p.name} entered FATAL state, too many start retries too quickly`;
      if (p.to === 'BACKOFF') return `backoff: ${p.name} exited too quickly, will retry`;
      return null;
    }
    case 'process:exit': {
      const p = payload as CrewEvents['process:exit'];
      const verbs: Partial<Record<typeof p.record.reason, string>> = {
        stopped: 'stopped',
        'killed-after-timeout': 'stopped',
        recycled: 'recycled',
      };
      const verb = verbs[p.record.reason] ?? 'exited';
      return `${verb}: ${p.name} (${describeExit(p.record)})`;
    }
    case 'process:recycle': {
      const p = payload as CrewEvents['process:recycle'];
      const how = {
        replace: ['recycling', '; starting its replacement first'],
        restart: ['recycling', '; stopping it, then starting it again in place'],
        kill: ['killing', ''],
      }[p.kind];
      return `${how[0]}: ${p.name} (${p.reason})${how[1]}`;
    }
    case 'pool:scale': {
      const p = payload as CrewEvents['pool:scale'];
      return `scaled: ${p.pool} ${p.from}→${p.to} (${p.reason})`;
    }
    case 'config:apply': {
      const p = payload as CrewEvents['config:apply'];
      const what = p.changes.length > 0 ? p.changes.join('; ') : 'no changes';
      return `config: applied version ${p.version ?? '-'}: ${what}`;
    }
    case 'worker:stalled':
      return describeStalls(payload as CrewEvents['worker:stalled']).join('\n');
    case 'cluster:host-gone':
      return describeHostGone(payload as CrewEvents['cluster:host-gone']).join('\n');
    case 'cluster:rejoined': {
      const p = payload as CrewEvents['cluster:rejoined'];
      return `cluster: host ${p.by} had declared this host gone (its heartbeats lapsed) and put back its jobs; beating again`;
    }
    case 'fpm:unreachable': {
      const p = payload as CrewEvents['fpm:unreachable'];
      return `fpm: ${p.pool} [${p.fpmPool}] status page does not answer: ${p.reason}`;
    }
    case 'fpm:reachable': {
      const p = payload as CrewEvents['fpm:reachable'];
      return `fpm: ${p.pool} [${p.fpmPool}] status page answers again after ${(p.downMs / 1000).toFixed(1)} s`;
    }
    case 'supervisor:critical': {
      const p = payload as CrewEvents['supervisor:critical'];
      return `critical: ${p.process} of critical pool ${p.pool} is FATAL; stopping everything`;
    }
    default:
      return null;
  }
}

// What an event's line is about, for a JSON log line (crew-log.ts): its level, the pool, the
// process and its pid, and the reason where the event has one.
export function eventFields<K extends keyof CrewEvents>(
  name: K,
  payload: CrewEvents[K],
): LogFields {
  const event = name as string;
  switch (name) {
    case 'process:spawn': {
      const p = payload as CrewEvents['process:spawn'];
      return { event, pool: p.pool, process: p.name, pid: p.pid };
    }
    case 'process:state': {
      const p = payload as CrewEvents['process:state'];
      const level = p.to === 'FATAL' ? 'error' : p.to === 'BACKOFF' ? 'warn' : 'info';
      return { level, event, pool: p.pool, process: p.name, pid: p.pid, reason: p.to };
    }
    case 'process:exit': {
      const p = payload as CrewEvents['process:exit'];
      const { reason } = p.record;
      // Ended by crew, or with a listed code: info; a crash, a signal or a forced kill: warn.
      const quiet = reason === 'stopped' || reason === 'recycled' || p.record.expected;
      const level = reason === 'spawn-failed' ? 'error' : quiet ? 'info' : 'warn';
      return { level, event, pool: p.pool, process: p.name, pid: p.pid, reason };
    }
    case 'process:recycle': {
      const p = payload as CrewEvents['process:recycle'];
      const level = p.kind === 'kill' ? 'warn' : 'info';
      return { level, event, pool: p.pool, process: p.name, reason: p.reason };
    }
    case 'pool:scale': {
      const p = payload as CrewEvents['pool:scale'];
      return { event, pool: p.pool, reason: p.reason };
    }
    case 'worker:stalled': {
      const p = payload as CrewEvents['worker:stalled'];
      return { level: 'warn', event, pool: p.pool, process: p.name, pid: p.pid, reason: p.cause };
    }
    case 'supervisor:critical': {
      const p = payload as CrewEvents['supervisor:critical'];
      return { level: 'error', event, pool: p.pool, process: p.process };
    }
    case 'cluster:host-gone':
    case 'cluster:rejoined':
      return { level: 'warn', event };
    case 'fpm:unreachable':
      return { level: 'warn', event, pool: (payload as CrewEvents['fpm:unreachable']).pool };
    case 'fpm:reachable':
      return { event, pool: (payload as CrewEvents['fpm:reachable']).pool };
    default:
      return { event };
  }
}

// Writes every event worth a line to `write`, with what it is about; info unless the event says
// otherwise (never guessed from the words, which may hold a pool's name).
export function logEvents(events: TypedEmitter<CrewEvents>, write: CrewLog): () => void {
  return events.onAny((name, payload) => {
    const line = formatEvent(name, payload);
    if (line !== null) write(line, { level: 'info', ...eventFields(name, payload) });
  });
}
