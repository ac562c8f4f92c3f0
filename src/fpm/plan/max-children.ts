// pm.max_children: enough children for the busiest moment seen plus a quarter (and at least 2,
// so one slow request cannot hold up every other), then as many as the budget holds beside
// the master, never below 1. Without load readings the written value is the need.
import { formatBytes, formatDuration } from '../../config/units.js';
import { formatFigure } from './figures.js';
import type { FpmLoadStats } from './load-stats.js';
import type { FpmCurrent } from './plan-types.js';
import type { FpmMemoryModel } from './worst-case.js';

export const HEADROOM = 1.25;
export const MIN_CHILDREN_FOR_LOAD = 2;

export interface MaxChildrenAdvice {
  readonly value: number;
  // What the load needs (the written value when no load was seen).
  readonly need: number;
  // What the budget holds; null without a budget or a memory model.
  readonly fit: number | null;
  readonly reason: string;
  readonly note: string | null;
}

interface Fit {
  readonly count: number;
  // floor((room − master) / child) before the floor of 1.
  readonly raw: number;
  readonly words: string;
}

function fitOf(memory: FpmMemoryModel | null, roomBytes: number | null): Fit | null {
  if (memory === null || roomBytes === null || memory.childBytes <= 0) return null;
  const raw = Math.floor((roomBytes - memory.masterBytes) / memory.childBytes);
  const words = `room ${formatBytes(roomBytes)} less ${formatBytes(memory.masterBytes)} for the master, ${formatBytes(memory.childBytes)} a child`;
  return { count: Math.max(1, raw), raw, words };
}

function needOf(current: FpmCurrent, stats: FpmLoadStats | null): [number, string] {
  if (stats === null) return [current.maxChildren, `no load seen; kept ${current.maxChildren}`];
  const withHeadroom = Math.ceil(stats.peakDemand * HEADROOM);
  const need = Math.max(MIN_CHILDREN_FOR_LOAD, withHeadroom);
  const sampled = `peak ${stats.peakActive} busy + ${stats.peakQueued} queued seen over ${formatDuration(stats.spanMs)}`;
  const peak =
    stats.peakSeenByFpm > stats.peakActive + stats.peakQueued
      ? `${sampled}, ${stats.peakSeenByFpm} busy at once by FPM's own count`
      : sampled;
  const floor =
    need > withHeadroom ? `, at least ${need} so one slow request cannot block the rest` : '';
  // FPM refused children it wanted: the load needs at least what is written, whatever the
  // readings caught.
  if (stats.maxChildrenReachedRise > 0 && need < current.maxChildren)
    return [
      current.maxChildren,
      `${peak}; 25% headroom → ${withHeadroom}${floor}; kept ${current.maxChildren}`,
    ];
  return [need, `${peak}; 25% headroom → ${withHeadroom}${floor}`];
}

const timesOf = (n: number) => (n === 1 ? '1 time' : `${n} times`);

// Says so when the readings show max_children was too small for the load.
function pressureOf(current: FpmCurrent, stats: FpmLoadStats | null, need: number): string {
  if (stats === null) return '';
  const signs: string[] = [];
  if (stats.maxChildrenReachedRise > 0)
    signs.push(`max_children was reached ${timesOf(stats.maxChildrenReachedRise)}`);
  if (stats.maxQueued > 0) signs.push(`the listen queue reached ${stats.maxQueued}`);
  if (signs.length === 0) return '';
  if (need > current.maxChildren)
    return `; ${signs.join(' and ')}: ${current.maxChildren} was too small for the load`;
  // The counter saw a burst above max_children that no reading caught: never lowered then.
  return `; ${signs.join(' and ')}: the load wanted more than ${current.maxChildren}, so it is not lowered`;
}

function noteOf(current: FpmCurrent, stats: FpmLoadStats | null, need: number, fit: Fit) {
  if (fit.count >= need) return null;
  const holds =
    fit.raw < 1
      ? `the budget does not hold even one child (${fit.words}); keeping 1 goes over it`
      : `the budget fits ${fit.count} children (${fit.words})`;
  if (stats === null)
    return `${holds}, fewer than the ${current.maxChildren} written; no load was seen to say how many the pool needs`;
  return `${holds}, but the load needs ${need} (peak ${formatFigure(stats.peakDemand)} busy + queued, plus 25%): requests will queue; raise the budget or lower the other pools' floors`;
}

// pm.max_children for the load and the budget, with its reason and, over budget, a note.
export function adviseMaxChildren(
  current: FpmCurrent,
  memory: FpmMemoryModel | null,
  roomBytes: number | null,
  stats: FpmLoadStats | null,
): MaxChildrenAdvice {
  const [need, needWords] = needOf(current, stats);
  const fit = fitOf(memory, roomBytes);
  const value = fit === null ? need : Math.min(need, fit.count);
  let budget = '';
  if (fit !== null) budget = `; the budget fits ${fit.count} (${fit.words})`;
  else if (roomBytes !== null) budget = '; no child memory measured, so the budget cannot cap it';
  const reason = `${needWords}${pressureOf(current, stats, need)}${budget}`;
  const note = fit === null ? null : noteOf(current, stats, need, fit);
  return { value, need, fit: fit?.count ?? null, reason, note };
}
