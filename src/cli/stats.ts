// `crew stats [--json] [--watch] [--processes]`: where the container's memory goes.
import { callDaemon } from '../control/client.js';
import type { Output } from './output.js';
import { resolveSocketPath, type SocketOptions } from './socket-path.js';
import { formatStats } from './stats-format.js';

export interface StatsOptions extends SocketOptions {
  readonly json?: boolean;
  readonly watch?: boolean;
  readonly processes?: boolean;
}

// Prints the report once, or every second with --watch until interrupted.
export async function stats(options: StatsOptions, output: Output): Promise<number> {
  const socket = await resolveSocketPath(options);
  const print = async () => {
    const report = await callDaemon(socket, 'stats');
    if (options.json) output.out(JSON.stringify(report, null, options.watch ? 0 : 2));
    else for (const line of formatStats(report, options.processes === true)) output.out(line);
  };
  if (!options.watch) {
    await print();
    return 0;
  }
  for (;;) {
    if (!options.json) process.stdout.write('\x1b[H\x1b[2J');
    await print();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
