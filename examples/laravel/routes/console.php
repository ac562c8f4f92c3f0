<?php

use Illuminate\Support\Facades\Artisan;
use Illuminate\Support\Facades\DB;

// Closure commands would go here; the app's commands are classes in app/Console/Commands.
Artisan::command('crew:about', function () {
    $this->info('Laravel '.app()->version().' on PHP '.PHP_VERSION.', queue connection '.config('queue.default').', database '.DB::connection()->getDriverName().' ('.DB::connection()->getDatabaseName().')');
})->purpose('Show the framework, PHP and database this app runs on');
