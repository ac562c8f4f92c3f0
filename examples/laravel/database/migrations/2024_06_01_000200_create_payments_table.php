<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

// Mobile-money payments as the provider's callbacks report them, and what each one bought.
class CreatePaymentsTable extends Migration
{
    public function up()
    {
        Schema::create('payments', function (Blueprint $table) {
            $table->id();
            $table->string('reference')->unique();
            $table->string('msisdn');
            $table->unsignedInteger('amount');
            $table->string('plan');
            $table->foreignId('router_id')->constrained();
            $table->string('status');
            $table->timestamps();
        });
        Schema::create('provisionings', function (Blueprint $table) {
            $table->id();
            $table->foreignId('payment_id')->unique()->constrained();
            $table->foreignId('router_id')->constrained();
            $table->string('username');
            $table->string('status');
            $table->boolean('probe_ok');
            $table->unsignedInteger('probe_ms');
            $table->timestamp('expires_at');
            $table->timestamps();
        });
    }

    public function down()
    {
        Schema::dropIfExists('provisionings');
        Schema::dropIfExists('payments');
    }
}
