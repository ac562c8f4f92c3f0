<?php

namespace App\Support;

use App\Jobs\DashboardRefresh;
use App\Jobs\Notify;
use App\Jobs\PaymentCallback;
use App\Jobs\Provision;
use App\Jobs\RotateLogs;
use App\Jobs\RouterCheck;
use App\Jobs\RouterData;
use App\Models\Payment;
use App\Models\Router;
use Illuminate\Support\Str;
use InvalidArgumentException;

// What arrives on each queue, made and dispatched the way the app does it (the provider's
// callback endpoint, the scheduler, the dashboard's refresh button). Options:
//   delay     seconds before the jobs are available (Laravel's ->delay())
//   leakMb    router-data: MiB each job leaves behind in its worker
//   failOnce  default: the notification fails once, then succeeds when retried
//   amount    payments: the callback's amount (0 or less makes a callback the job refuses)
class Traffic
{
    public const QUEUES = ['payments', 'provisioning', 'router-checks', 'router-data', 'dashboard', 'default', 'log-rotation'];

    private ?array $routerIds = null;

    // Dispatches $count jobs onto $queue; returns how many.
    public function dispatch(string $queue, int $count, array $options = []): int
    {
        if (! in_array($queue, self::QUEUES, true)) {
            throw new InvalidArgumentException("no such queue \"$queue\"; the app's queues: ".implode(', ', self::QUEUES));
        }
        for ($i = 0; $i < $count; $i++) {
            $pending = $this->make($queue, $i, $options);
            if (($options['delay'] ?? 0) > 0) {
                $pending->delay((int) $options['delay']);
            }
            unset($pending); // a PendingDispatch dispatches when it is destroyed
        }

        return $count;
    }

    private function make(string $queue, int $i, array $options)
    {
        $routers = $this->routerIds ??= Router::orderBy('id')->pluck('id')->all();
        switch ($queue) {
            case 'payments':
                return PaymentCallback::dispatch([
                    'reference' => 'MP'.strtoupper(Str::random(10)),
                    'msisdn' => '2547'.mt_rand(10_000_000, 99_999_999),
                    'amount' => isset($options['amount']) ? (int) $options['amount'] : [20, 50, 250, 1000][mt_rand(0, 3)],
                    'plan' => ['hourly', 'daily', 'weekly', 'monthly'][mt_rand(0, 3)],
                    'router_id' => $routers[mt_rand(0, count($routers) - 1)],
                ]);
            case 'provisioning':
                // As the payments queue would: for a payment that is not provisioned yet.
                $payment = Payment::doesntHave('provisioning')->inRandomOrder()->first()
                    ?? Payment::create([
                        'reference' => 'MP'.strtoupper(Str::random(10)),
                        'msisdn' => '2547'.mt_rand(10_000_000, 99_999_999),
                        'amount' => 50, 'plan' => 'daily', 'router_id' => $routers[0], 'status' => 'confirmed',
                    ]);

                return Provision::dispatch($payment->id);
            case 'router-checks':
                return RouterCheck::dispatch($routers[$i % count($routers)]);
            case 'router-data':
                return RouterData::dispatch($routers[$i % count($routers)], isset($options['leakMb']) ? (float) $options['leakMb'] : null);
            case 'dashboard':
                return DashboardRefresh::dispatch();
            case 'default':
                return Notify::dispatch('2547'.mt_rand(10_000_000, 99_999_999), 'Your hotspot voucher expires in 1 hour', (bool) ($options['failOnce'] ?? false));
            case 'log-rotation':
                return RotateLogs::dispatch((int) ($options['maxBytes'] ?? 1048576), (int) ($options['keep'] ?? 5));
        }
    }
}
