// The settings php-fpm 8.2 knows, by section, and how it reads each value (its
// ini_fpm_global_options and ini_fpm_pool_options tables as Debian builds it: with syslog,
// systemd, ACLs and AppArmor). Names match without regard to case; `include` is handled apart.
// https://github.com/php/php-src/blob/PHP-8.2/sapi/fpm/fpm/fpm_conf.c

export type DirectiveKind =
  | 'string'
  | 'integer'
  | 'time'
  | 'boolean'
  | 'pm'
  | 'rlimit'
  | 'log-level'
  | 'syslog-facility';

export const globalDirectives: ReadonlyMap<string, DirectiveKind> = new Map([
  ['pid', 'string'],
  ['error_log', 'string'],
  ['syslog.ident', 'string'],
  ['syslog.facility', 'syslog-facility'],
  ['log_buffering', 'boolean'],
  ['log_level', 'log-level'],
  ['log_limit', 'integer'],
  ['emergency_restart_threshold', 'integer'],
  ['emergency_restart_interval', 'time'],
  ['process_control_timeout', 'time'],
  ['process.max', 'integer'],
  ['process.priority', 'integer'],
  ['daemonize', 'boolean'],
  ['rlimit_files', 'integer'],
  ['rlimit_core', 'rlimit'],
  ['events.mechanism', 'string'],
  ['systemd_interval', 'time'],
]);

export const poolDirectives: ReadonlyMap<string, DirectiveKind> = new Map([
  ['prefix', 'string'],
  ['user', 'string'],
  ['group', 'string'],
  ['listen', 'string'],
  ['listen.backlog', 'integer'],
  ['listen.acl_users', 'string'],
  ['listen.acl_groups', 'string'],
  ['listen.owner', 'string'],
  ['listen.group', 'string'],
  ['listen.mode', 'string'],
  ['listen.allowed_clients', 'string'],
  ['process.priority', 'integer'],
  ['process.dumpable', 'boolean'],
  ['pm', 'pm'],
  ['pm.max_children', 'integer'],
  ['pm.start_servers', 'integer'],
  ['pm.min_spare_servers', 'integer'],
  ['pm.max_spare_servers', 'integer'],
  ['pm.max_spawn_rate', 'integer'],
  ['pm.process_idle_timeout', 'time'],
  ['pm.max_requests', 'integer'],
  ['pm.status_path', 'string'],
  ['pm.status_listen', 'string'],
  ['ping.path', 'string'],
  ['ping.response', 'string'],
  ['access.log', 'string'],
  ['access.format', 'string'],
  ['slowlog', 'string'],
  ['request_slowlog_timeout', 'time'],
  ['request_slowlog_trace_depth', 'integer'],
  ['request_terminate_timeout', 'time'],
  ['request_terminate_timeout_track_finished', 'boolean'],
  ['rlimit_files', 'integer'],
  ['rlimit_core', 'rlimit'],
  ['chroot', 'string'],
  ['chdir', 'string'],
  ['catch_workers_output', 'boolean'],
  ['decorate_workers_output', 'boolean'],
  ['clear_env', 'boolean'],
  ['security.limit_extensions', 'string'],
  ['apparmor_hat', 'string'],
]);

// key[offset] = value settings; their names match case-sensitively.
export const arrayDirectives: ReadonlySet<string> = new Set([
  'env',
  'php_value',
  'php_admin_value',
  'php_flag',
  'php_admin_flag',
  'access.suppress_path',
]);
