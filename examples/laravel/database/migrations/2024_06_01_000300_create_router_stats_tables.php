<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

// Router health checks, the session data pulled from the routers (aggregated), and the
// dashboard's figures.
class CreateRouterStatsTables extends Migration
{
    public function up()
    {
        Schema::create('router_checks', function (Blueprint $table) {
            $table->id();
            $table->foreignId('router_id')->constrained();
            $table->boolean('ok');
            $table->unsignedInteger('latency_ms');
            $table->timestamp('checked_at')->index();
        });
        Schema::create('router_samples', function (Blueprint $table) {
            $table->id();
            $table->foreignId('router_id')->constrained();
            $table->string('plan');
            $table->unsignedInteger('sessions');
            $table->unsignedBigInteger('bytes_in');
            $table->unsignedBigInteger('bytes_out');
            $table->unsignedInteger('p95_session_s');
            $table->timestamp('sampled_at')->index();
        });
        Schema::create('dashboard_stats', function (Blueprint $table) {
            $table->string('key')->primary();
            $table->double('value');
            $table->timestamp('updated_at');
        });
    }

    public function down()
    {
        Schema::dropIfExists('dashboard_stats');
        Schema::dropIfExists('router_samples');
        Schema::dropIfExists('router_checks');
    }
}
