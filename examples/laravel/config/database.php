<?php

// One URL says where the app's data (and its queue) lives, as crew.yaml's backlog source says it:
//
//   DB_URL=sqlite:database/database.sqlite      the default; relative to the app's directory
//   DB_URL=sqlite:/tmp/copy.sqlite              an absolute path
//   DB_URL=mysql://root@127.0.0.1:3306/test     MariaDB or MySQL (mariadb:// also works)
//   DB_URL=postgres://postgres@127.0.0.1/test   PostgreSQL (postgresql:// also works)
//
// The form is crew's, so the same string can go to both (an anchor in crew.yaml).

$url = env('DB_URL', 'sqlite:database/database.sqlite');
$scheme = strtolower((string) strstr($url, ':', true));

if ($scheme === 'sqlite') {
    $path = preg_replace('#^sqlite:(//)?#', '', $url);
    $connection = [
        'driver' => 'sqlite',
        'database' => str_starts_with($path, '/') ? $path : base_path($path),
        'prefix' => '',
        'foreign_key_constraints' => true,
    ];
} else {
    // Laravel 8 reads a URL's user, password, host, port and database itself; it knows
    // postgres:// and postgresql:// but not mariadb://.
    $driver = ['mysql' => 'mysql', 'mariadb' => 'mysql', 'postgres' => 'pgsql', 'postgresql' => 'pgsql'][$scheme] ?? $scheme;
    $connection = [
        'driver' => $driver,
        'url' => preg_replace('#^mariadb:#', 'mysql:', $url),
        'charset' => $driver === 'mysql' ? 'utf8mb4' : 'utf8',
        'collation' => $driver === 'mysql' ? 'utf8mb4_unicode_ci' : null,
        'prefix' => '',
        'strict' => true,
        'schema' => 'public',
        'sslmode' => 'prefer',
    ];
}

return [
    'default' => 'app',
    'connections' => ['app' => $connection],
    'migrations' => 'migrations',
];
