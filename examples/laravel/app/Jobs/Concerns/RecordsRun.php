<?php

namespace App\Jobs\Concerns;

use Illuminate\Support\Facades\DB;
use Throwable;

// Every attempt of a job leaves a row in job_runs: when the job became ready, when a worker
// started it and when it finished, in milliseconds. Ready is the later of its dispatch and the
// `available_at` of its `jobs` row (Laravel's whole seconds), so a delayed job counts from
// when Laravel would hand it out, as crew's backlog watcher counts it.
trait RecordsRun
{
    // Set when the job is created, i.e. when the app dispatches it.
    public int $dispatchedAtMs = 0;

    protected function stampDispatch(): void
    {
        $this->dispatchedAtMs = self::nowMs();
    }

    protected static function nowMs(): int
    {
        return (int) floor(microtime(true) * 1000);
    }

    // Runs $work as this attempt, recorded in job_runs; rethrows what it throws.
    protected function recordRun(callable $work): void
    {
        $startedAt = self::nowMs();
        $record = $this->job && method_exists($this->job, 'getJobRecord') ? $this->job->getJobRecord() : null;
        $availableAt = $record ? (int) $record->available_at : null;
        $readyAt = max($this->dispatchedAtMs, ($availableAt ?? 0) * 1000);
        $id = DB::table('job_runs')->insertGetId([
            'queue' => $this->job ? $this->job->getQueue() : ($this->queue ?? 'default'),
            'job' => class_basename($this),
            'job_id' => $this->job ? $this->job->getJobId() : null,
            'uuid' => $this->job ? $this->job->uuid() : null,
            'attempt' => $this->job ? $this->job->attempts() : 1,
            'available_at' => $availableAt,
            'dispatched_at_ms' => $this->dispatchedAtMs,
            'ready_at_ms' => $readyAt,
            'started_at_ms' => $startedAt,
            'status' => 'running',
            'pid' => getmypid(),
        ]);
        $status = 'failed';
        try {
            $work();
            $status = 'done';
        } finally {
            DB::table('job_runs')->where('id', $id)->update([
                'finished_at_ms' => self::nowMs(),
                'status' => $status,
                'memory_mb' => round(memory_get_usage(true) / 1048576, 1),
            ]);
        }
    }
}
