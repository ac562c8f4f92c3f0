// crew's own log: one line per supervisor event, worded like supervisord's log so operators
// recognise it, written to crew's stderr.

import { describeHostGone } from '../cluster/words.js';
import type { CrewEvents } from '../events/crew-events.js';
import type { TypedEmitter } from '../events/typed-emitter.js';
import { describeExit } from '../supervise/exit-record.js';
import { describeStalls } from '../worker/stalls.js';

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
    case 'supervisor:critical': {
      const p = payload as CrewEvents['supervisor:critical'];
      return `critical: ${p.process} of critical pool ${p.pool} is FATAL; stopping everything`;
    }
    default:
      return null;
  }
}

// Writes every event worth a line to `write`.
export function logEvents(
  events: TypedEmitter<CrewEvents>,
  write: (line: string) => void,
): () => void {
  return events.onAny((name, payload) => {
    const line = formatEvent(name, payload);
    if (line !== null) write(line);
  });
}
