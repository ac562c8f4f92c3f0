<?php

namespace App\Console\Commands;

use App\Support\Traffic;
use Illuminate\Console\Command;

class DispatchJobs extends Command
{
    protected $signature = 'crew:dispatch {queue : payments, provisioning, router-checks, router-data, dashboard, default or log-rotation}
        {count=1 : how many jobs}
        {--delay=0 : seconds before they are available}
        {--leak= : router-data: MiB each job leaves behind in its worker}
        {--fail-once : default: each notification fails once, then succeeds when retried}
        {--amount= : payments: the callback amount (0 makes callbacks the job refuses)}';

    protected $description = 'Dispatch jobs onto one of the app\'s queues, as the app does';

    public function handle(Traffic $traffic)
    {
        $options = array_filter([
            'delay' => (int) $this->option('delay'),
            'leakMb' => $this->option('leak'),
            'failOnce' => $this->option('fail-once'),
            'amount' => $this->option('amount'),
        ], fn ($v) => $v !== null && $v !== false && $v !== 0);
        $n = $traffic->dispatch($this->argument('queue'), (int) $this->argument('count'), $options);
        $this->line("dispatched $n onto {$this->argument('queue')}");

        return 0;
    }
}
