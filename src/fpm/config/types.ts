// A php-fpm configuration as crew reads it: the [global] settings and the pools, each setting
// typed with php-fpm's defaults and located at file:line, so a check can cite the line and
// `crew plan --apply` can rewrite the value in place.
import type { FpmPm } from './directive-values.js';
import type { FpmListenAddress } from './listen-address.js';

export type { FpmPm };

export interface FpmPosition {
  readonly file: string;
  // 1-based.
  readonly line: number;
  readonly column: number;
  // The whole line as written, without its line ending.
  readonly raw: string;
}

export interface FpmIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface FpmEntry {
  // As php-fpm names it: a setting in lower case (`pm.max_children`), an array entry with its
  // offset (`env[PATH]`, `php_admin_value[memory_limit]`, `access.suppress_path[]`).
  readonly key: string;
  // The key as written in the file.
  readonly written: string;
  // As php-fpm reads it: quotes, ${VAR}, constants, yes/no words and $pool resolved.
  readonly value: string;
  readonly position: FpmPosition;
}

export interface FpmGlobal {
  readonly pid: string | null;
  // null: php-fpm's default log file (log/php-fpm.log under its prefix).
  readonly errorLog: string | null;
  readonly logLevel: string;
  readonly daemonize: boolean;
  readonly processMax: number;
  readonly processControlTimeoutMs: number;
  readonly emergencyRestartThreshold: number;
  readonly emergencyRestartIntervalMs: number;
  readonly eventsMechanism: string | null;
  // Every [global] setting that was written, by key.
  readonly entries: ReadonlyMap<string, FpmEntry>;
}

export interface FpmPool {
  readonly name: string;
  // The first [name] header; later ones (the same name in any case) reopen the pool.
  readonly header: FpmPosition;
  // null only when the config has an error saying pm is missing.
  readonly pm: FpmPm | null;
  readonly maxChildren: number;
  // For dynamic, as php-fpm sets it when absent: min + (max - min) / 2; 0 otherwise.
  readonly startServers: number;
  readonly minSpareServers: number;
  readonly maxSpareServers: number;
  readonly maxSpawnRate: number;
  // 0: never recycled.
  readonly maxRequests: number;
  readonly processIdleTimeoutMs: number;
  // null when unset; '/' when only pm.status_listen is set, as php-fpm does.
  readonly statusPath: string | null;
  readonly statusListen: string | null;
  readonly pingPath: string | null;
  // 'pong' when ping.path is set without it; null without ping.path.
  readonly pingResponse: string | null;
  // As php-fpm uses it: $pool replaced, a relative socket path prefixed.
  readonly listen: string | null;
  readonly listenAddress: FpmListenAddress | null;
  readonly listenOwner: string | null;
  readonly listenGroup: string | null;
  readonly listenMode: string | null;
  readonly user: string | null;
  readonly group: string | null;
  // 0: no limit.
  readonly requestTerminateTimeoutMs: number;
  readonly requestSlowlogTimeoutMs: number;
  readonly slowlog: string | null;
  readonly catchWorkersOutput: boolean;
  readonly decorateWorkersOutput: boolean;
  readonly clearEnv: boolean;
  // env[NAME]; a value `$NAME` is read by php-fpm from its own environment when a child starts.
  readonly env: ReadonlyMap<string, string>;
  // php_value[] with php_flag[] ("1"/"0"), and php_admin_value[] with php_admin_flag[].
  readonly phpValues: ReadonlyMap<string, string>;
  readonly phpAdminValues: ReadonlyMap<string, string>;
  // access.suppress_path[] entries, in the order written.
  readonly accessSuppressPaths: readonly FpmEntry[];
  // Every setting of the pool that was written, by key (for an array entry set twice, the one
  // php-fpm applies: the first).
  readonly entries: ReadonlyMap<string, FpmEntry>;
}

export interface FpmConfig {
  // The main file, then each included file in the order it was read.
  readonly files: readonly string[];
  // A hash of those files' paths and texts as read: a reload compares it to know whether FPM's
  // config changed.
  readonly digest: string;
  readonly global: FpmGlobal;
  readonly pools: readonly FpmPool[];
  readonly warnings: readonly FpmIssue[];
  // What php-fpm would refuse to start with; empty when it would start.
  readonly errors: readonly FpmIssue[];
}
