// The most memory one php-fpm master and its children can take: every pool it runs at
// pm.max_children at once, each child at its p95 PSS. That is the figure a budget must hold,
// whatever pm says: dynamic and ondemand only get there later, static from the start.

export interface FpmMemoryModel {
  // PSS of the php-fpm master.
  readonly masterBytes: number;
  // p95 PSS of one child.
  readonly childBytes: number;
}

// master + max_children × child, summed over the FPM pools that one master runs.
export function fpmWorstCaseBytes(
  maxChildren: readonly number[] | number,
  model: FpmMemoryModel,
): number {
  const counts = typeof maxChildren === 'number' ? [maxChildren] : maxChildren;
  const children = counts.reduce((sum, count) => sum + count, 0);
  return model.masterBytes + children * model.childBytes;
}
