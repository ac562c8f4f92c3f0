<?php

namespace App\Database;

use Illuminate\Database\Connectors\SQLiteConnector;

// SQLite connections whose transactions begin IMMEDIATE (Laravel 11's `transaction_mode`, which
// Laravel 8 lacks). queue:work claims a job in a transaction that reads the oldest row and then
// marks it reserved; begun DEFERRED, two workers that read the same row collide on the write and
// one fails at once with "database is locked" (a stale snapshot does not wait for the busy
// timeout), logs it and sleeps. Begun IMMEDIATE, the second waits its turn, as a MySQL worker's
// SELECT ... FOR UPDATE does.
class ImmediateSqliteConnector extends SQLiteConnector
{
    protected function createPdoConnection($dsn, $username, $password, $options)
    {
        return new ImmediatePdo($dsn, $username, $password, $options);
    }
}
