// How many hosts like this one the work of a cluster needs: the signal a container engine scales
// on (`crew_desired_hosts`, /scale; docs/kubernetes.md). Every host sizes its pools for its share
// of each queue (live-signals.ts), so the processes the whole cluster wants are the sum of what
// each host wants, before max and before the budget (PoolScaling.wanted). Two bounds, the larger
// wins, and at least one host:
//
//   by max:     a pool wanting W processes in all, at most `max` a host: ceil(W / max) hosts
//   by budget:  Σ W × cost over the pools, in hosts of this host's pool budget (the budget less
//               crew and the other allowance): ceil(bytes / pool budget)
//
// A pool of unknown cost counts in the first bound only. Hosts running other pools (another
// image) are not counted: the answer is in hosts like this one. Pure.
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
  // Per pool of this host: processes wanted across the live hosts.
  readonly wanted: Readonly<Record<string, number>>;
  // Memory those processes take, where their cost is known.
  readonly wantedBytes: number;
}

const hostsWord = (n: number) => `${n} host${n === 1 ? '' : 's'}`;

// `demands`: one list per live host (this one included) of what its pools want.
export function desiredHosts(
  demands: readonly (readonly PoolDemand[])[],
  shape: HostShape,
): DesiredHosts {
  const wanted: Record<string, number> = {};
  for (const { pool } of shape.pools) wanted[pool] = 0;
  for (const host of demands)
    for (const d of host) if (Object.hasOwn(wanted, d.pool)) wanted[d.pool]! += d.wanted;

  let hosts = 1;
  let why = 'the pools fit one host';
  let wantedBytes = 0;
  for (const { pool, max, costBytes } of shape.pools) {
    const total = wanted[pool]!;
    if (costBytes !== null) wantedBytes += total * costBytes;
    if (max <= 0 || total <= max) continue;
    const byMax = Math.ceil(total / max);
    if (byMax > hosts) {
      hosts = byMax;
      why = `${pool} wants ${processes(total)} in all, at most ${max} a host: ${hostsWord(byMax)}`;
    }
  }
  const room = shape.poolBudgetBytes;
  if (room !== null && room > 0 && wantedBytes > room) {
    const byBudget = Math.ceil(wantedBytes / room - 1e-9);
    if (byBudget > hosts) {
      hosts = byBudget;
      why = `the pools want ${formatBytes(wantedBytes, 'MiB')} MiB in all, ${formatBytes(room, 'MiB')} MiB a host: ${hostsWord(byBudget)}`;
    }
  }
  return { hosts, why, wanted, wantedBytes };
}
