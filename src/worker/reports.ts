// Where worker reports arrive: the daemon hands every IPC message of a worker host here. A
// well-formed report becomes a `worker:report` event; a recycle request goes to the supervisor
// (start a replacement, then drain this one). Anything else a worker sends is dropped: it runs
// user code and may send anything.
import type { EventBus } from '../events/typed-emitter.js';
import type { WorkerEvents } from './events.js';
import { isWorkerMessage } from './messages.js';

export interface WorkerReportDeps {
  readonly events: EventBus<WorkerEvents>;
  // Replaces the process as a recycle; false when it cannot (not running, already retiring).
  readonly recycle: (name: string, reason: string) => boolean;
  readonly log: (line: string) => void;
}

export type WorkerMessageSink = (
  from: { readonly name: string; readonly pool: string; readonly pid: number },
  message: unknown,
) => void;

// Builds the function the supervisor calls with each message from a worker host.
export function receiveWorkerMessages(deps: WorkerReportDeps): WorkerMessageSink {
  return (from, message) => {
    if (!isWorkerMessage(message)) return;
    if (message.type === 'recycle') {
      if (deps.recycle(from.name, message.reason))
        deps.log(`${from.name}: recycling (${message.reason})`);
      return;
    }
    deps.events.emit('worker:report', { ...from, report: message });
  };
}
