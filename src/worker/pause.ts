// A sleep that ends early when woken: the claim loop waits on it between polls and is woken by a
// freed slot or a drain; the drain waits on it for running jobs to finish. A wake that comes
// while nobody sleeps is kept for the next sleep: a slot freed while the claim loop was busy
// claiming (a fast job ending during the round trip) must not leave it asleep for a whole poll.
export interface Pause {
  // Resolves after ms (with false), or at once when wake() is called (or was, since the last
  // sleep; with true); with null, only when woken (no timer: the claim loop with every slot
  // busy, once per job).
  sleep(ms: number | null): Promise<boolean>;
  wake(): void;
}

const woken = Promise.resolve(true);

// Creates a pause with one sleeper at a time.
export function createPause(): Pause {
  let wakeSleeper: ((early: boolean) => void) | null = null;
  let pending = false;
  return {
    sleep(ms) {
      if (pending) {
        pending = false;
        return woken;
      }
      return new Promise<boolean>((resolve) => {
        const timer = ms === null ? null : setTimeout(done, ms, false);
        function done(early: boolean) {
          if (timer !== null) clearTimeout(timer);
          wakeSleeper = null;
          resolve(early);
        }
        wakeSleeper = done;
      });
    },
    wake() {
      if (wakeSleeper) wakeSleeper(true);
      else pending = true;
    },
  };
}
