<?php

namespace App\Providers;

use App\Database\ImmediateSqliteConnector;
use Illuminate\Support\ServiceProvider;

class AppServiceProvider extends ServiceProvider
{
    public function register()
    {
        // Laravel's ConnectionFactory uses a bound db.connector.{driver} when there is one.
        $this->app->bind('db.connector.sqlite', fn () => new ImmediateSqliteConnector);
    }
}
