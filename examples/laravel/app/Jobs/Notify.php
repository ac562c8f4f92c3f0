<?php

namespace App\Jobs;

use App\Jobs\Concerns\RecordsRun;
use App\Support\Outside;
use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;
use Illuminate\Support\Facades\DB;
use RuntimeException;

// queue `default`: hands an SMS to the gateway and records it.
//
// With failOnce the gateway refuses it the first time: the job has one try, so it goes
// straight to failed_jobs; once retried (`php artisan queue:retry` or `crew failed retry`) it
// finds its earlier refusal and succeeds.
class Notify implements ShouldQueue
{
    use Dispatchable, InteractsWithQueue, Queueable, RecordsRun;

    public function __construct(public string $msisdn, public string $body, public bool $failOnce = false)
    {
        $this->onQueue('default');
        $this->stampDispatch();
        if ($failOnce) {
            $this->tries = 1;
        }
    }

    public function handle()
    {
        $this->recordRun(function () {
            $uuid = $this->job ? $this->job->uuid() : null;
            if ($this->failOnce && ! DB::table('notification_failures')->where('job_uuid', $uuid)->exists()) {
                DB::table('notification_failures')->insert(['job_uuid' => $uuid, 'failed_at' => now()]);
                throw new RuntimeException("SMS gateway refused the message to {$this->msisdn} (failOnce)");
            }
            Outside::call('default');
            DB::table('notifications_sent')->insert([
                'msisdn' => $this->msisdn,
                'body' => $this->body,
                'job_uuid' => $uuid,
                'sent_at' => now(),
            ]);
        });
    }
}
