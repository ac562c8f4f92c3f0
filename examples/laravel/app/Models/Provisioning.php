<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Model;

class Provisioning extends Model
{
    protected $guarded = [];
    protected $casts = ['probe_ok' => 'boolean', 'expires_at' => 'datetime'];

    public function payment()
    {
        return $this->belongsTo(Payment::class);
    }
}
