<?php

namespace App\Jobs;

use App\Jobs\Concerns\RecordsRun;
use App\Models\Router;
use App\Models\RouterSample;
use App\Support\Outside;
use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;
use Illuminate\Support\Collection;

// queue `router-data`: pulls a router's session table (a few thousand sessions), aggregates
// it per plan with collections and stores the figures beside the router's recent checks.
//
// The leak: with leakMb (or LEAK_MB_PER_JOB) above 0 each run keeps that many MiB in a static
// "cache" that nothing clears, the way a worker grows on a memoised client or a logger holding
// context: the process grows until queue:work's --memory or crew recycles it.
class RouterData implements ShouldQueue
{
    use Dispatchable, InteractsWithQueue, Queueable, RecordsRun;

    private static array $sessionCache = [];

    public function __construct(public int $routerId, public ?float $leakMb = null)
    {
        $this->onQueue('router-data');
        $this->stampDispatch();
    }

    public function handle()
    {
        $this->recordRun(function () {
            $router = Router::with(['checks' => fn ($q) => $q->where('checked_at', '>=', now()->subHour())])
                ->findOrFail($this->routerId);
            Outside::call('router-data');
            $sessions = $this->sessionTable($router->id);
            $now = now();
            $rows = $sessions->groupBy('plan')->map(fn (Collection $plan, string $name) => [
                'router_id' => $router->id,
                'plan' => $name,
                'sessions' => $plan->count(),
                'bytes_in' => $plan->sum('bytes_in'),
                'bytes_out' => $plan->sum('bytes_out'),
                'p95_session_s' => (int) $plan->pluck('seconds')->sort()->values()->get((int) floor($plan->count() * 0.95)),
                'sampled_at' => $now,
            ])->values();
            RouterSample::insert($rows->all());
            $router->update(['online' => $router->checks->isEmpty() || $router->checks->contains('ok', true)]);

            $leak = $this->leakMb ?? config('jobs.leak_mb_per_job');
            if ($leak > 0) {
                self::$sessionCache[] = str_repeat(chr(65 + count(self::$sessionCache) % 26), (int) ($leak * 1048576));
            }
        });
    }

    // What the router's API returns: one row per hotspot session.
    private function sessionTable(int $routerId): Collection
    {
        $plans = ['hourly', 'daily', 'weekly', 'monthly'];

        return Collection::times(mt_rand(2000, 4000), fn ($i) => [
            'id' => "$routerId-$i",
            'mac' => sprintf('02:%02x:%02x:%02x:%02x:%02x', mt_rand(0, 255), mt_rand(0, 255), mt_rand(0, 255), mt_rand(0, 255), mt_rand(0, 255)),
            'plan' => $plans[mt_rand(0, 3)],
            'bytes_in' => mt_rand(10_000, 500_000_000),
            'bytes_out' => mt_rand(10_000, 50_000_000),
            'seconds' => mt_rand(60, 86_400),
        ]);
    }
}
