// The validated, normalised configuration: units resolved, paths absolute, frozen.
// Nothing downstream of src/config parses strings.
import type { FpmPmSettings } from '../fpm/plan/plan-types.js';

export type AutoRestart = true | false | 'unexpected';

export type LogTarget =
  // Each line is written to crew's own stdout/stderr, prefixed with the process name.
  | { readonly kind: 'stdout' }
  // Each process writes to its own files; `{name}`, `{pool}` and `{num}` in the paths are
  // replaced per process. `stderr: null` sends stderr into the stdout file.
  | {
      readonly kind: 'file';
      readonly stdout: string;
      readonly stderr: string | null;
      readonly maxBytes: number;
      readonly backups: number;
    };

// When crew replaces a process (starting the replacement first), and which exits are the
// process recycling itself (Laravel's `queue:work --memory` exits 12) rather than crashing.
export interface RecycleConfig {
  // PSS of the process tree above which it is replaced; above 1.5 × this it is killed at once.
  readonly maxMemoryBytes: number | null;
  readonly maxUptimeMs: number | null;
  // Default [12].
  readonly exitCodes: readonly number[];
}

// The container's memory budget as written: bytes, a percentage of the container limit, or
// `auto` (90 % of the cgroup limit). Resolved to bytes at run time against the live limit.
export type BudgetSpec = (
  | { readonly kind: 'bytes'; readonly bytes: number }
  | { readonly kind: 'percent'; readonly percent: number }
  | { readonly kind: 'auto' }
) & {
  // The mapping form's `scope` and `other` (config/budget.ts); absent: auto and 0.
  readonly scope?: 'auto' | 'crew' | 'container';
  readonly otherBytes?: number;
};

// A pool of Node job handlers run by crew's worker host (src/worker): `argv` then starts the
// host, which reads this (with the store) from its environment.
export interface WorkerConfig {
  // `sqlite:/abs/path` or a postgres URL (the top-level `store:`).
  readonly store: string;
  // Absolute path of the handlers module.
  readonly handlers: string;
  // Priority order.
  readonly queues: readonly string[];
  // Jobs at once per process (with a per-queue mapping: the sum of its limits).
  readonly concurrency: number;
  readonly perQueue: Readonly<Record<string, number>> | null;
  readonly tries: number;
  readonly backoffSec: readonly number[];
  readonly timeoutMs: number;
  readonly timeoutGraceMs: number;
  readonly leaseMs: number;
  // Deaths of its worker a job survives without spending a try (see src/worker/stalls.ts).
  readonly maxStalls: number;
  readonly pollMs: number;
  // Jobs claimed ahead of free slots, held by the worker (0: none). Absent in versions recorded
  // before it existed.
  readonly prefetch?: number;
  // recycle.max_jobs.
  readonly maxJobs: number | null;
}

// Where a pool of external workers finds its queue's backlog (src/queue/watch).
export interface BacklogConfig {
  readonly kind: 'laravel-database' | 'laravel-redis';
  // A sqlite: path made absolute; other URLs as written.
  readonly url: string;
  readonly queues: readonly string[];
  readonly table: string;
  readonly failedTable: string;
  readonly retryAfterSec: number;
  readonly prefix: string;
}

// An autoscaled pool (`processes: 1..4`): the policy (src/scale) keeps its count within [min,
// max] on its backlog; `scale:` timings damp it (defaults in src/scale/spec.ts).
export interface AutoscaleConfig {
  readonly min: number;
  readonly max: number;
  readonly upCooldownMs: number;
  readonly downWindowMs: number;
  readonly downCooldownMs: number;
}

