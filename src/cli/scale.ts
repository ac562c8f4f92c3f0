// `crew scale POOL=N ...`: changes a pool's process count at runtime, siblings untouched. An
// autoscaled pool stays pinned at N until `crew scale POOL=auto` hands it back to the policy.
import { callDaemon } from '../control/client.js';
import { CrewError } from '../errors/crew-error.js';
import type { Output } from './output.js';
import { resolveSocketPath, type SocketOptions } from './socket-path.js';

// Parses "payments=3" or "payments=auto" into its parts.
export function parseScaleArg(arg: string): { pool: string; count: number | 'auto' } {
  const match = /^([^=\s]+)=(\d+|auto)$/.exec(arg);
  if (!match) {
    throw new CrewError('CREW_USAGE', `cannot read "${arg}"`, [
      'write POOL=N, e.g. crew scale payments=3, or POOL=auto to let the autoscaler decide',
    ]);
  }
  return { pool: match[1]!, count: match[2] === 'auto' ? 'auto' : Number(match[2]) };
}

// Applies each POOL=N in turn and prints "payments: 2→3" (and whether it is now pinned).
export async function scale(
  args: readonly string[],
  options: SocketOptions,
  output: Output,
): Promise<number> {
  const targets = args.map(parseScaleArg);
  const socket = await resolveSocketPath(options);
  for (const { pool, count } of targets) {
    const result = await callDaemon(socket, 'scale', { pool, count });
    if (count === 'auto') output.out(`${pool}: autoscaled (${result.from} now)`);
    else if (result.pinned)
      output.out(`${pool}: ${result.from}→${result.to} (pinned; ${pool}=auto to unpin)`);
    else output.out(`${pool}: ${result.from}→${result.to}`);
  }
  return 0;
}
