// Where one pool goes this tick once the budget has been fitted: up only into memory that is
// free now (memory a lower-priority pool is giving back arrives on a later tick, once its
// processes have exited), down at once when higher-priority pools need the memory, down one
// step when damping allows, and nowhere while pinned.
import { formatBytes } from '../config/units.js';
import type { Assessment } from './assess.js';
import type { FitResult } from './budget-fit.js';
import { overBudgetHoldMs } from './damping.js';
import { clauses } from './reasons.js';
import { seconds } from './words.js';

export interface Settled {
  readonly count: number;
  readonly why: string;
}

// Settles one pool; `headroomBytes` is what is free now for scale-ups of this and lower
// priorities; `sinceOverMs` is how long ago the container was last over budget.
export function settle(
  a: Assessment,
  fit: FitResult,
  over: boolean,
  headroomBytes: number,
  all: readonly Assessment[],
  sinceOverMs: number = Number.POSITIVE_INFINITY,
): Settled {
  const { spec, current, need, damped } = a;
  if (a.pinned !== null) return { count: a.pinned, why: `pinned at ${a.pinned} by crew scale` };
  const allowed = fit.allowed[spec.name]!;
  const budgetNote =
    allowed < need.processes
      ? `the budget allows ${allowed} (shortfall ${need.processes - allowed})`
      : null;
  // Only a pool that is to grow and comes first takes memory a pool holds: a more important one
  // (a lower priority number), or one of equal priority that is late while this one is on time
  // and has had its turn (its down cooldown since it last changed). Otherwise pools share only
  // what is free.
  const hadTurn = a.sinceChangeMs >= spec.settings.downCooldownMs;
  const outranks = (o: Assessment) =>
    o.spec.priority < spec.priority ||
    (o.spec.priority === spec.priority && o.need.late && !need.late && hadTurn);
  const takers = all.filter((o) => outranks(o) && fit.allowed[o.spec.name]! > o.current);
  if (allowed < current && allowed < damped.want && takers.length > 0) {
    const higher = takers.every((o) => o.spec.priority < spec.priority);
    const names = takers.map((o) => o.spec.name).join(', ');
    const why = higher
      ? `memory goes to higher-priority ${names}`
      : `memory goes to ${names}, late`;
    return { count: allowed, why };
  }
  const target = Math.min(damped.want, Math.max(allowed, Math.min(current, damped.want)));
  if (target > current) {
    const floor = Math.max(current, spec.min);
    const minNote = current < spec.min ? `up to min ${spec.min}` : null;
    if (over) return { count: floor, why: clauses(need.why, minNote, 'over budget: no scale-up') };
    const holdMs = overBudgetHoldMs(spec);
    if (sinceOverMs < holdMs) {
      const held = `over budget ${seconds(sinceOverMs)} ago: scale-ups wait ${seconds(holdMs)}`;
      return { count: floor, why: clauses(need.why, minNote, held) };
    }
    const cost = a.cost.bytes ?? 0;
    const fits = cost > 0 ? Math.floor(Math.max(0, headroomBytes) / cost) : target - floor;
    const count = floor + Math.min(target - floor, fits);
    const waiting =
      count < target
        ? `waiting for ${formatBytes((target - count) * cost, 'MiB')} MiB to be freed`
        : null;
    return { count, why: clauses(need.why, minNote, budgetNote, damped.held, waiting) };
  }
  if (target < current) {
    if (current > spec.max) return { count: target, why: `above max ${spec.max}` };
    const windowMax = damped.recentNeeds[0]?.need ?? need.processes;
    const quiet = `at most ${windowMax} needed for ${seconds(spec.settings.downWindowMs)}`;
    return { count: target, why: clauses(need.why, quiet) };
  }
  return { count: current, why: clauses(need.why, budgetNote, damped.held) };
}
