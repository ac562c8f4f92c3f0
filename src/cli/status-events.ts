// `crew status --events`: the autoscaler's recent decisions, each with its reason, and the pools
// it scales (range, need, where they are, shortfall, pins), from the daemon's overview.
import type { Overview } from '../control/wire/overview.js';
import { formatTable } from './table.js';

// `09:12:03` in local time.
function clockOf(iso: string): string {
  const at = new Date(iso);
  return [at.getHours(), at.getMinutes(), at.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}

// The lines to print: the scaled pools, then the decisions, oldest first.
export function formatScaleEvents(overview: Pick<Overview, 'scaling' | 'events'>): string[] {
  const lines: string[] = [];
  const scaled = overview.scaling.filter((s) => s.min !== s.max || s.pinned);
  if (scaled.length > 0) {
    lines.push(
      ...formatTable(
        [
          ['POOL', 'RANGE', 'NEEDED', 'PROCS', 'SHORTFALL', ''],
          ...scaled.map((s) => [
            s.pool,
            `${s.min}..${s.max}`,
            String(s.needed),
            String(s.desired),
            String(s.shortfall),
            s.pinned ? 'pinned' : '',
          ]),
        ],
        new Set([2, 3, 4]),
      ),
    );
  }
  const decisions = overview.events.filter((e) => e.type === 'scale:decision');
  lines.push(decisions.length === 0 ? 'no scaling decisions yet' : 'recent decisions:');
  for (const event of decisions) lines.push(`  ${clockOf(event.at)}  ${String(event.reason)}`);
  return lines;
}
