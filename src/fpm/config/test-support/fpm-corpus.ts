// What the php-fpm corpus files need from the machine they are read on, and what crew must
// read in each: a pool as `[name] pm max_children/start/min_spare/max_spare requests=N idle=Ns
// status=PATH ping=PATH listen=ADDRESS`, or the lines of php-fpm's refusal.

// The environment serversideup's image sets for its ${...} values.
export const serversideupEnv: Record<string, string> = {
  PHP_FPM_POOL_NAME: 'www',
  PHP_FPM_PROCESS_CONTROL_TIMEOUT: '10s',
  PHP_FPM_PM_CONTROL: 'dynamic',
  PHP_FPM_PM_MAX_CHILDREN: '20',
  PHP_FPM_PM_START_SERVERS: '2',
  PHP_FPM_PM_MIN_SPARE_SERVERS: '1',
  PHP_FPM_PM_MAX_SPARE_SERVERS: '3',
  PHP_FPM_PM_MAX_REQUESTS: '500',
  PHP_FPM_PM_STATUS_PATH: '/healthcheck-status',
};

// What each file must read as: its pools, or the line php-fpm refuses.
export const expectedCorpus: Record<
  string,
  { pools?: string[]; refusedAt?: number[]; env?: Record<string, string> }
> = {
  'DataDog__dd-trace-php__appsec_tests_integration_src_docker_fpm-common_www.conf': {
    pools: [
      '[www] static 5/0/0/0 requests=50 idle=10s status=/status ping=/ping listen=127.0.0.1:9000',
    ],
  },
  'DataDog__dd-trace-php__dockerfiles_testing-environment_Laravel57_docker-scripts_php-fpm.conf': {
    pools: ['[www] static 1/0/0/0 requests=0 idle=10s status=null ping=null listen=127.0.0.1:9000'],
  },
  'Pixilib__GaelO__php-fpm.conf': {
    pools: [
      '[www] dynamic 50/2/1/3 requests=5000 idle=10s status=/phpstatus ping=/phpping listen=127.0.0.1:9000',
    ],
  },
  'TrafeX__docker-php-nginx__config_fpm-pool.conf': {
    pools: [
      '[www] ondemand 100/0/0/0 requests=1000 idle=10s status=/fpm-status ping=/fpm-ping listen=/run/php-fpm.sock',
    ],
  },
  'allysonsilva__laravel-docker__php_configs_fpm_global.conf': { refusedAt: [138, 1] },
  'allysonsilva__laravel-docker__php_configs_fpm_pools_www.conf': {
    pools: [
      '[www] dynamic 30/15/10/20 requests=1024 idle=10s status=/fpm-status ping=/fpm-ping listen=127.0.0.1:9000',
    ],
  },
  'joglomedia__LEMPer__etc_php_8.3_fpm_pool.d_lemper.conf': {
    pools: [
      '[lemper] dynamic 30/5/5/20 requests=500 idle=30s status=/php-fpm_status ping=/php-fpm_ping listen=/run/php/php8.3-fpm.lemper.sock',
    ],
  },
  'joshland__Observium-salt__observium_files_www.obs.php.conf': {
    pools: [
      '[www] dynamic 50/2/2/5 requests=0 idle=10s status=null ping=null listen=/run/php-fpm/www.sock',
    ],
  },
  'laradock__laradock__php-fpm_xlaravel.pool.conf': { refusedAt: [4, 1] },
  'mailcow__mailcow-dockerized__data_conf_phpfpm_php-fpm.d_pools.conf': {
    pools: [
      '[system-worker] dynamic 15/2/2/4 requests=0 idle=10s status=null ping=null listen=[::]:9001',
      '[web-worker] dynamic 50/10/10/15 requests=0 idle=10s status=null ping=null listen=[::]:9002',
    ],
  },
  'pterodactyl__panel__.github_docker_www.conf': {
    pools: [
      '[www] ondemand 9/0/0/0 requests=200 idle=10s status=null ping=null listen=127.0.0.1:9000',
    ],
  },
  'serversideup__docker-php__src_php-fpm.d_usr_local_etc_php-fpm.d_docker-php-serversideup-pool.conf':
    {
      env: serversideupEnv,
      pools: [
        '[www] dynamic 20/2/1/3 requests=500 idle=10s status=/healthcheck-status ping=/healthcheck listen=9000',
      ],
    },
};
