<?php

// The application: Laravel's container rooted at examples/laravel, with our console kernel and
// exception handler. APP_STORAGE moves storage/ (logs, the file cache Laravel's queue:restart
// signal lives in) elsewhere, so tests and benchmarks can run a copy of the app's state in a
// temporary directory without touching the checkout; Laravel's compiled package and provider
// manifests (bootstrap/cache) then go there too.

if ($storage = getenv('APP_STORAGE')) {
    @mkdir("$storage/framework", 0777, true);
    foreach (['APP_PACKAGES_CACHE' => 'packages.php', 'APP_SERVICES_CACHE' => 'services.php'] as $key => $file) {
        if (getenv($key) === false) {
            putenv("$key=$storage/framework/$file");
        }
    }
}

$app = new Illuminate\Foundation\Application(
    $_ENV['APP_BASE_PATH'] ?? dirname(__DIR__)
);

if ($storage) {
    $app->useStoragePath($storage);
}

$app->singleton(
    Illuminate\Contracts\Console\Kernel::class,
    App\Console\Kernel::class
);

$app->singleton(
    Illuminate\Contracts\Debug\ExceptionHandler::class,
    App\Exceptions\Handler::class
);

return $app;
