// Sharing the memory budget among pools: every pool keeps its min whatever the budget says;
// what is left after crew, "other" and the mins goes to the pools by priority (lowest number
// first), one process at a time round-robin among pools of equal priority — late pools (oldest
// job over its target) before pools on time, so equals take turns rather than one starving —
// each process costed at its pool's per-process cost. A pool whose next process does not fit
// leaves the rest to pools with smaller processes.

export interface FitRequest {
  readonly pool: string;
  readonly priority: number;
  readonly min: number;
  // What the pool asks for (at least min).
  readonly ask: number;
  // null: not known; such a pool's ask is capped by the caller and its processes count as 0.
  readonly costBytes: number | null;
  // Its oldest job waited longer than its target.
  readonly late?: boolean;
}

export interface FitResult {
  // Processes each pool may have, by pool name.
  readonly allowed: Readonly<Record<string, number>>;
  // What the mins cost.
  readonly minsBytes: number;
  // Budget left after the mins and the grants (negative: the mins alone do not fit).
  readonly leftBytes: number;
}

// Groups requests by priority, ascending, keeping their order within a priority.
function levels(requests: readonly FitRequest[]): FitRequest[][] {
  const byPriority = new Map<number, FitRequest[]>();
  for (const request of requests) {
    const level = byPriority.get(request.priority) ?? [];
    level.push(request);
    byPriority.set(request.priority, level);
  }
  return [...byPriority.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, level]) => [...level.filter((r) => r.late), ...level.filter((r) => !r.late)]);
}

// Fits the asks into `poolBudgetBytes` (the budget minus crew and other); null: no budget.
export function fitBudget(
  requests: readonly FitRequest[],
  poolBudgetBytes: number | null,
): FitResult {
  const allowed: Record<string, number> = {};
  let minsBytes = 0;
  for (const request of requests) {
    allowed[request.pool] = poolBudgetBytes === null ? request.ask : request.min;
    minsBytes += request.min * (request.costBytes ?? 0);
  }
  if (poolBudgetBytes === null) return { allowed, minsBytes, leftBytes: Number.POSITIVE_INFINITY };
  let left = poolBudgetBytes - minsBytes;
  for (const level of levels(requests)) {
    let granted = true;
    while (granted) {
      granted = false;
      for (const request of level) {
        const cost = request.costBytes ?? 0;
        if (allowed[request.pool]! >= request.ask || cost > left) continue;
        allowed[request.pool]! += 1;
        left -= cost;
        granted = true;
      }
    }
  }
  return { allowed, minsBytes, leftBytes: left };
}
