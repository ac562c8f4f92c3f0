<?php

namespace App\Support;

// The outside world a job waits on: a TCP probe of a router, and the time a provider's or a
// router's API takes, drawn around config('jobs.ms') (log-normal, so most calls are near the
// median and a few are slow), scaled by JOB_TIME_SCALE.
class Outside
{
    // Waits as long as one call of this kind takes; returns the milliseconds waited.
    public static function call(string $kind): int
    {
        $median = config("jobs.ms.$kind", 0) * config('jobs.time_scale', 1);
        if ($median <= 0) {
            return 0;
        }
        $u1 = max(mt_rand() / mt_getrandmax(), 1e-9);
        $u2 = mt_rand() / mt_getrandmax();
        $z = sqrt(-2 * log($u1)) * cos(2 * M_PI * $u2);
        $ms = (int) round(min($median * 4, $median * exp(0.35 * $z)));
        usleep($ms * 1000);

        return $ms;
    }

    // Opens a TCP connection to the router's API port (or ROUTER_PROBE) and closes it;
    // returns [reachable, milliseconds]. A closed local port refuses at once, an unroutable
    // address waits the timeout.
    public static function probe(?string $target = null): array
    {
        $target = $target ?? config('jobs.probe');
        $started = microtime(true);
        $socket = @stream_socket_client("tcp://$target", $errno, $error, config('jobs.probe_timeout'));
        $ms = (int) round((microtime(true) - $started) * 1000);
        if ($socket === false) {
            return [false, $ms];
        }
        fclose($socket);

        return [true, $ms];
    }
}
