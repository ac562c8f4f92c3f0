// How the reasons write their figures: counts with at most one decimal (a median of 2.5 busy),
// bytes as docker stats does (44.8 MiB).
import { formatBytes } from '../../config/units.js';

export function formatFigure(n: number): string {
  return String(Number(n.toFixed(1)));
}

export function formatRate(perSecond: number): string {
  return String(Number(perSecond.toFixed(2)));
}

export { formatBytes };
