<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

// The hotspot's routers (MikroTik boxes at its sites), with the 20 the load drives.
class CreateRoutersTable extends Migration
{
    public function up()
    {
        Schema::create('routers', function (Blueprint $table) {
            $table->id();
            $table->string('name')->unique();
            $table->string('site');
            $table->string('host');
            $table->unsignedInteger('api_port');
            $table->boolean('online')->default(true);
            $table->timestamp('last_seen_at')->nullable();
            $table->timestamps();
        });
        $now = now();
        $sites = ['market', 'station', 'campus', 'harbour', 'clinic'];
        DB::table('routers')->insert(array_map(fn ($i) => [
            'name' => sprintf('rtr-%02d', $i),
            'site' => $sites[$i % count($sites)],
            'host' => '127.0.0.1',
            'api_port' => 8728,
            'created_at' => $now,
            'updated_at' => $now,
        ], range(1, 20)));
    }

    public function down()
    {
        Schema::dropIfExists('routers');
    }
}
