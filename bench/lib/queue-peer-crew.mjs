// crew as a queue-benchmark peer: the producer is crew's library API (createQueue from dist/) in
// the benchmark's process; the worker is crew's worker host (dist/worker/main.js) in its own
// process, started as `crew up` starts it: a crew.yaml is written and read by crew's own config
// loader, so every setting the pool does not name (poll, lease, tries…) is crew's default, and
// the host gets the spec, store and instance id in the environment, and the IPC channel, the
// daemon would give it.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const jobsModule = new URL('./queue-workers/crew-jobs.mjs', import.meta.url).pathname;
const { createQueue } = await import(join(root, 'dist/index.js'));
const { openStore } = await import(join(root, 'dist/queue/open-store.js'));
const { loadConfig } = await import(join(root, 'dist/config/load.js'));

// Jobs a throughput run's worker holds ahead of its free slots (`prefetch:`), as many as
// graphile-worker's local queue and pg-boss's batch hold in their runs.
export const PREFETCH = 500;

// The pool as a user would write it: the queue, the concurrency and, for a throughput run, the
// prefetch; nothing else.
function poolYaml(storeUrl, queue, concurrency, prefetch = 0) {
  return [
    `store: ${JSON.stringify(storeUrl)}`,
    'http: false',
    'pools:',
    '  bench:',
    `    handlers: ${JSON.stringify(jobsModule)}`,
    `    queues: [${JSON.stringify(queue)}]`,
    `    concurrency: ${concurrency}`,
    ...(prefetch > 0 ? [`    prefetch: ${prefetch}`] : []),
    '',
  ].join('\n');
}

// The bench pool of a crew.yaml read by crew's loader (throws with its errors).
function loadPool(file) {
  const { config, errors } = loadConfig(file, process.env);
  if (!config) throw new Error(`crew.yaml: ${errors.map((e) => e.message).join('; ')}`);
  return config.pools.find((pool) => pool.name === 'bench');
}

// `storeUrl`: sqlite:/path or a postgres URL; `dir`: where its crew.yaml files go.
export function createCrewPeer({ id, label, storeUrl, dir, children }) {
  let producer = null;
  let store = null;
  let defaults = null;
  return {
    id,
    label,
    async open() {
      producer = createQueue({ store: storeUrl });
      store = await openStore(storeUrl);
      await store.migrate();
      const file = join(dir, `${id}-defaults.yaml`);
      writeFileSync(file, poolYaml(storeUrl, 'x', 1));
      defaults = loadPool(file).worker;
    },
    settings: (concurrency) =>
      `worker host, concurrency: ${concurrency}, prefetch: ${PREFETCH} in the throughput runs ` +
      `(0, the default, otherwise); defaults: poll ${defaults.pollMs} ms, ` +
      `lease ${defaults.leaseMs / 1000} s, tries ${defaults.tries}`,
    enqueue: (queue, data) => producer.add(queue, 'noop', data),
    async enqueueMany(queue, n) {
      for (let i = 0; i < n; i += 1000) {
        const count = Math.min(1000, n - i);
        await producer.addBulk(
          Array.from({ length: count }, (_, j) => ({ queue, name: 'noop', data: { i: i + j } })),
        );
      }
    },
    async remaining(queue) {
      const snap = await store.snapshot([queue], Date.now(), null);
      const q = snap.queues[0];
      return q.ready + q.reserved + q.delayed;
    },
    // For the memory rows: `n` jobs that hold their slot, and how many are held.
    addHeld: (queue, n) =>
      producer.addBulk(Array.from({ length: n }, () => ({ queue, name: 'hold', data: null }))),
    reserved: async (queue) => (await store.snapshot([queue], Date.now(), null)).queues[0].reserved,
    // `cpuProfileDir`: run the host under --cpu-prof (the profile is written at its exit, so stop
    // it with SIGTERM: it drains and exits).
    startWorker({ queue, concurrency, env, cpuProfileDir }) {
      const file = join(dir, `${id}-${queue}.yaml`);
      const prefetch = env.BENCH_MODE === 'throughput' ? PREFETCH : 0;
      writeFileSync(file, poolYaml(storeUrl, queue, concurrency, prefetch));
      const pool = loadPool(file);
      const [node, ...args] = pool.argv;
      const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
      const spec = { ...pool.worker, pool: pool.name, stopTimeoutMs: pool.stopTimeoutMs };
      // With the IPC channel the daemon gives it: the host sends its reports (one a second).
      return children.spawn([node, ...profile, ...args], {
        cwd: pool.cwd,
        ipc: true,
        env: {
          ...env,
          CREW_WORKER_SPEC: JSON.stringify(spec),
          CREW_STORE: pool.worker.store,
          CREW_POOL: pool.name,
          CREW_PROCESS_NAME: 'bench_00',
          CREW_PROCESS_NUM: '0',
          CREW_INSTANCE: randomBytes(6).toString('base64url'),
        },
      });
    },
    // The host logs this line once its claim loop runs.
    isReady: (child) => /^worker bench: /m.test(child.stderrText()),
    async close() {
      await producer?.close();
      await store?.close();
    },
  };
}
