<?php

namespace App\Jobs;

use App\Jobs\Concerns\RecordsRun;
use App\Models\Payment;
use App\Models\Router;
use App\Support\Outside;
use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;
use Illuminate\Support\Facades\Log;
use InvalidArgumentException;

// queue `payments`: a mobile-money provider's callback. Verifies it with the provider, records
// the payment (once: providers deliver callbacks more than once), then queues the user's
// provisioning on the router 2 s later, once this transaction is surely visible, and the
// customer's SMS.
class PaymentCallback implements ShouldQueue
{
    use Dispatchable, InteractsWithQueue, Queueable, RecordsRun;

    public function __construct(public array $callback)
    {
        $this->onQueue('payments');
        $this->stampDispatch();
    }

    public function handle()
    {
        $this->recordRun(function () {
            $amount = $this->callback['amount'] ?? 0;
            if (! is_int($amount) || $amount <= 0) {
                throw new InvalidArgumentException("callback {$this->callback['reference']}: amount must be a positive whole number, got ".json_encode($amount));
            }
            $router = Router::findOrFail($this->callback['router_id']);
            Outside::call('payments');
            $payment = Payment::firstOrCreate(
                ['reference' => $this->callback['reference']],
                [
                    'msisdn' => $this->callback['msisdn'],
                    'amount' => $amount,
                    'plan' => $this->callback['plan'],
                    'router_id' => $router->id,
                    'status' => 'confirmed',
                ]
            );
            if (! $payment->wasRecentlyCreated) {
                return;
            }
            Provision::dispatch($payment->id)->delay(2);
            Notify::dispatch($payment->msisdn, "Payment {$payment->reference} received: {$payment->plan} at {$router->site}");
            Log::channel('app')->info('payment confirmed', $payment->only(['reference', 'amount', 'plan']));
        });
    }
}
