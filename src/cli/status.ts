// `crew status [NAME|POOL:*|all ...] [--json] [--events]`: supervisorctl's status, plus memory;
// --events adds the autoscaler's pools and its recent decisions; --cluster lists the hosts on
// the shared store instead (cluster-format.ts).
import { callDaemon } from '../control/client.js';
import type { FpmPoolJson } from '../control/wire/fpm.js';
import type { ProcessStatusJson } from '../control/wire/process.js';
import { formatCluster } from './cluster-format.js';
import { withFpmLines } from './fpm-format.js';
import type { Output } from './output.js';
import { resolveSocketPath, type SocketOptions } from './socket-path.js';
import { formatScaleEvents } from './status-events.js';
import { formatStatus } from './status-format.js';

// Prints status; exits 3 when any listed process is not RUNNING, as supervisorctl does.
export async function status(
  selectors: readonly string[],
  options: SocketOptions & { json?: boolean; wide?: boolean; events?: boolean; cluster?: boolean },
  output: Output,
): Promise<number> {
  const socket = await resolveSocketPath(options);
  if (options.cluster) {
    const cluster = await callDaemon(socket, 'cluster');
    if (options.json) output.out(JSON.stringify(cluster, null, 2));
    else for (const line of formatCluster(cluster)) output.out(line);
    return 0;
  }
  const wanted = selectors.length > 0 ? selectors : ['all'];
  const seen = new Set<string>();
  const processes: ProcessStatusJson[] = [];
  const fpm = new Map<string, FpmPoolJson>();
  for (const selector of wanted) {
    const result = await callDaemon(socket, 'status', { selector });
    for (const proc of result.processes) {
      if (seen.has(proc.name)) continue;
      seen.add(proc.name);
      processes.push(proc);
    }
    for (const entry of result.fpm ?? []) fpm.set(`${entry.pool}\0${entry.fpm_pool}`, entry);
  }
  const fpmPools = [...fpm.values()];
  if (options.json)
    output.out(
      JSON.stringify({ processes, ...(fpmPools.length > 0 ? { fpm: fpmPools } : {}) }, null, 2),
    );
  else {
    const rows = formatStatus(processes, options.wide === true);
    const pools = processes.map((proc) => proc.pool);
    for (const line of withFpmLines(rows, pools, fpmPools)) output.out(line);
  }
  if (options.events && !options.json) {
    const overview = await callDaemon(socket, 'overview');
    output.out('');
    for (const line of formatScaleEvents(overview)) output.out(line);
  }
  return processes.every((proc) => proc.state === 'RUNNING') ? 0 : 3;
}
