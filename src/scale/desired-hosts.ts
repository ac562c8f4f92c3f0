// How many hosts like this one the work of a cluster needs: the signal a container engine scales
// on (`crew_desired_hosts`, /scale; docs/kubernetes.md). Every host sizes its pools for its share
// of each queue (live-signals.ts), so the processes the whole cluster's work wants are the sum of
// what each host's share wants, before min, max and the budget (PoolScaling.wanted). The answer
// is the fewest hosts h that hold that work, at least one:
//
//   by max:     every pool's work fits h hosts of `max` processes: W ≤ h × max
//   by budget:  every host runs at least its `min` of each pool, so the pools take
//               Σ max(W, h × min) × cost, which must fit h pool budgets (the budget less crew
//               and the other allowance)
//
// Counting only the work, not each host's floor, is what lets the answer fall: a sum of every
// host's minimums would ask for as many hosts as there are. A pool of unknown cost counts in the
// first bound only, and the budget bound is left out when one host's minimums alone do not fit
// its budget (`crew check` says so). Hosts running other pools (another image) are not counted:
// the answer is in hosts like this one. Pure.
import { formatBytes } from '../config/units.js';
import { processes } from './words.js';

// One pool of one host as its heartbeat publishes it.
export interface PoolDemand {
  readonly pool: string;
  readonly wanted: number;
}

// This host's pools: what one more host would bring.
export interface HostShape {
  readonly pools: readonly {
    readonly pool: string;
    readonly min: number;
    readonly max: number;
    readonly costBytes: number | null;
  }[];
  // null: no budget (then only max bounds a host).
  readonly poolBudgetBytes: number | null;
}

export interface DesiredHosts {
  readonly hosts: number;
  // The bound that decided, in words: `payments wants 9 processes, at most 6 a host: 2 hosts`.
  readonly why: string;
  // Per pool of this host: the processes its work wants across the live hosts.
  readonly wanted: Readonly<Record<string, number>>;
  // Memory that work takes, where the cost is known.
  readonly wantedBytes: number;
}

const hostsWord = (n: number) => `${n} host${n === 1 ? '' : 's'}`;
// Past this many hosts the answer is this many: a signal, not a promise.
const MAX_HOSTS = 1000;

// `demands`: one list per live host (this one included) of what its pools' work wants.
export function desiredHosts(
  demands: readonly (readonly PoolDemand[])[],
  shape: HostShape,
): DesiredHosts {
  const wanted: Record<string, number> = {};
  for (const { pool } of shape.pools) wanted[pool] = 0;
  for (const host of demands)
    for (const d of host)
      if (Object.hasOwn(wanted, d.pool)) wanted[d.pool]! += Math.max(0, d.wanted);

  const pools = shape.pools.map((p) => ({ ...p, work: wanted[p.pool]! }));
  const wantedBytes = pools.reduce((sum, p) => sum + p.work * (p.costBytes ?? 0), 0);
  const room = shape.poolBudgetBytes;
  const floorBytes = pools.reduce((sum, p) => sum + p.min * (p.costBytes ?? 0), 0);
  const budgetBounds = room !== null && room > 0 && floorBytes <= room;
  const bytesAt = (h: number) =>
    pools.reduce((sum, p) => sum + Math.max(p.work, h * p.min) * (p.costBytes ?? 0), 0);
  const short = (h: number): string | null => {
    for (const p of pools) {
      if (p.max > 0 && p.work > h * p.max)
        return `${p.pool} wants ${processes(p.work)} in all, at most ${p.max} a host`;
    }
    if (budgetBounds && bytesAt(h) > h * room!)
      return `the pools want ${formatBytes(bytesAt(h), 'MiB')} MiB in all, ${formatBytes(room!, 'MiB')} MiB a host`;
    return null;
  };

  let hosts = 1;
  let reason: string | null = null;
  for (let why = short(hosts); why !== null && hosts < MAX_HOSTS; why = short(hosts)) {
    reason = why;
    hosts++;
  }
  return {
    hosts,
    why: reason === null ? 'the pools fit one host' : `${reason}: ${hostsWord(hosts)}`,
    wanted,
    wantedBytes,
  };
}
