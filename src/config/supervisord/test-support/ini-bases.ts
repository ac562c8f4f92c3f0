// The supervisord setups `crew import` fuzzing starts from: a Laravel container's single file
// (queue workers with numprocs, a scheduler loop) and a setup split over [include]d files
// (php-fpm, a queue worker reading %(ENV_X)s, a group, cron).

export const MAIN_FILE = 'supervisord.conf';

const LARAVEL = `[supervisord]
nodaemon=true
user=root

[program:worker]
command=php /var/www/artisan queue:work --sleep=3 --tries=3 --max-time=3600
process_name=%(program_name)s_%(process_num)02d
numprocs=4
autostart=true
autorestart=true
stopasgroup=true
killasgroup=true
stopwaitsecs=3600
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
redirect_stderr=true

[program:scheduler]
command=/bin/sh -c "while true; do php /var/www/artisan schedule:run; sleep 60; done"
autorestart=true
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
redirect_stderr=true
`;

const WITH_INCLUDE = `[unix_http_server]
file=/var/run/supervisor.sock

[supervisord]
logfile=/var/log/supervisord.log
environment=APP_ENV="production",QUEUE="default"

[include]
files = conf.d/*.conf extra.ini
`;

const INCLUDED = {
  'conf.d/10-fpm.conf': `[program:php-fpm]
command=php-fpm -F
priority=5
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
stderr_logfile=/dev/stderr
stderr_logfile_maxbytes=0
`,
  'conf.d/20-queue.conf': `[program:queue]
command=php artisan queue:work --queue=%(ENV_QUEUE)s
process_name=%(program_name)s-%(process_num)d
numprocs=2
directory=/srv/app
stdout_logfile=/var/log/%(program_name)s-%(process_num)d.log
stdout_logfile_backups=5
redirect_stderr=true
`,
  'extra.ini': `[group:web]
programs=php-fpm

[program:cron]
command=cron -f
autorestart=unexpected
exitcodes=0,2
startsecs=5
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
redirect_stderr=true
`,
};

export interface Base {
  readonly name: string;
  readonly files: Record<string, string>;
}

export const BASES: readonly Base[] = [
  { name: 'laravel', files: { [MAIN_FILE]: LARAVEL } },
  { name: 'with includes', files: { [MAIN_FILE]: WITH_INCLUDE, ...INCLUDED } },
];
