import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CrewEvents } from '../events/crew-events.js';
import { createEmitter } from '../events/typed-emitter.js';
import type { ExitRecord } from '../supervise/exit-record.js';
import { createEventRing } from './event-ring.js';

const T0 = Date.UTC(2026, 10, 27, 3, 40);

function setup(capacity = 3) {
  const events = createEmitter<CrewEvents>();
  const ring = createEventRing(events, { capacity, now: () => T0 });
  const scale = (to: number) =>
    events.emit('pool:scale', { pool: 'payments', from: to - 1, to, reason: 'crew scale' });
  return { events, ring, scale };
}

describe('the event ring', () => {
  it('keeps the last events with growing ids, oldest first', () => {
    const { ring, scale } = setup();
    assert.deepEqual(ring.recent(), []);
    assert.equal(ring.lastId(), 0);
    for (let to = 1; to <= 5; to++) scale(to);
    assert.deepEqual(
      ring.recent().map((e) => [e.id, e.to]),
      [
        [3, 3],
        [4, 4],
        [5, 5],
      ],
    );
    assert.deepEqual(
      ring.recent(4).map((e) => e.id),
      [5],
    );
    assert.deepEqual(ring.recent(5), []);
    // An id from before a daemon restart: everything kept is new to that client.
    assert.equal(ring.recent(99).length, 3);
  });

  it('turns payloads into snake_case JSON, an exit with its sentence', () => {
    const { events, ring } = setup();
    const record: ExitRecord = {
      reason: 'exited',
      exitCode: 1,
      signal: null,
      startedAt: T0 - 2000,
      endedAt: T0,
      durationMs: 2000,
      forced: false,
      expected: false,
    };
    events.emit('process:exit', {
      name: 'payments_00',
      pool: 'payments',
      pid: 42,
      instance: 'i1',
      record,
    });
    events.emit('scale:decision', { pool: 'payments', from: 1, to: 2, reason: 'waited', at: T0 });
    const [exit, decision] = ring.recent();
    assert.deepEqual(exit, {
      id: 1,
      at: new Date(T0).toISOString(),
      type: 'process:exit',
      name: 'payments_00',
      pool: 'payments',
      pid: 42,
      reason: 'exited',
      exit_code: 1,
      signal: null,
      duration_ms: 2000,
      forced: false,
      expected: false,
      ended_at: new Date(T0).toISOString(),
      description: 'exit 1 (unexpected) after 2.0s',
    });
    assert.equal(decision?.decided_at, new Date(T0).toISOString());
  });

  it('passes new events to subscribers until they unsubscribe or the ring closes', () => {
    const { events, ring, scale } = setup();
    const seen: number[] = [];
    const off = ring.subscribe((event) => seen.push(event.id));
    ring.subscribe(() => {
      throw new Error('a broken stream');
    });
    scale(1);
    off();
    scale(2);
    assert.deepEqual(seen, [1]);
    assert.equal(ring.listenerCount(), 1);
    ring.close();
    assert.equal(ring.listenerCount(), 0);
    events.emit('pool:scale', { pool: 'a', from: 0, to: 1, reason: 'x' });
    assert.equal(ring.lastId(), 2, 'a closed ring records nothing');
  });
});
