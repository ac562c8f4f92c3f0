// crew's handlers module for the queue benchmark: `noop` is the measured job; `hold` keeps its
// slot until the worker drains (for the memory rows).
import { started } from './probe.mjs';

export async function noop(data) {
  started(data);
}

export function hold(_data, ctx) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 120_000);
    ctx.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
