// The job handlers of the Node app in Dockerfile.node: crew's worker hosts load this module
// (crew.yaml's `handlers:`) and run many jobs at a time in each process. It needs no package:
// the work is simulated, but each handler honours ctx.signal as a real one must, so a drain
// (`docker stop`'s SIGTERM) or a timeout ends it at once and crew puts the job back.
//
//   emails   send-receipt     an SMTP round trip: waits data.ms (default 300 ms)
//   images   make-thumbnail   CPU work in 20 ms slices (data.slices, default 10), yielding between
//
//   docker exec APP crew enqueue emails send-receipt '{"to":"a@example.com"}' --count 200
//   docker exec APP crew enqueue images make-thumbnail '{"image":"cat.jpg","slices":25}' --count 50
import { createHash } from 'node:crypto';
import { setImmediate, setTimeout } from 'node:timers/promises';

export default {
  async 'send-receipt'(data, ctx) {
    if (typeof data?.to !== 'string') {
      throw new Error(`send-receipt: "to" must be an address, got ${JSON.stringify(data?.to)}`);
    }
    await setTimeout(Number(data.ms ?? 300), undefined, { signal: ctx.signal });
  },

  async 'make-thumbnail'(data, ctx) {
    const slices = Math.min(Math.max(Math.trunc(Number(data?.slices ?? 10)), 1), 500);
    let digest = createHash('sha256').update(String(data?.image)).digest();
    for (let slice = 0; slice < slices; slice++) {
      ctx.signal.throwIfAborted();
      const until = Date.now() + 20;
      while (Date.now() < until) digest = createHash('sha256').update(digest).digest();
      // Between slices the worker's own timers run: its reports, lease renewals, other jobs.
      await setImmediate();
    }
  },
};
