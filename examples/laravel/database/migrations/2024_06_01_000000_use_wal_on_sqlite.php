<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Support\Facades\DB;

// SQLite only: write-ahead logging, so queue workers claiming jobs and crew reading the backlog
// (read-only) do not block one another. The mode is stored in the file; it cannot change
// inside a transaction, hence $withinTransaction.
class UseWalOnSqlite extends Migration
{
    public $withinTransaction = false;

    public function up()
    {
        if (DB::connection()->getDriverName() === 'sqlite') {
            DB::statement('PRAGMA journal_mode = WAL');
        }
    }

    public function down()
    {
    }
}
