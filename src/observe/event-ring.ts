// The last events (200 by default) for /status and `crew top`, and the live feed /events
// streams. A ring of fixed size: a crash-looping worker cannot grow the daemon.

import { type EventJson, eventJson } from '../control/wire/event.js';
import type { CrewEvents } from '../events/crew-events.js';
import type { TypedEmitter } from '../events/typed-emitter.js';

export interface EventRing {
  // Kept events, oldest first; with afterId only those newer than it (a reconnecting stream).
  recent(afterId?: number): EventJson[];
  // Id of the newest event so far (0 before any).
  lastId(): number;
  // Calls listener with every new event; returns the unsubscribe function.
  subscribe(listener: (event: EventJson) => void): () => void;
  // Listeners subscribed now (tests check that a closed stream let go).
  listenerCount(): number;
  // Stops listening to the emitter.
  close(): void;
}

export interface EventRingOptions {
  readonly capacity?: number;
  readonly now?: () => number;
}

// Starts recording the emitter's observed events.
export function createEventRing(
  events: TypedEmitter<CrewEvents>,
  options: EventRingOptions = {},
): EventRing {
  const capacity = options.capacity ?? 200;
  const now = options.now ?? Date.now;
  const slots: (EventJson | undefined)[] = new Array(capacity);
  const listeners = new Set<(event: EventJson) => void>();
  let lastId = 0;

  const off = events.onAny((type, payload) => {
    const event = eventJson(lastId + 1, now(), type, payload);
    if (event === null) return;
    lastId = event.id;
    slots[lastId % capacity] = event;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A stream that failed to write is closed by its own error handler.
      }
    }
  });

  return {
    recent(afterId = 0) {
      const kept: EventJson[] = [];
      // An id from before a restart of the daemon (ids start again at 1): replay all.
      const after = afterId > lastId ? 0 : afterId;
      for (let id = Math.max(after, lastId - capacity) + 1; id <= lastId; id++) {
        kept.push(slots[id % capacity]!);
      }
      return kept;
    },
    lastId: () => lastId,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    listenerCount: () => listeners.size,
    close() {
      off();
      listeners.clear();
    },
  };
}
