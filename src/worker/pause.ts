// A sleep that ends early when woken: the claim loop waits on it between polls and is woken by a
// freed slot or a drain; the drain waits on it for running jobs to finish.
export interface Pause {
  // Resolves after ms, or at once when wake() is called.
  sleep(ms: number): Promise<void>;
  wake(): void;
}

// Creates a pause with one sleeper at a time.
export function createPause(): Pause {
  let wakeSleeper: (() => void) | null = null;
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wakeSleeper = null;
          resolve();
        }
        wakeSleeper = done;
      }),
    wake: () => wakeSleeper?.(),
  };
}
