// Starts one process of a pool: detached (its own session and process group, so signals reach
// the whole group and a Ctrl-C at the terminal does not), output piped to crew, an IPC channel
// for worker hosts, and crew's variables in its environment.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { PoolConfig } from '../config/types.js';

// What a worker host reads at start (src/worker/spec.ts): its pool's handler settings, the
// store, and the stop timeout its drain must keep within.
function workerEnv(pool: PoolConfig): Record<string, string> {
  if (!pool.worker) return {};
  const spec = { ...pool.worker, pool: pool.name, stopTimeoutMs: pool.stopTimeoutMs };
  return { CREW_WORKER_SPEC: JSON.stringify(spec), CREW_STORE: pool.worker.store };
}

// One spawn's identity (CREW_INSTANCE): a name and a pid are reused, this is not. A worker host
// prefixes its claims with it, so crew can put back the jobs of an instance that died. `prefix`
// is the daemon's host id (cluster/host-id.ts), so a surviving host can put back every claim of
// a host that vanished with one prefix.
export function newInstanceId(prefix = ''): string {
  return prefix + randomBytes(6).toString('base64url');
}

// Spawns process `num` of the pool, named `name`; throws when the spawn fails synchronously.
export function spawnChild(
  pool: PoolConfig,
  num: number,
  name: string,
  instance: string,
): ChildProcess {
  const [command, ...args] = pool.argv;
  return spawn(command!, args, {
    cwd: pool.cwd,
    env: {
      ...process.env,
      ...pool.env,
      CREW_PROCESS_NAME: name,
      CREW_POOL: pool.name,
      CREW_PROCESS_NUM: String(num),
      CREW_INSTANCE: instance,
      ...workerEnv(pool),
    },
    detached: true,
    // Worker hosts report to the daemon over an IPC channel.
    stdio: pool.worker ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
}