export interface PoolConfig {
  readonly name: string;
  // argv; with `shell: true` it is ['/bin/sh', '-c', <the command string>].
  readonly argv: readonly string[];
  readonly shell: boolean;
  readonly processes: number;
  // Template for process names: `{pool}`, `{num}`, `{num:02}` (zero-padded to 2).
  readonly processName: string;
  readonly env: Readonly<Record<string, string>>;
  // Absolute; defaults to the directory of the config file.
  readonly cwd: string;
  readonly autostart: boolean;
  readonly autorestart: AutoRestart;
  readonly exitcodes: readonly number[];
  readonly startsecsMs: number;
  readonly startretries: number;
  // First delay after a quick exit; it doubles per retry up to 60 s. Never below 100 ms.
  readonly backoffMs: number;
  readonly stopsignal: NodeJS.Signals;
  readonly stopTimeoutMs: number;
  readonly killTree: boolean;
  readonly priority: number;
  readonly critical: boolean;
  readonly group: string | null;
  readonly logs: LogTarget;
  readonly recycle: RecycleConfig;
  // Declared memory per process (PSS), used before there are measurements.
  readonly expectMemoryBytes: number | null;
  // Set for `processes: 1..4` or `{min, max}`; `processes` is then the starting count, min.
  readonly autoscale: AutoscaleConfig | null;
  // `target_wait`: the oldest ready job should wait no longer (default 10 s when autoscaled).
  readonly targetWaitMs: number | null;
  // Set for pools with `handlers:`.
  readonly worker: WorkerConfig | null;
  // Set for pools with `backlog:`.
  readonly backlog: BacklogConfig | null;
  // Set for pools with `fpm:` (PHP-FPM): absent in versions recorded before it existed.
  readonly fpm?: FpmLink | null;
}

// An `fpm:` pool's PHP-FPM, as read from FPM's own config when crew.yaml was (config/fpm-link.ts).
export interface FpmLink {
  // Absolute path of php-fpm.conf.
  readonly config: string;
  // php-fpm's --prefix; null: its build's (/usr).
  readonly prefix: string | null;
  // How often the status page is read; 0: never.
  readonly statusIntervalMs: number;
  // The FPM pools this master runs, in FPM's order.
  readonly pools: readonly FpmPoolView[];
  // Of every file FPM reads: a reload that changes it reloads FPM gracefully (USR2).
  readonly filesHash: string;
}

// One FPM pool's process manager and where its status page answers.
export interface FpmPoolView extends FpmPmSettings {
  readonly name: string;
  // pm.status_listen, else listen; null without pm.status_path.
  readonly statusListen: string | null;
  readonly statusPath: string | null;
  readonly pingPath: string | null;
  // Where pm.max_children is written (the pool's [name] line when it is not).
  readonly maxChildrenAt: { readonly file: string; readonly line: number };
}

export interface ControlConfig {
  // Absolute path of the Unix socket.
  readonly socket: string;
}

// Status JSON, /metrics, server-sent events and the dashboard (src/observe).
export interface HttpConfig {
  readonly host: string;
  // 0: any free port (the daemon logs the one it got).
  readonly port: number;
  // Required unless host is loopback; when set, every data request needs `Bearer <token>`, and
  // control actions over HTTP are allowed only with it.
  readonly token: string | null;
  // Open /events streams at most (`http.event_streams`, 1..1000). Absent when the file does not
  // set it (and in versions recorded before it existed): the server's default, 32.
  readonly eventStreams?: number;
}

// Hosts sharing a PostgreSQL store (src/cluster); ignored with a SQLite store.
export interface ClusterConfig {
  readonly heartbeatMs: number;
  // A host silent this long is gone: its workers' claims are put back by a surviving host.
  readonly timeoutMs: number;
  // Shown in `crew status --cluster`; null: the machine's hostname.
  readonly name: string | null;
}

export interface CrewConfig {
  // Absolute path of the file this was read from.
  readonly file: string;
  // Directory holding the socket, pid records and config history (default `.crew` beside the file).
  readonly runDir: string;
  readonly control: ControlConfig;
  // In file order.
  readonly pools: readonly PoolConfig[];
  readonly budget: BudgetSpec | null;
  // How often the memory sampler reads /proc and the cgroup (default 1 s).
  readonly sampleIntervalMs: number;
  // The job store: `sqlite:/abs/path` (default var/crew.db beside the file) or a postgres URL.
  readonly store: string;
  // null: `http: false`. Default: 127.0.0.1:9099 without a token.
  readonly http: HttpConfig | null;
  // null: `cluster: false`. Absent in versions recorded before it existed (the defaults).
  readonly cluster?: ClusterConfig | null;
  // crew's own log lines (`log_format`); absent in versions recorded before it existed: text.
  readonly logFormat?: 'text' | 'json';
}

export interface ConfigIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  // Key path such as `pools.payments.stop_timeout`.
  readonly path: string;
  readonly message: string;
}

export interface LoadResult {
  readonly config: CrewConfig | null;
  readonly errors: readonly ConfigIssue[];
  readonly warnings: readonly ConfigIssue[];
}
