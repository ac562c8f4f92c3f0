<?php

// Laravel's database queue: the `jobs` table of the app's own database, failures in
// `failed_jobs` (as `queue:table` and `queue:failed-table` create them). crew.yaml's backlog:
// watches the same two tables.

return [
    'default' => env('QUEUE_CONNECTION', 'database'),

    'connections' => [
        'database' => [
            'driver' => 'database',
            'connection' => 'app',
            'table' => 'jobs',
            'queue' => 'default',
            'retry_after' => 90,
            'after_commit' => false,
        ],
        'sync' => ['driver' => 'sync'],
    ],

    'failed' => [
        'driver' => 'database-uuids',
        'database' => 'app',
        'table' => 'failed_jobs',
    ],
];
