<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

// SMS notifications handed to the gateway, and the gateway refusals of jobs dispatched with
// failOnce (each such job fails once, then succeeds when retried).
class CreateNotificationsTable extends Migration
{
    public function up()
    {
        Schema::create('notifications_sent', function (Blueprint $table) {
            $table->id();
            $table->string('msisdn');
            $table->string('body');
            $table->string('job_uuid')->nullable();
            $table->timestamp('sent_at');
        });
        Schema::create('notification_failures', function (Blueprint $table) {
            $table->string('job_uuid')->primary();
            $table->timestamp('failed_at');
        });
    }

    public function down()
    {
        Schema::dropIfExists('notification_failures');
        Schema::dropIfExists('notifications_sent');
    }
}
