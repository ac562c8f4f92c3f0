// `crew start|stop|restart NAME...` and `crew signal SIG NAME...`, printing one line per process
// as supervisorctl does: "payments:payments_00: started".
import { callDaemon } from '../control/client.js';
import type { Output } from './output.js';
import { resolveSocketPath, type SocketOptions } from './socket-path.js';
import { namespec } from './status-format.js';

// Runs a verb over each selector; exits 1 if any process answered with an ERROR.
export async function processVerb(
  verb: 'start' | 'stop' | 'restart' | 'signal',
  selectors: readonly string[],
  options: SocketOptions & { signal?: string },
  output: Output,
): Promise<number> {
  const socket = await resolveSocketPath(options);
  let failed = false;
  for (const selector of selectors) {
    const result =
      verb === 'signal'
        ? await callDaemon(socket, 'signal', { selector, signal: options.signal ?? '' })
        : await callDaemon(socket, verb, { selector });
    for (const proc of result.processes) {
      if (proc.result.startsWith('ERROR')) failed = true;
      output.out(`${namespec(proc)}: ${proc.result}`);
    }
  }
  return failed ? 1 : 0;
}
