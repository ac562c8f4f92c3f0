// How many jobs to claim from each queue now (pure): free slots of the process, each queue's
// own limit, queues in priority order.

export interface SlotRules {
  // Queues in priority order.
  readonly queues: readonly string[];
  // Jobs at once in the whole process.
  readonly concurrency: number;
  // Jobs at once per queue, where limited.
  readonly perQueue: Readonly<Record<string, number>> | null;
}

export interface ClaimPlan {
  readonly claims: readonly { readonly queue: string; readonly limit: number }[];
  // At most this many in all.
  readonly total: number;
}

export function planClaims(rules: SlotRules, running: ReadonlyMap<string, number>): ClaimPlan {
  let busy = 0;
  for (const n of running.values()) busy += n;
  const total = Math.max(0, rules.concurrency - busy);
  if (total === 0) return { claims: [], total: 0 };
  const claims = [];
  for (const queue of rules.queues) {
    const own = rules.perQueue?.[queue];
    const limit = Math.min(total, own === undefined ? total : own - (running.get(queue) ?? 0));
    if (limit > 0) claims.push({ queue, limit });
  }
  return { claims, total: claims.length === 0 ? 0 : total };
}
