<?php

namespace App\Jobs;

use App\Jobs\Concerns\RecordsRun;
use App\Support\Outside;
use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;

// queue `log-rotation`: rotates storage/logs/app.log once it passes maxBytes, keeping `keep`
// old files (app.log.1 is the newest).
class RotateLogs implements ShouldQueue
{
    use Dispatchable, InteractsWithQueue, Queueable, RecordsRun;

    public function __construct(public int $maxBytes = 1048576, public int $keep = 5)
    {
        $this->onQueue('log-rotation');
        $this->stampDispatch();
    }

    public function handle()
    {
        $this->recordRun(function () {
            Outside::call('log-rotation');
            $file = storage_path('logs/app.log');
            clearstatcache();
            if (! is_file($file) || filesize($file) < $this->maxBytes) {
                return;
            }
            @unlink("$file.{$this->keep}");
            for ($n = $this->keep - 1; $n >= 1; $n--) {
                if (is_file("$file.$n")) {
                    rename("$file.$n", "$file.".($n + 1));
                }
            }
            rename($file, "$file.1");
        });
    }
}
