// `crew scale POOL=N ...`: changes a pool's process count at runtime, siblings untouched.
import { callDaemon } from '../control/client.js';
import { CrewError } from '../errors/crew-error.js';
import type { Output } from './output.js';
import { resolveSocketPath, type SocketOptions } from './socket-path.js';

// Parses "payments=3" into its parts.
export function parseScaleArg(arg: string): { pool: string; count: number } {
  const match = /^([^=\s]+)=(\d+)$/.exec(arg);
  if (!match) {
    throw new CrewError('CREW_USAGE', `cannot read "${arg}"`, [
      'write POOL=N, e.g. crew scale payments=3',
    ]);
  }
  return { pool: match[1]!, count: Number(match[2]) };
}

// Applies each POOL=N in turn and prints "payments: 2→3".
export async function scale(
  args: readonly string[],
  options: SocketOptions,
  output: Output,
): Promise<number> {
  const targets = args.map(parseScaleArg);
  const socket = await resolveSocketPath(options);
  for (const { pool, count } of targets) {
    const result = await callDaemon<{ from: number; to: number }>(socket, 'scale', { pool, count });
    output.out(`${pool}: ${result.from}→${result.to}`);
  }
  return 0;
}
