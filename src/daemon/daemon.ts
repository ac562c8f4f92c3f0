// The daemon: loads the config, clears what a killed previous run left, supervises the pools,
// serves the control socket and keeps the config history. `crew up` binds it to signals.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { newHostId } from '../cluster/host-id.js';
import { describeDiff, diffConfigs, hashConfig } from '../config/diff.js';
import type { CrewConfig } from '../config/types.js';
import { createApi } from '../control/api.js';
import type { ControlHandlers } from '../control/methods.js';
import { isSocketAlive, listenControl } from '../control/server.js';
import { fpmPoolJson } from '../control/wire/fpm.js';
import { CrewError } from '../errors/crew-error.js';
import type { CrewEvents } from '../events/crew-events.js';
import { createEmitter } from '../events/typed-emitter.js';
import { createEventRing } from '../observe/event-ring.js';
import { createObserveHandlers } from '../observe/handlers.js';
import { createHttpHandler } from '../observe/http-server.js';
import { createHttpService } from '../observe/http-service.js';
import { createCrewMetrics } from '../observe/metrics.js';
import { describePools } from '../observe/overview.js';
import type { QueueReport } from '../queue/types.js';
import type { PoolScaling } from '../scale/types.js';
import type { OutputTargets } from '../supervise/output.js';
import { createSupervisor, type Supervisor } from '../supervise/supervisor.js';
import { receiveWorkerMessages, trackWorkerReports } from '../worker/reports.js';
import { startWatchdog } from '../worker/watchdog.js';
import { type Autoscaler, startAutoscale } from './autoscale.js';
import { startClusterLink } from './cluster-link.js';
import { loadConfigIsolated } from './config-loader.js';
import { type CrewLog, createCrewLog } from './crew-log.js';
import { logEvents } from './event-log.js';
import { restoreFpmSettings } from './fpm-rollback.js';
import { fpmPlanOf, planBudgetFromStats, planBudgetOf, startFpmWatch } from './fpm-watch.js';
import { openHistory } from './history.js';
import { withSecretsFrom } from './history-secrets.js';
import { startMemoryWatch } from './memory-watch.js';
import { createPidRecords, readPidRecords, stopLeftovers } from './pid-records.js';
import { startQueueWatch } from './queue-watch.js';
import { closeRunDir, writePrivateFile } from './run-dir.js';
import { startStallRelease } from './stall-release.js';
import { startWarnings } from './start-warnings.js';

export interface DaemonOptions {
  readonly configFile: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly outputTargets?: OutputTargets;
  // crew's own log lines as text; default: stderr, after `crew | `.
  readonly log?: (line: string) => void;
  // Where JSON log lines go (`log_format: json`); default: stderr.
  readonly write?: (text: string) => void;
}

export interface Daemon {
  readonly config: () => CrewConfig;
  readonly socketPath: string;
  // http://HOST:PORT of the status/metrics/dashboard server, or null (off, or the bind failed).
  readonly httpAddress: string | null;
  readonly supervisor: Supervisor;
  // crew's own log, in the config's log_format.
  readonly log: CrewLog;
  // Resolves with the exit code once everything has stopped.
  readonly done: Promise<number>;
  shutdown(exitCode?: number): Promise<void>;
  reload(): Promise<{ version: number | null; changes: readonly string[] }>;
  // SIGKILLs every process group at once (a second Ctrl-C).
  kill(): void;
}

