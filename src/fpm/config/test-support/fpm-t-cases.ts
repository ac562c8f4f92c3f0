// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in INI text is what these cases test
// Crafted php-fpm configs, good and bad, whose verdict crew's reader and `php-fpm -t` must
// share. Each is a whole file; `{pool}` stands for a pool that php-fpm accepts (its user line
// only when the tests run as root, where php-fpm needs one).

export interface FpmCase {
  readonly name: string;
  readonly text: string;
  readonly env?: Record<string, string>;
}

const P = '[www]\n{user}listen = 9000\npm = static\npm.max_children = 3\n';
const D = '[www]\n{user}listen = 9000\npm = dynamic\npm.max_children = 10\n';

export const fpmCases: readonly FpmCase[] = [
  // The dialect.
  { name: 'inline ; comment after a value', text: `${P}ping.path = /ping ; comment\n` },
  {
    name: 'trailing ; after a time',
    text: `${P.replace('static', 'ondemand')}pm.process_idle_timeout = 10s;\n`,
  },
  { name: '; inside single quotes', text: `${P}ping.path = /p\nping.response = 'po;ng'\n` },
  { name: '; inside double quotes in a ping path', text: `${P}ping.path = "/pi;ng"\n` },
  { name: 'a # comment line', text: `${P}# a comment\n` },
  { name: 'a # commented setting', text: `${P}# pm = dynamic\n` },
  { name: 'a bare word', text: `${P}node\n` },
  { name: 'an = in a value', text: `${P}ping.path = /p\nping.response = a=b\n` },
  { name: 'a ! in a value', text: `${P}ping.path = /p\nping.response = pong!\n` },
  { name: 'an unclosed double quote', text: `${P}ping.path = /p\nping.response = "pong\n` },
  { name: "an empty '' value", text: `${P}ping.path = /p\nping.response = ''\n` },
  { name: 'a stray quote cuts the line', text: `${P}ping.path = /p\nping.response = abc'def\n` },
  {
    name: 'joined pieces and escapes',
    text: `${P}ping.path = /p\nping.response = a "b \\"c\\"" 'd e' f\n`,
  },
  { name: 'yes inside a longer value', text: `${P}ping.path = /p\nping.response = turn on now\n` },
  {
    name: 'E_ALL expression in php_value',
    text: `${P}php_value[error_reporting] = E_ALL & ~E_DEPRECATED & ~E_STRICT\nenv[E_ALL] = x\n`,
  },
  {
    name: '${VAR} in values and a section name',
    text: '[${CREW_POOL}]\n{user}listen = ${CREW_PORT}\npm = ${CREW_PM}\npm.max_children = "${CREW_MAX}"\nping.path = /${CREW_POOL}\n',
    env: { CREW_POOL: 'app', CREW_PORT: '9100', CREW_PM: 'static', CREW_MAX: '7' },
  },
  { name: 'an unset ${VAR} as a time', text: `process_control_timeout = \${CREW_UNSET}\n${P}` },
  {
    name: '$pool in a socket path and env',
    text: '[lemper]\n{user}listen = run/$pool.sock\npm = static\npm.max_children = 2\nenv[POOL] = $pool\n',
  },
  { name: '$pool in [global]', text: `pid = /run/$pool.pid\n${P}` },
  {
    name: 'keys in any case',
    text: '[www]\n{user}Listen = 9000\nPM = Static\nPM.MAX_children = 3\n',
  },
  { name: 'Include in capitals', text: `${P}Include = /nonexistent.conf\n` },
  {
    name: '[www] twice and [Global]',
    text: `[WWW]\n{user}[Global]\nlog_level = debug\n[www]\nlisten = 9000\npm = static\npm.max_children = 2\n`,
  },
  {
    name: '[ www ] keeps its blanks',
    text: '[ www ]\n{user}listen = 9000\npm = static\npm.max_children = 1\n',
  },
  {
    name: 'a section and a setting on one line',
    text: '[www] pm = static\n{user}listen = 9000\npm.max_children = 1\n',
  },
  { name: 'an unclosed section', text: `[www\n${P}` },
  { name: 'CRLF line endings', text: `${P}ping.path = /p\n`.replaceAll('\n', '\r\n') },
  { name: 'single-quoted user and mode', text: `${P}listen.mode = '0660'\n` },
  // Values php-fpm reads.
  { name: 'pm = auto', text: P.replace('static', 'auto') },
  { name: 'max_children = ten', text: P.replace('= 3', '= ten') },
  { name: 'max_children quoted', text: P.replace('= 3', '= "7"') },
  { name: 'max_children that wraps', text: P.replace('= 3', '= 99999999999') },
  {
    name: 'a time in minutes',
    text: `${P.replace('static', 'ondemand')}pm.process_idle_timeout = 2m\n`,
  },
  { name: 'a time with S', text: `${P}request_terminate_timeout = 10S\n` },
  { name: 'a quoted "yes"', text: `${P}catch_workers_output = "yes"\n` },
  { name: 'a quoted "Yes"', text: `${P}catch_workers_output = "Yes"\n` },
  {
    name: 'php_flag quoted on',
    text: `${P}php_flag[display_errors] = "on"\nphp_admin_flag[log_errors] = Off\n`,
  },
  { name: 'env written twice', text: `${P}env[X] = 1\nenv[X] = 2\n` },
  { name: 'an empty env', text: `${P}env[X] =\n` },
  { name: 'env[] without a key', text: `${P}env[] = x\n` },
  { name: 'Env in capitals', text: `${P}Env[X] = x\n` },
  { name: 'an array in [global]', text: `env[X] = x\n${P}` },
  { name: 'a pool key in [global]', text: `user = nobody\n${P}` },
  { name: 'a global key in a pool', text: `${P}pid = /run/x.pid\n` },
  { name: 'access.suppress_path', text: `${P}access.suppress_path[] = /ping\n` },
  { name: 'rlimit_core unlimited', text: `${P}rlimit_core = Unlimited\n` },
  { name: 'log_level Debug', text: `log_level = Debug\n${P}` },
  // The checks after reading.
  { name: 'no pm', text: '[www]\n{user}listen = 9000\npm.max_children = 3\n' },
  { name: 'no max_children', text: '[www]\n{user}listen = 9000\npm = static\n' },
  { name: 'dynamic without spares', text: D },
  {
    name: 'dynamic start_servers computed',
    text: `${D}pm.min_spare_servers = 2\npm.max_spare_servers = 7\n`,
  },
  {
    name: 'dynamic start_servers outside',
    text: `${D}pm.min_spare_servers = 2\npm.max_spare_servers = 7\npm.start_servers = 8\n`,
  },
  {
    name: 'dynamic spares above max_children',
    text: `${D}pm.min_spare_servers = 2\npm.max_spare_servers = 11\n`,
  },
  {
    name: 'dynamic max spare below min',
    text: `${D}pm.min_spare_servers = 4\npm.max_spare_servers = 3\n`,
  },
  {
    name: 'ondemand idle 0',
    text: `${P.replace('static', 'ondemand')}pm.process_idle_timeout = 0\n`,
  },
  { name: 'status path without /', text: `${P}pm.status_path = status\n` },
  { name: 'status_listen alone', text: `${P}pm.status_listen = 127.0.0.1:9001\n` },
  { name: 'ping path /', text: `${P}ping.path = /\n` },
  { name: 'slowlog timeout without slowlog', text: `${P}request_slowlog_timeout = 5s\n` },
  { name: 'two pools on one port', text: `${P}${P.replace('[www]', '[b]')}` },
  { name: 'no listen', text: '[www]\n{user}pm = static\npm.max_children = 1\n' },
  { name: 'no pool', text: '[global]\nlog_level = notice\n' },
  { name: 'log_limit 511', text: `log_limit = 511\n${P}` },
  { name: 'process.priority 30', text: `${P}process.priority = 30\n` },
  { name: 'events.mechanism kqueue', text: `events.mechanism = kqueue\n${P}` },
  { name: 'a port -t does not check', text: P.replace('9000', '99999') },
  // Includes (relative patterns are under the prefix, the scratch directory).
  { name: 'include matching nothing', text: `${P}include = log/*.conf\n` },
  {
    name: 'include over a missing directory',
    text: `${P}include = /nonexistent-crew/php-fpm.d/*.conf\n`,
  },
];
