// createApi over a test's supervisor with config and memory deps that do nothing, and `call`,
// which runs a method as the socket and HTTP do: params checked, then the handler.
import type { Supervisor } from '../../supervise/supervisor.js';
import { type ApiDeps, type ApiHandlers, createApi } from '../api.js';
import type { DataOf, StreamSink } from '../methods.js';
import { callMethod } from '../params.js';

export const noSink: StreamSink = { data: () => {}, onClose: () => {} };

// The API with `overrides` in place of the defaults.
export function createTestApi(supervisor: Supervisor, overrides: Partial<ApiDeps> = {}) {
  const api = createApi({
    supervisor,
    memoryOf: async () => new Map(),
    stats: async () => {
      throw new Error('not asked for');
    },
    reload: async () => ({ version: null, changes: [] }),
    history: () => [],
    rollback: async () => ({ version: null, changes: [] }),
    shutdown: () => {},
    ...overrides,
  });
  const call = <M extends keyof ApiHandlers>(
    method: M,
    params: unknown,
    sink: StreamSink<DataOf<M>> = noSink,
  ) => callMethod(api, method, params, sink);
  return { api, call };
}