// Starts the daemon and resolves once the socket listens and the pools are starting.
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const first = await loadConfigIsolated(options.configFile, options.env);
  let config = first.config;
  const log = createCrewLog({
    format: () => config.logFormat ?? 'text',
    text: options.log ?? ((line) => process.stderr.write(`crew | ${line}\n`)),
    json: options.write ?? ((text) => process.stderr.write(`${text}\n`)),
  });
  for (const warning of first.warnings) log(`config warning: ${warning}`);
  for (const warning of await startWarnings(first.config)) log(`config warning: ${warning}`);
  const socketPath = config.control.socket;
  if (await isSocketAlive(socketPath)) {
    throw new CrewError('CREW_ALREADY_RUNNING', `a crew daemon already answers on ${socketPath}`, [
      'use `crew status` to talk to it, or `crew shutdown` to stop it first',
    ]);
  }
  if (process.pid === 1) {
    // Node reaps only the children it spawned; orphaned grandchildren would stay zombies.
    log(
      'warning: crew is PID 1, and orphaned grandchildren it does not reap stay zombies; run it ' +
        'under an init: `docker run --init`, `init: true` in compose, or ' +
        'ENTRYPOINT ["tini", "--", "crew", "up"] in the image (docs/docker.md)',
    );
  }
  // Owner-only before anything is written in it (it may predate this version).
  closeRunDir(config.runDir);
  const previous = readPidRecords(config.runDir);
  const leftovers = await stopLeftovers(previous);
  if (leftovers.length > 0)
    log(`cleanup: stopped ${leftovers.length} process(es) left by a previous run`);

  const history = openHistory(config.runDir);
  const pidRecords = createPidRecords(config.runDir);
  const events = createEmitter<CrewEvents>((error) => log(`a listener failed: ${String(error)}`));
  logEvents(events, log);
  const recentEvents = createEventRing(events);
  const metrics = createCrewMetrics();
  events.on('process:exit', ({ pool, record }) => metrics.countExit(pool, record.reason));
  // This run's id among the hosts of a shared store; every spawn's instance id starts with it.
  const hostId = newHostId();
  const supervisor = createSupervisor({
    config,
    events,
    instancePrefix: hostId,
    lineStyle: () => config.logFormat ?? 'text',
    outputTargets: options.outputTargets,
    onSpawn: (spawned) => pidRecords.add(spawned),
    onReap: (pid) => pidRecords.remove(pid),
    onMessage: (from, message) => workerMessages(from, message),
  });
  // Worker hosts' messages: reports become events, recycle requests go to the supervisor.
  const workerMessages = receiveWorkerMessages({
    events,
    recycle: (name, pid, reason) => supervisor.recycle(name, { kind: 'replace', reason, pid }),
    log,
  });
  const workers = trackWorkerReports(events);
  // A worker host that exits holding jobs: they go back at once, without spending a try.
  const stallRelease = startStallRelease({ events, config: () => config, log });
  // In the background: a store that does not answer yet must not hold up the start.
  void stallRelease.releasePrevious(previous);
  const stopWatchdog = startWatchdog({
    workers: () => workers.workers(),
    forget: (name) => workers.forget(name),
    kill: (name, pid, reason) => supervisor.recycle(name, { kind: 'kill', reason, pid }),
  });
  const memory = startMemoryWatch(supervisor, config);
  // PHP-FPM's status pages and children (fpm: pools).
  const fpm = startFpmWatch(config, { supervisor, events });
  const fpmJson = () => fpm.states().map(fpmPoolJson);
  const stats = async () => {
    const report = await memory.stats();
    const pools = fpmJson();
    return pools.length > 0 ? { ...report, fpm: pools } : report;
  };
  // What /status, /metrics, the dashboard and `crew queues` show of queues: crew's store, the
  // backlog watchers and the workers' reports.
  const jobs = startQueueWatch({ config, workers, log });
  const queues = (): Promise<readonly QueueReport[]> => jobs.queues();
  // The other hosts on a shared PostgreSQL store: heartbeats, their claims put back when one
  // vanishes, the queue shares and the hosts the work wants (cluster-link.ts).
  let scalerRef: Autoscaler | null = null;
  const cluster = startClusterLink({
    config,
    hostId,
    supervisor,
    scaler: () => scalerRef,
    events,
    log,
  });
  const scaler = startAutoscale({
    supervisor,
    events,
    queues,
    busy: () => workers.busy(),
    onSample: (listener) => memory.onSample(listener),
    log,
    peers: () => cluster.peers(),
    worstCaseBytes: (pool) => fpm.worstCaseBytes(pool),
  });
  scalerRef = scaler;
  // Where each pool stands after the autoscaler's latest tick.
  const scaling = (): readonly PoolScaling[] => scaler.scaling();

  const record = (next: CrewConfig, source: string, changes: readonly string[]) => {
    const version = history.record(next, hashConfig(next), source, changes);
    events.emit('config:apply', { version, changes });
    return version;
  };
  const apply = async (next: CrewConfig, source: string) => {
    const changes = await supervisor.apply(next);
    await memory.reconfigure(next);
    await jobs.reconfigure(next);
    fpm.reconfigure(next);
    config = next;
    // ?? null: a rollback to a version recorded before http existed.
    await http.apply(next.http ?? null);
    return { version: record(next, source, changes), changes };
  };

  let exitCode = 0;
  let stopping: Promise<void> | null = null;
  let resolveDone: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    resolveDone = resolve;
  });
  const shutdown = (code = 0) => {
    if (stopping) return stopping;
    exitCode = code;
    log('shutdown: stopping every pool, highest priority number first');
    stopping = (async () => {
      // No scaling while everything stops.
      scaler.stop();
      await supervisor.shutdown();
      // Its workers have finished: the host leaves the cluster holding nothing.
      await cluster.stop();
      await memory.stop();
      fpm.stop();
      stopWatchdog();
      await jobs.stop();
      await stallRelease.stop();
      workers.stop();
      await http.close();
      recentEvents.close();
      await server.close();
      rmSync(join(config.runDir, 'crew.pid'), { force: true });
      log('shutdown: everything stopped');
      resolveDone(exitCode);
    })();
    return stopping;
  };
  events.on('supervisor:critical', () => void shutdown(1));

  const reload = async () => {
    const next = await loadConfigIsolated(options.configFile, options.env);
    for (const warning of next.warnings) log(`config warning: ${warning}`);
    return apply(next.config, 'reload');
  };
  const api = createApi({
    supervisor,
    memoryOf: (pids) => memory.memoryOf(pids),
    stats,
    fpm: fpmJson,
    reload,
    history: () => history.list(),
    async rollback(version) {
      const list = history.list();
      const target = version ?? list.at(-2)?.version;
      if (target === undefined) {
        throw new CrewError('CREW_HISTORY_NOT_FOUND', 'there is no earlier config to roll back to');
      }
      const stored = withSecretsFrom(history.load(target), config, target);
      const next = restoreFpmSettings(stored, target, options.env ?? process.env, log);
      return apply(next, `rollback to ${target}`);
    },
    shutdown: () => void shutdown(0),
    pin: (pool, count) => scaler.pin(pool, count),
  });
  const handlers = {
    ...api,
    fpm_plan: async () => {
      await fpm.readNow();
      const budget = planBudgetOf(scaler.latest()) ?? planBudgetFromStats(await memory.stats());
      return fpmPlanOf(fpm.states(), config, budget);
    },
    ...createObserveHandlers({
      status: api.status,
      stats,
      pools: () => describePools(supervisor.pools()),
      queues,
      scaling,
      events: recentEvents,
      history: (options) => memory.sampler().history.read(options),
      onSample: (listener) => memory.onSample(listener),
      now: Date.now,
      cluster: () => cluster.view(),
      readiness: () => ({
        pools: supervisor.pools().map((pool) => ({
          name: pool.config.name,
          critical: pool.config.critical,
          floor: pool.config.autoscale?.min ?? pool.config.processes,
          running: pool.processes().filter((proc) => proc.state() === 'RUNNING').length,
        })),
        sourcesDown: jobs.sourcesDown(),
      }),
    }),
  } satisfies ControlHandlers;
  const server = await listenControl(socketPath, handlers);
  const http = createHttpService(
    createHttpHandler({
      token: () => config.http?.token ?? null,
      handlers,
      metrics,
      events: recentEvents,
    }),
    log,
  );
  await http.apply(config.http);
  writePrivateFile(join(config.runDir, 'crew.pid'), String(process.pid));
  record(config, 'up', describeDiff(diffConfigs(null, config)));
  supervisor.start();

  return {
    config: () => config,
    socketPath,
    get httpAddress() {
      return http.url();
    },
    supervisor,
    log,
    done,
    shutdown,
    reload,
    kill: () => supervisor.killStopping(),
  };
}
