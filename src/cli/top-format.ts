// One frame of `crew top` (pure): the container and budget, each pool, each process with a
// memory bar, the queues and the latest decisions and exits, cut to the terminal's size.
import { formatBytes } from '../config/units.js';
import type { EventJson } from '../control/wire/event.js';
import type { Overview } from '../control/wire/overview.js';
import { formatTable } from './table.js';

export interface FrameSize {
  readonly columns: number;
  // null: no limit (`--once`, a pipe).
  readonly rows: number | null;
}

const BAR = 10;

// A bar of BAR cells: the share filled, `!` past the end when over.
export function memoryBar(share: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, share)) * BAR);
  return `${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}${share > 1 ? '!' : ' '}`;
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;

function clock(iso: string): string {
  return iso.slice(11, 19);
}

function uptime(seconds: number | null): string {
  if (seconds === null) return '';
  const h = Math.floor(seconds / 3600);
  const m = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  return `${h}:${m}:${String(seconds % 60).padStart(2, '0')}`;
}

function headline(o: Overview): string {
  const parts = [`crew top  ${clock(o.at)} UTC`];
  if (o.container) {
    const limit = o.container.has_limit
      ? `${formatBytes(o.container.limit_bytes)} (${percent(o.container.usage_bytes, o.container.limit_bytes)})`
      : 'no limit';
    parts.push(`container ${formatBytes(o.container.usage_bytes)} / ${limit}`);
  }
  const used = o.crew.pss_bytes + o.pools.reduce((sum, pool) => sum + pool.pss_bytes, 0);
  parts.push(
    o.budget_bytes === null
      ? `pools+crew ${formatBytes(used)}`
      : `budget ${formatBytes(used)} of ${formatBytes(o.budget_bytes)} (${percent(used, o.budget_bytes)})`,
  );
  parts.push(`crew ${formatBytes(o.crew.pss_bytes)}`);
  return parts.join('   ');
}

function poolLines(o: Overview): string[] {
  const rows = o.pools.map((pool) => {
    const running = pool.states.RUNNING ?? 0;
    const others = Object.entries(pool.states)
      .filter(([state]) => state !== 'RUNNING')
      .map(([state, n]) => `${n} ${state}`)
      .join(', ');
    return [
      pool.name,
      `${running}/${pool.target}`,
      formatBytes(pool.pss_bytes),
      String(pool.desired),
      pool.shortfall > 0 ? String(pool.shortfall) : '',
      others,
    ];
  });
  return formatTable(
    [['POOL', 'RUNNING', 'PSS', 'DESIRED', 'SHORT', ''], ...rows],
    new Set([1, 2, 3, 4]),
  );
}

function processLines(o: Overview): string[] {
  const limits = new Map(o.pools.map((pool) => [pool.name, pool.max_memory_bytes] as const));
  const largest = Math.max(1, ...o.processes.map((proc) => proc.pss_bytes ?? 0));
  const rows = o.processes.map((proc) => {
    const limit = limits.get(proc.pool) ?? null;
    const pss = proc.pss_bytes;
    const bar = pss === null ? '' : memoryBar(pss / (limit ?? largest));
    return [
      `${proc.pool}:${proc.name}${proc.retiring ? ' (retiring)' : ''}`,
      proc.state,
      proc.pid === null ? '' : String(proc.pid),
      uptime(proc.uptime_s),
      bar,
      pss === null ? '' : formatBytes(pss),
    ];
  });
  return formatTable(
    [['PROCESS', 'STATE', 'PID', 'UPTIME', 'PSS', ''], ...rows],
    new Set([2, 3, 5]),
  );
}

function queueLines(o: Overview): string[] {
  if (o.queues.length === 0) return [];
  const seconds = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
  const rows = o.queues.map((q) => [
    q.queue,
    String(q.ready),
    String(q.delayed),
    String(q.reserved),
    seconds(q.oldest_wait_ms),
    q.target_wait_ms === null ? '' : seconds(q.target_wait_ms),
  ]);
  return formatTable(
    [['QUEUE', 'READY', 'DELAYED', 'RESERVED', 'OLDEST', 'TARGET'], ...rows],
    new Set([1, 2, 3, 4, 5]),
  );
}

function eventLine(event: EventJson): string | null {
  const when = clock(event.at);
  switch (event.type) {
    case 'scale:decision':
      return `${when}  ${String(event.reason)}`;
    case 'pool:scale':
      return `${when}  ${String(event.pool)} ${String(event.from)}→${String(event.to)}: ${String(event.reason)}`;
    case 'process:exit':
      return `${when}  ${String(event.pool)}:${String(event.name)} ${String(event.description)}`;
    default:
      return null;
  }
}

function recent(o: Overview, types: readonly string[], count: number): string[] {
  return o.events
    .filter((event) => types.includes(event.type))
    .slice(-count)
    .reverse()
    .flatMap((event) => eventLine(event) ?? []);
}

// The frame's lines, each cut to the width; with a row limit the process list gives way first.
export function renderTop(o: Overview, size: FrameSize): string[] {
  const decisions = recent(o, ['scale:decision', 'pool:scale'], 3);
  const exits = recent(o, ['process:exit'], 3);
  const before = [headline(o), '', ...poolLines(o), ''];
  const after = [
    ...(o.queues.length > 0 ? ['', ...queueLines(o)] : []),
    '',
    'LAST DECISIONS',
    ...(decisions.length > 0 ? decisions : ['(none yet)']),
    '',
    'RECENT EXITS',
    ...(exits.length > 0 ? exits : ['(none)']),
  ];
  let processes = processLines(o);
  if (size.rows !== null) {
    const room = Math.max(2, size.rows - before.length - after.length - 1);
    if (processes.length > room) {
      const hidden = processes.length - (room - 1);
      processes = [...processes.slice(0, room - 1), `… ${hidden} more (crew status lists all)`];
    }
  }
  const lines = [...before, ...processes, ...after];
  return lines.map((line) => (line.length > size.columns ? line.slice(0, size.columns) : line));
}
