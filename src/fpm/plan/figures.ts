// How the reasons write their counts: at most one decimal (a median of 2.5 busy), a rate with
// at most two. Bytes are written with formatBytes (config/units.ts), as docker stats does.

export function formatFigure(n: number): string {
  return String(Number(n.toFixed(1)));
}

export function formatRate(perSecond: number): string {
  return String(Number(perSecond.toFixed(2)));
}
