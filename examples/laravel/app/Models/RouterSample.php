<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Model;

class RouterSample extends Model
{
    public $timestamps = false;
    protected $guarded = [];
    protected $casts = ['sampled_at' => 'datetime'];
}
