<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Model;

class Payment extends Model
{
    protected $guarded = [];

    public function router()
    {
        return $this->belongsTo(Router::class);
    }

    public function provisioning()
    {
        return $this->hasOne(Provisioning::class);
    }
}
