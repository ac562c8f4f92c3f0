// One frame of `crew top` (pure): the container and "budget used" (as `crew stats` prints it),
// each pool, each process with a memory bar, the queues and the latest decisions and exits, cut
// to the terminal's size (an 80×24 terminal shows it all, the header first).
import { formatBytes } from '../config/units.js';
import type { EventJson } from '../control/wire/event.js';
import type { Overview } from '../control/wire/overview.js';
import { budgetLines } from './stats-format.js';
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

// The first lines: the clock and the container, then "budget used" as `crew stats` words it.
function headline(o: Overview): string[] {
  const parts = [`crew top  ${clock(o.at)} UTC`];
  if (o.container) {
    const limit = o.container.has_limit
      ? `${formatBytes(o.container.limit_bytes)} (${percent(o.container.usage_bytes, o.container.limit_bytes)})`
      : 'no limit';
    parts.push(`container ${formatBytes(o.container.usage_bytes)} / ${limit}`);
  }
  return [parts.join('   '), ...budgetLines(o.budget)];
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

// The autoscaler emits scale:decision and then the supervisor pool:scale for the same change:
// a pool:scale to the same count of the same pool within 5 s of a decision is that decision.
export function isDecisionTwin(event: EventJson, earlier: readonly EventJson[]): boolean {
  if (event.type !== 'pool:scale') return false;
  const at = Date.parse(event.at);
  return earlier.some(
    (e) =>
      e.type === 'scale:decision' &&
      e.pool === event.pool &&
      e.to === event.to &&
      Math.abs(at - Date.parse(e.at)) < 5000,
  );
}

function recent(o: Overview, types: readonly string[], count: number): string[] {
  const kept = o.events.filter((event) => types.includes(event.type));
  return kept
    .filter((event, i) => !isDecisionTwin(event, kept.slice(0, i)))
    .slice(-count)
    .reverse()
    .flatMap((event) => eventLine(event) ?? []);
}

// The latest decisions and exits, `count` of each.
function eventSections(o: Overview, count: number): string[] {
  if (count === 0) return [];
  const decisions = recent(o, ['scale:decision', 'pool:scale'], count);
  const exits = recent(o, ['process:exit'], count);
  return [
    '',
    'LAST DECISIONS',
    ...(decisions.length > 0 ? decisions : ['(none yet)']),
    '',
    'RECENT EXITS',
    ...(exits.length > 0 ? exits : ['(none)']),
  ];
}

// The least of the process list a frame keeps: its heading, one process and the "more" line.
const MIN_PROCESS_LINES = 3;

// The frame's lines, each cut to the width. With a row limit the frame never has more lines
// than rows (a longer one would scroll the header away): the decisions and exits shrink from 3
// to 1 each, then go, and the process list takes the room that is left.
export function renderTop(o: Overview, size: FrameSize): string[] {
  const before = [...headline(o), '', ...poolLines(o), ''];
  const queues = o.queues.length > 0 ? ['', ...queueLines(o)] : [];
  let processes = processLines(o);
  let events = eventSections(o, 3);
  if (size.rows !== null) {
    const rows = size.rows;
    const fixed = before.length + queues.length;
    const room = (count: number) => rows - fixed - eventSections(o, count).length;
    let count = 3;
    while (count > 0 && room(count) < Math.min(processes.length, MIN_PROCESS_LINES)) count -= 1;
    events = eventSections(o, count);
    const left = Math.max(0, room(count));
    if (processes.length > left) {
      const shown = Math.max(0, left - 1);
      processes =
        left === 0
          ? []
          : [
              ...processes.slice(0, shown),
              `… ${processes.length - Math.max(1, shown)} more (crew status lists all)`,
            ];
    }
  }
  let lines = [...before, ...processes, ...queues, ...events];
  if (size.rows !== null) lines = lines.slice(0, size.rows);
  return lines.map((line) => (line.length > size.columns ? line.slice(0, size.columns) : line));
}
