<?php

namespace App\Jobs;

use App\Jobs\Concerns\RecordsRun;
use App\Models\Router;
use App\Models\RouterCheck as Check;
use App\Support\Outside;
use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;

// queue `router-checks`: a router's periodic health check (TCP probe, then its health page).
class RouterCheck implements ShouldQueue
{
    use Dispatchable, InteractsWithQueue, Queueable, RecordsRun;

    public function __construct(public int $routerId)
    {
        $this->onQueue('router-checks');
        $this->stampDispatch();
    }

    public function handle()
    {
        $this->recordRun(function () {
            $router = Router::findOrFail($this->routerId);
            [$reachable, $probeMs] = Outside::probe();
            $pageMs = Outside::call('router-checks');
            Check::create([
                'router_id' => $router->id,
                'ok' => $reachable,
                'latency_ms' => $probeMs + $pageMs,
                'checked_at' => now(),
            ]);
            $router->update(['online' => $reachable] + ($reachable ? ['last_seen_at' => now()] : []));
        });
    }
}
