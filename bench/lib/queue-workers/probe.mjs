// What every benchmarked worker's no-op handler calls, so all peers are timed the same way: the
// moment a handler starts, on the clock the producer stamped the job with (wall clock origin plus
// the monotonic clock, sub-millisecond). Lines go to $BENCH_OUT with synchronous appends, so a
// SIGKILLed worker has lost nothing:
//   latency mode:     `PHASE LATENCY_MS` per job (the job's data carries {p: PHASE, t: ENQUEUED_AT})
//   throughput mode:  `first AT HRTIME_NS` and `last AT HRTIME_NS` at the 1st and $BENCH_N-th start
//   any mode:         `ready AT` when the worker script has connected and subscribed.
// HRTIME_NS is process.hrtime, the clock V8's CPU profiler stamps its samples with, so a profile
// can be cut to the processing window.
import { openSync, writeSync } from 'node:fs';

const mode = process.env.BENCH_MODE ?? 'throughput';
const total = Number(process.env.BENCH_N ?? 0);
const fd = openSync(process.env.BENCH_OUT ?? '/dev/null', 'a');
const now = () => performance.timeOrigin + performance.now();
let count = 0;

export function started(data) {
  const at = now();
  count += 1;
  if (mode === 'latency') {
    writeSync(fd, `${data.p} ${(at - data.t).toFixed(3)}\n`);
    return;
  }
  if (count === 1) writeSync(fd, `first ${at} ${process.hrtime.bigint()}\n`);
  if (count === total) writeSync(fd, `last ${at} ${process.hrtime.bigint()}\n`);
}

export function ready() {
  writeSync(fd, `ready ${now()}\n`);
}
