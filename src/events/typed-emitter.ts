// A typed event emitter whose listeners are called safely: one that throws is reported
// through `onListenerError` and cannot break the emitter or the other listeners.

export type Listener<T> = (payload: T) => void;

// The part of an emitter a concept needs to publish its own events and hear them: an emitter
// for a larger map (the daemon's CrewEvents) is one for each of its parts.
export interface EventBus<M extends object> {
  // Never set: lets TypeScript infer M from an emitter passed to a generic helper.
  readonly eventMap?: M;
  on<K extends keyof M>(name: K, listener: Listener<M[K]>): () => void;
  emit<K extends keyof M>(name: K, payload: M[K]): void;
}

export interface TypedEmitter<M extends object> extends EventBus<M> {
  onAny(listener: <K extends keyof M>(name: K, payload: M[K]) => void): () => void;
}

// Creates an emitter for the event map M.
export function createEmitter<M extends object>(
  onListenerError: (error: unknown, name: keyof M) => void = (error) => {
    process.emitWarning(`crew: an event listener threw: ${String(error)}`);
  },
): TypedEmitter<M> {
  const listeners = new Map<keyof M, Set<Listener<never>>>();
  const anyListeners = new Set<(name: keyof M, payload: unknown) => void>();

  const call = (name: keyof M, fn: () => void) => {
    try {
      fn();
    } catch (error) {
      onListenerError(error, name);
    }
  };

  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
      }
      set.add(listener as Listener<never>);
      return () => set.delete(listener as Listener<never>);
    },
    onAny(listener) {
      const wrapped = listener as (name: keyof M, payload: unknown) => void;
      anyListeners.add(wrapped);
      return () => anyListeners.delete(wrapped);
    },
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) {
        call(name, () => (listener as Listener<typeof payload>)(payload));
      }
      for (const listener of anyListeners) call(name, () => listener(name, payload));
    },
  };
}
