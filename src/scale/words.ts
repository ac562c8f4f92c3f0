// Numbers in the policy's sentences: seconds with one decimal, rates with up to two significant
// decimals. Memory, in whole MiB, is config/units.ts's formatBytes, as every size crew shows.

// `7.2 s`, `12 s`, `0.8 s`.
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 ? Math.round(s) : Number(s.toFixed(1))} s`;
}

// `1.2/s`, `0.05/s`, `30/s`.
export function perSecond(rate: number): string {
  const digits = rate >= 10 ? 0 : rate >= 1 ? 1 : 2;
  return `${Number(rate.toFixed(digits))}/s`;
}

// `1 process`, `3 processes`.
export function processes(n: number): string {
  return `${n} ${n === 1 ? 'process' : 'processes'}`;
}
