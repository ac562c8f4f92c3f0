<?php

namespace App\Jobs;

use App\Jobs\Concerns\RecordsRun;
use App\Models\Payment;
use App\Models\Provisioning;
use App\Support\Outside;
use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;
use Illuminate\Support\Facades\Log;
use Illuminate\Support\Str;

// queue `provisioning`: creates the paying user on the router. Probes the router's API port
// (TCP, with a timeout), then waits on the router's API, and records the result.
class Provision implements ShouldQueue
{
    use Dispatchable, InteractsWithQueue, Queueable, RecordsRun;

    public function __construct(public int $paymentId)
    {
        $this->onQueue('provisioning');
        $this->stampDispatch();
    }

    public function handle()
    {
        $this->recordRun(function () {
            $payment = Payment::with('router')->findOrFail($this->paymentId);
            [$reachable, $probeMs] = Outside::probe();
            Outside::call('provisioning');
            $hours = ['daily' => 24, 'weekly' => 168, 'monthly' => 720][$payment->plan] ?? 1;
            Provisioning::updateOrCreate(['payment_id' => $payment->id], [
                'router_id' => $payment->router_id,
                'username' => 'u'.substr($payment->msisdn, -6).'-'.Str::lower(Str::random(4)),
                'status' => $reachable ? 'active' : 'queued-on-router',
                'probe_ok' => $reachable,
                'probe_ms' => $probeMs,
                'expires_at' => now()->addHours($hours),
            ]);
            $payment->update(['status' => 'provisioned']);
            Log::channel('app')->info('user provisioned', ['payment' => $payment->reference, 'router' => $payment->router->name]);
        });
    }
}
