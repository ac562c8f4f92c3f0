// What crew keeps of an FPM pool's status page: crew's own reads taken out of the load (the child
// answering it counted idle, its connection out of accepted conn, also across an FPM restart),
// the last answer kept through failures, and the worst case the budget holds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FpmProcess, FpmStatus } from '../status/status-types.js';
import {
  childP95Bytes,
  emptyFpmReadings,
  type FpmChildReading,
  fpmWorstCase,
  withAnswer,
  withFailure,
} from './fpm-readings.js';

const MiB = 1024 ** 2;

function status(acceptedConn: number, processes: FpmProcess[] = []): FpmStatus {
  return {
    pool: 'www',
    processManager: 'dynamic',
    startTime: 0,
    startSince: 0,
    acceptedConn,
    listenQueue: 1,
    maxListenQueue: 2,
    listenQueueLen: 128,
    idle: 9,
    active: 9,
    total: 18,
    maxActiveProcesses: 3,
    maxChildrenReached: 0,
    slowRequests: 0,
    memoryPeak: null,
    processes,
  };
}

const child = (
  pid: number,
  state: string,
  pssMiB: number | null,
  crew = false,
): FpmChildReading => ({
  pid,
  state,
  requests: 10,
  requestDurationMs: 1,
  lastRequestMemoryBytes: 0,
  lastRequestCpu: 0,
  pssBytes: pssMiB === null ? null : pssMiB * MiB,
  servingCrew: crew,
});

describe('FPM readings', () => {
  test("crew's own read is idle and out of accepted conn, also after FPM restarts", () => {
    const kids = [child(1, 'Running', 30, true), child(2, 'Running', 32), child(3, 'Idle', null)];
    let r = withAnswer(emptyFpmReadings, 1000, status(101), kids, 10 * MiB);
    assert.deepEqual(
      [r.load[0]!.active, r.load[0]!.idle, r.load[0]!.acceptedConn, r.load[0]!.listenQueue],
      [1, 2, 100, 1],
    );
    r = withAnswer(r, 3000, status(150), kids, 10 * MiB);
    assert.equal(r.load[1]!.acceptedConn, 148);
    // FPM restarted: its counter starts again, and so do crew's reads of it.
    r = withAnswer(r, 5000, status(4), kids, 10 * MiB);
    assert.equal(r.load[2]!.acceptedConn, 3);
    // The unmeasured child is in the load but not in the memory readings.
    assert.deepEqual(
      r.childPss,
      [30, 32, 30, 32, 30, 32].map((m) => m * MiB),
    );
    assert.equal(childP95Bytes(r), 32 * MiB);
  });

  test('a failure keeps what was read and says since when; an answer clears it', () => {
    const read = withAnswer(emptyFpmReadings, 1000, status(5), [child(1, 'Idle', 30)], 10 * MiB);
    const down = withFailure(withFailure(read, 2000, 'refused'), 4000, 'timed out');
    assert.equal(down.downSinceMs, 2000);
    assert.deepEqual(down.latest, { ok: false, atMs: 4000, reason: 'timed out' });
    assert.equal(down.load.length, 1);
    assert.equal(withAnswer(down, 5000, status(9), [], null).downSinceMs, null);
  });

  test('the worst case: the master once, each pool at max_children × its p95 child', () => {
    const www = withAnswer(emptyFpmReadings, 0, status(1), [child(1, 'Idle', 40)], 12 * MiB);
    const api = withAnswer(emptyFpmReadings, 0, status(1), [child(2, 'Idle', 20)], 12 * MiB);
    assert.equal(
      fpmWorstCase([
        { maxChildren: 10, readings: www },
        { maxChildren: 4, readings: api },
      ]),
      (12 + 400 + 80) * MiB,
    );
    // A pool not measured yet counts at the costliest measured child.
    assert.equal(
      fpmWorstCase([
        { maxChildren: 10, readings: www },
        { maxChildren: 4, readings: emptyFpmReadings },
      ]),
      (12 + 400 + 160) * MiB,
    );
    assert.equal(fpmWorstCase([{ maxChildren: 10, readings: emptyFpmReadings }]), null);
  });
});
