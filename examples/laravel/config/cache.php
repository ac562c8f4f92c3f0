<?php

// queue:work reads `illuminate:queue:restart` from the cache on every loop (queue:restart);
// a file store under storage/ needs nothing else running.

return [
    'default' => env('CACHE_DRIVER', 'file'),
    'stores' => [
        'file' => ['driver' => 'file', 'path' => storage_path('framework/cache/data')],
        'array' => ['driver' => 'array', 'serialize' => false],
    ],
    'prefix' => 'hotspot_cache',
];
