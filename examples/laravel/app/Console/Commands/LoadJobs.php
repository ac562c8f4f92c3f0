<?php

namespace App\Console\Commands;

use App\Support\Traffic;
use Illuminate\Console\Command;
use Throwable;

// One long-lived dispatcher for a load driver (examples/laravel/load.js), so a burst of
// callbacks costs a line each rather than a PHP start-up each. Reads lines from stdin:
//
//   QUEUE COUNT [JSON options]      e.g.  payments 3   or   router-data 20 {"leakMb":5}
//
// and answers each with `ok QUEUE COUNT` (or `error ...`) on stdout, then exits at EOF.
class LoadJobs extends Command
{
    protected $signature = 'crew:load';

    protected $description = 'Dispatch jobs read from stdin, one line per batch';

    public function handle(Traffic $traffic)
    {
        $in = fopen('php://stdin', 'r');
        while (($line = fgets($in)) !== false) {
            $line = trim($line);
            if ($line === '' || $line[0] === '#') {
                continue;
            }
            $parts = explode(' ', $line, 3);
            try {
                $options = isset($parts[2]) ? json_decode($parts[2], true, 8, JSON_THROW_ON_ERROR) : [];
                $n = $traffic->dispatch($parts[0], (int) ($parts[1] ?? 1), $options);
                fwrite(STDOUT, "ok {$parts[0]} $n\n");
            } catch (Throwable $e) {
                fwrite(STDOUT, 'error '.str_replace("\n", ' ', $e->getMessage())."\n");
            }
        }

        return 0;
    }
}
