import assert from 'node:assert/strict';
import { test } from 'node:test';
import { busySlotsOf, RATE_TIME_CONSTANT_MS, smoothRates } from './rates.js';
import type { RateState } from './state.js';
import { signals } from './test-support/builders.js';

test('rates: busy slots come from the workers when they say, else from reserved jobs', () => {
  assert.equal(busySlotsOf(signals('q', { busyFraction: 0.25 }), 40), 10);
  assert.equal(busySlotsOf(signals('q', { reserved: 3 }), 4), 3);
  assert.equal(busySlotsOf(signals('q', { reserved: 9 }), 4), 4);
});

test('rates: the first reading is taken as it is', () => {
  const rate = smoothRates(null, signals('q', { completionsPerSec: 3, reserved: 2 }), 2, 0);
  assert.deepEqual(rate, {
    at: 0,
    completionsPerSec: 3,
    busySlots: 2,
    perSlotPerSec: 1.5,
    finishedTotal: null,
  });
});

test('rates: busy slots are averaged with 1 - e^(-dt/τ); the completion rate is taken as given', () => {
  const previous: RateState = { at: 0, completionsPerSec: 2, busySlots: 1, perSlotPerSec: 2 };
  const now = RATE_TIME_CONSTANT_MS;
  const rate = smoothRates(previous, signals('q', { completionsPerSec: 4, reserved: 3 }), 3, now)!;
  const busy = 1 + (1 - Math.exp(-1)) * 2;
  assert.equal(rate.completionsPerSec, 4);
  assert.ok(Math.abs(rate.busySlots - busy) < 1e-9);
  assert.ok(Math.abs(rate.perSlotPerSec! - 4 / busy) < 1e-9);
});

test('rates: a quiet spell keeps the last good rate', () => {
  const previous: RateState = { at: 0, completionsPerSec: 0.1, busySlots: 0.2, perSlotPerSec: 2 };
  const rate = smoothRates(previous, signals('q', { completionsPerSec: 0 }), 1, 1000)!;
  assert.equal(rate.perSlotPerSec, 2);
});

test('rates: unknown completions leave the state as it was', () => {
  const previous: RateState = { at: 0, completionsPerSec: 1, busySlots: 1, perSlotPerSec: 1 };
  assert.equal(smoothRates(previous, signals('q', { completionsPerSec: null }), 1, 1000), previous);
});
