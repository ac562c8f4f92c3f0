// The pm settings crew recommends for one PHP-FPM pool, from its load, its children's memory
// and the room its budget leaves. Pure. The rules, by php-fpm's semantics (static keeps
// max_children always; dynamic keeps between min and max spare idle, starting start_servers;
// ondemand spawns on request and stops a child after process_idle_timeout idle):
// - demand at a reading = active + listen queue; its peak, p95 and median are used, and the
//   request rate from accepted-conn deltas (a drop: FPM restarted, that interval is skipped).
// - pm.max_children = ceil(peak demand × 1.25), at least 2, capped by what the budget holds:
//   floor((room − master) / child), never below 1; `note` says when the cap is below the need.
//   No readings: the written value, still capped. A rise of max children reached or a queue
//   seen is named in the reason: the written value was too small.
// - pm: static when median demand ≥ 70% of max_children; ondemand when the median is 0 and
//   under 1 request/s, or no request came at all; dynamic otherwise. No readings: kept.
// - dynamic: min_spare = max(1, ceil(median / 2)), max_spare = max(min_spare + 1, ceil(p95)),
//   start = clamp(ceil(median) + 1, min_spare, max_spare), all fitted to
//   0 < min_spare ≤ start ≤ max_spare ≤ max_children (spares.ts).
// - ondemand: process_idle_timeout as written when php-fpm accepts it, else 10s.
// - pm.max_requests: see max-requests.ts (recycle before a leak adds 25%, round, ≥ 50; else
//   kept, or 500 when unlimited).
import type { FpmPm } from '../config/types.js';
import { measureChildGrowth } from './child-growth.js';
import { summarizeFpmLoad } from './load-stats.js';
import { adviseMaxChildren } from './max-children.js';
import { adviseMaxRequests } from './max-requests.js';
import type { FpmPlan, FpmPlanInput, FpmSettingAdvice } from './plan-types.js';
import { choosePm, ondemandIdleTimeoutMs } from './pm-choice.js';
import { adviseSpares } from './spares.js';
import { fpmWorstCaseBytes } from './worst-case.js';

export type {
  FpmChildSample,
  FpmCurrent,
  FpmLoadSample,
  FpmPlan,
  FpmPlanInput,
  FpmSettingAdvice,
  FpmSettingKey,
} from './plan-types.js';

const seconds = (ms: number) => `${ms / 1000}s`;

function advice(
  key: FpmSettingAdvice['key'],
  from: string | number,
  to: string | number,
  reason: string,
): FpmSettingAdvice {
  return { key, from: String(from), to: String(to), reason };
}

// The recommended pm settings of one pool, each with its reason (the rules above).
export function recommendPm(input: FpmPlanInput): FpmPlan {
  const { current, memory } = input;
  const stats = summarizeFpmLoad(input.load);
  const children = adviseMaxChildren(current, memory, input.roomBytes, stats);
  const maxChildren = children.value;
  const choice = choosePm(current, stats, maxChildren);
  const pm: FpmPm = choice.pm;
  const requests = adviseMaxRequests(current, measureChildGrowth(input.children));
  const settings: FpmSettingAdvice[] = [
    advice('pm', current.pm, pm, choice.reason),
    advice('pm.max_children', current.maxChildren, maxChildren, children.reason),
  ];
  // Settings the chosen pm does not use stay as written.
  let { startServers, minSpareServers, maxSpareServers } = current;
  let idleTimeoutMs = current.processIdleTimeoutMs;
  if (pm === 'dynamic') {
    const spares = adviseSpares(current, stats, maxChildren);
    ({ startServers, minSpareServers, maxSpareServers } = spares);
    settings.push(
      advice('pm.start_servers', current.startServers, startServers, spares.startReason),
      advice('pm.min_spare_servers', current.minSpareServers, minSpareServers, spares.minReason),
      advice('pm.max_spare_servers', current.maxSpareServers, maxSpareServers, spares.maxReason),
    );
  }
  if (pm === 'ondemand') {
    const [timeoutMs, reason] = ondemandIdleTimeoutMs(current);
    idleTimeoutMs = timeoutMs;
    const from = seconds(current.processIdleTimeoutMs);
    settings.push(advice('pm.process_idle_timeout', from, seconds(timeoutMs), reason));
  }
  settings.push(advice('pm.max_requests', current.maxRequests, requests.value, requests.reason));
  return {
    pool: current.name,
    pm,
    maxChildren,
    startServers,
    minSpareServers,
    maxSpareServers,
    maxRequests: requests.value,
    processIdleTimeoutMs: idleTimeoutMs,
    settings,
    worstCaseBytes: memory === null ? null : fpmWorstCaseBytes(maxChildren, memory),
    note: children.note,
  };
}
