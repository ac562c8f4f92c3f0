<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

// One row per attempt of every job, written by the job itself (App\Jobs\Concerns\RecordsRun):
// when it became ready (`available_at` of its `jobs` row, or its dispatch if later), when it
// started and finished, in milliseconds, and which process ran it. Waits are
// started_at_ms − ready_at_ms; crew's tests and benchmark read them from here.
class CreateJobRunsTable extends Migration
{
    public function up()
    {
        Schema::create('job_runs', function (Blueprint $table) {
            $table->id();
            $table->string('queue')->index();
            $table->string('job');
            $table->unsignedBigInteger('job_id')->nullable();
            $table->string('uuid')->nullable()->index();
            $table->unsignedInteger('attempt');
            $table->unsignedInteger('available_at')->nullable();
            $table->unsignedBigInteger('dispatched_at_ms');
            $table->unsignedBigInteger('ready_at_ms');
            $table->unsignedBigInteger('started_at_ms');
            $table->unsignedBigInteger('finished_at_ms')->nullable();
            $table->string('status');
            $table->unsignedInteger('pid');
            $table->double('memory_mb')->nullable();
        });
    }

    public function down()
    {
        Schema::dropIfExists('job_runs');
    }
}
