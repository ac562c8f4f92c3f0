<?php

// Composer's registry is not reachable where this app is built, so it boots on Debian's packages
// alone: php-laravel-framework installs Laravel 8 and its dependencies under /usr/share/php, each
// with an autoload.php of its own, and /usr/share/php/Illuminate/autoload.php requires them all
// (Symfony, Carbon, Monolog, Dotenv, ...). What Composer would add for the app itself is the
// PSR-4 rule App\ => app/, registered here.

require_once '/usr/share/php/Illuminate/autoload.php';

spl_autoload_register(function (string $class): void {
    if (strncmp($class, 'App\\', 4) !== 0) {
        return;
    }
    $file = __DIR__.'/../app/'.str_replace('\\', '/', substr($class, 4)).'.php';
    if (is_file($file)) {
        require $file;
    }
});
