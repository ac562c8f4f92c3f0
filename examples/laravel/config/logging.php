<?php

// Errors go to stderr, which crew (or supervisord) captures per process. The `app` channel is
// the application's own log, storage/logs/app.log, which the RotateLogs job rotates.

return [
    'default' => env('LOG_CHANNEL', 'stderr'),
    'channels' => [
        'stderr' => [
            'driver' => 'monolog',
            'handler' => Monolog\Handler\StreamHandler::class,
            'with' => ['stream' => 'php://stderr'],
            'level' => env('LOG_LEVEL', 'warning'),
        ],
        'app' => [
            'driver' => 'single',
            'path' => storage_path('logs/app.log'),
            'level' => 'info',
        ],
    ],
];
