<?php

namespace App\Jobs;

use App\Jobs\Concerns\RecordsRun;
use App\Models\DashboardStat;
use App\Models\Payment;
use App\Models\Provisioning;
use App\Models\RouterCheck;
use App\Support\Outside;
use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;

// queue `dashboard`: recomputes the operators' dashboard from the day's payments (loaded as
// models, as the seed's code did), provisionings and router checks.
class DashboardRefresh implements ShouldQueue
{
    use Dispatchable, InteractsWithQueue, Queueable, RecordsRun;

    public function __construct()
    {
        $this->onQueue('dashboard');
        $this->stampDispatch();
    }

    public function handle()
    {
        $this->recordRun(function () {
            $payments = Payment::with('router')->where('created_at', '>=', now()->subDay())->latest()->limit(5000)->get();
            $bySite = $payments->groupBy(fn ($p) => $p->router->site)->map->sum('amount');
            $byPlan = $payments->countBy('plan');
            $checks = RouterCheck::where('checked_at', '>=', now()->subHour())->get(['router_id', 'ok', 'latency_ms']);
            Outside::call('dashboard');
            $stats = [
                'payments_today' => $payments->count(),
                'revenue_today' => $payments->sum('amount'),
                'active_users' => Provisioning::where('status', 'active')->where('expires_at', '>', now())->count(),
                'routers_up' => $checks->groupBy('router_id')->filter(fn ($c) => $c->last()->ok)->count(),
                'check_latency_ms' => (float) $checks->avg('latency_ms'),
            ] + $bySite->mapWithKeys(fn ($sum, $site) => ["revenue_site_$site" => $sum])->all()
              + $byPlan->mapWithKeys(fn ($n, $plan) => ["payments_plan_$plan" => $n])->all();
            foreach ($stats as $key => $value) {
                DashboardStat::updateOrCreate(['key' => $key], ['value' => $value, 'updated_at' => now()]);
            }
        });
    }
}
