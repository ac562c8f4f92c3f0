<?php

namespace App\Console;

use Illuminate\Foundation\Console\Kernel as ConsoleKernel;

class Kernel extends ConsoleKernel
{
    // The app's own commands: crew:dispatch and crew:load put jobs on the queues as the app does.
    protected $commands = [
        Commands\DispatchJobs::class,
        Commands\LoadJobs::class,
    ];

    protected function commands()
    {
        require base_path('routes/console.php');
    }
}
