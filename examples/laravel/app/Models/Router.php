<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Model;

class Router extends Model
{
    protected $guarded = [];
    protected $casts = ['online' => 'boolean', 'last_seen_at' => 'datetime'];

    public function payments()
    {
        return $this->hasMany(Payment::class);
    }

    public function checks()
    {
        return $this->hasMany(RouterCheck::class);
    }

    public function samples()
    {
        return $this->hasMany(RouterSample::class);
    }
}
