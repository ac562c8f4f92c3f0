// A small seeded random source for the examples' traffic generators (mulberry32: fast, and the
// same sequence on every machine for the same seed), with exponential gaps for Poisson arrivals.
export function createRandom(seed) {
  let state = seed >>> 0;
  function random() {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  const exponential = (rate) => -Math.log(1 - random()) / rate;
  return { random, exponential };
}
