// The autoscaler's outputs as the rest of crew sees them (events, /status, /metrics, the
// dashboard). The policy itself lives beside this file and imports only types.

// One decision for one pool, with the sentence that explains it, e.g.
// "payments 1→2: oldest job waited 7.2 s > target 5 s (312 of 400 MiB used)".
export interface ScaleDecision {
  readonly pool: string;
  readonly from: number;
  readonly to: number;
  readonly reason: string;
  // Unix ms of the tick that made it.
  readonly at: number;
  // The budget's figures at that tick; absent without a budget.
  readonly budget?: DecisionBudget;
}

// What the budget counted when a decision was made (budget-view.ts).
export interface DecisionBudget {
  // crew: crew, its pools and the `other` allowance; container: the cgroup's usage.
  readonly scope: 'crew' | 'container';
  readonly usedBytes: number;
  readonly budgetBytes: number;
  // Counted beyond crew and its pools: the allowance (crew) or what the cgroup holds beyond
  // them, at least the allowance (container).
  readonly otherBytes: number;
  // In the cgroup but not crew's and not counted (scope crew); null when unknown or none.
  readonly outsideBytes: number | null;
}

// Where a pool stands after the latest tick.
export interface PoolScaling {
  readonly pool: string;
  readonly min: number;
  readonly max: number;
  // What the backlog asks for, before the budget.
  readonly needed: number;
  // What the backlog asks for before min and max (0 with no work): past max, the work wants
  // more hosts. `crew_desired_hosts` sums it over the hosts sharing the queues
  // (scale/desired-hosts.ts).
  readonly wanted: number;
  // What the policy set after the budget fit.
  readonly desired: number;
  // needed − what the budget allowed (0 when it fits): the signal to add containers.
  readonly shortfall: number;
  // `crew scale POOL=N` pinned it; the policy leaves it alone until `crew scale POOL=auto`.
  readonly pinned: boolean;
}
