<?php

// What the jobs do beyond their real database work: the time the outside world takes (the
// mobile-money provider, the router's API), in milliseconds at JOB_TIME_SCALE=1, and the leak.
// Each run draws its time around the median (log-normal, sigma 0.35), as network calls vary.

return [
    'time_scale' => (float) env('JOB_TIME_SCALE', 1),
    'ms' => [
        'payments' => 250,      // verify the callback with the provider
        'provisioning' => 800,  // create the user on the router (after the TCP probe)
        'router-checks' => 40,  // read the router's health page (after the TCP probe)
        'router-data' => 400,   // download the router's session data
        'dashboard' => 600,     // heavy aggregation queries
        'default' => 80,        // hand the SMS to the gateway
        'log-rotation' => 20,
    ],
    // Where provisioning and router checks probe: a local port that nothing listens on refuses
    // at once; ROUTER_PROBE=10.255.255.1:8728 (unroutable) makes every probe wait the timeout.
    'probe' => env('ROUTER_PROBE', '127.0.0.1:9'),
    'probe_timeout' => (float) env('ROUTER_PROBE_TIMEOUT', 0.3),
    // MiB every RouterData job leaves behind in its worker (0: none); a job's own leakMb wins.
    'leak_mb_per_job' => (float) env('LEAK_MB_PER_JOB', 0),
];
