// The [global] settings with php-fpm's defaults, and what php-fpm refuses in them once every
// file is read (fpm_conf_post_process): a negative process.max, a process.priority outside
// -19..20, a log_limit under 512, an event mechanism Linux does not have.
import { readDirective } from './directive-values.js';
import { globalDirectives } from './directives.js';
import { underPrefix } from './listen-address.js';
import type { FpmEntry, FpmGlobal, FpmIssue } from './types.js';

const LINUX_EVENTS = new Set(['epoll', 'poll', 'select']);

function typed<T>(entries: ReadonlyMap<string, FpmEntry>, key: string, fallback: T): T {
  const entry = entries.get(key);
  const kind = globalDirectives.get(key);
  const read = entry && kind ? readDirective(kind, entry.value) : null;
  return read?.ok ? (read.value as T) : fallback;
}

// The [global] section as php-fpm runs it; `prefix` resolves a relative error_log.
export function buildGlobal(entries: ReadonlyMap<string, FpmEntry>, prefix: string): FpmGlobal {
  const errorLog = entries.get('error_log')?.value || null;
  return {
    pid: entries.get('pid')?.value || null,
    errorLog: errorLog === null || errorLog === 'syslog' ? errorLog : underPrefix(errorLog, prefix),
    logLevel: typed(entries, 'log_level', 'notice'),
    daemonize: typed(entries, 'daemonize', true),
    processMax: typed(entries, 'process.max', 0),
    processControlTimeoutMs: typed(entries, 'process_control_timeout', 0) * 1000,
    emergencyRestartThreshold: typed(entries, 'emergency_restart_threshold', 0),
    emergencyRestartIntervalMs: typed(entries, 'emergency_restart_interval', 0) * 1000,
    eventsMechanism: entries.get('events.mechanism')?.value || null,
    entries,
  };
}

// The [global] settings php-fpm refuses to start with.
export function checkGlobal(global: FpmGlobal): FpmIssue[] {
  const errors: FpmIssue[] = [];
  const refuse = (key: string, message: string) => {
    const at = global.entries.get(key)?.position;
    if (at) errors.push({ file: at.file, line: at.line, column: at.column, message });
  };
  if (global.processMax < 0) refuse('process.max', 'process.max must be 0 (no limit) or more');
  const priority = typed(global.entries, 'process.priority', 0);
  if (priority < -19 || priority > 20) {
    refuse('process.priority', 'process.priority must be from -19 to 20');
  }
  if (typed(global.entries, 'log_limit', 1024) < 512) {
    refuse('log_limit', 'log_limit must be 512 or more');
  }
  const events = global.eventsMechanism;
  if (events !== null && !LINUX_EVENTS.has(events.toLowerCase())) {
    refuse(
      'events.mechanism',
      `events.mechanism = ${events} is not available on Linux; write epoll`,
    );
  }
  return errors;
}
