// A seeded pseudo-random source for fuzzing: the same seed makes the same mutants on every run
// and machine (mulberry32, https://gist.github.com/tommyettinger/46a874533244883189143505d203312c).

export interface Random {
  // A float in [0, 1).
  next(): number;
  // An integer in [0, n).
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  // True with probability p.
  chance(p: number): boolean;
}

// Creates the source for a seed.
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)] as (typeof items)[number],
    chance: (p) => next() < p,
  };
}
