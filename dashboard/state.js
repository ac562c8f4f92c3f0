// What the dashboard holds, and the pure steps that change it: merging /history answers (memory
// and the queues), adding a /status reading of the queues (a daemon without queue history),
// taking events, and the "budget used" summary. Every series and list is capped, so a tab left
// open for days holds what it held after fifteen minutes. No DOM here: tests run it in Node.

export const MAX_POINTS = 900; // 15 minutes of 1 s points
export const MAX_QUEUE_POINTS = 900; // 15 minutes of 1 s points
export const MAX_ITEMS = 50; // exits, changes, decision marks

export function createState() {
  return {
    overview: null,
    history: { at: [], crew: [], container: [], pools: {}, processes: {} },
    queues: { at: [], queues: {} },
    exits: [],
    changes: [],
    decisions: [],
    lastEventId: 0,
  };
}

// Keeps the newest `max` entries of an array (oldest first), in place.
function keepNewest(array, max) {
  if (array.length > max) array.splice(0, array.length - max);
}

// Appends a /history answer. It starts with the still-filling bucket already held, which it
// replaces; series of pools that appear later are padded with zeros in front.
export function mergeHistory(state, fresh) {
  const h = state.history;
  if (fresh.at.length === 0) return;
  let keep = h.at.findIndex((at) => at >= fresh.at[0]);
  if (keep < 0) keep = h.at.length;
  const join = (old = [], next = []) => [
    ...old.slice(0, keep),
    ...new Array(Math.max(0, keep - old.length)).fill(0),
    ...(next.length > 0 ? next : new Array(fresh.at.length).fill(0)),
  ];
  const merged = {
    at: join(h.at, fresh.at),
    crew: join(h.crew, fresh.crew),
    // JSON has no NaN: an unknown container reading arrives as null.
    container: join(
      h.container,
      fresh.container.map((v) => v ?? Number.NaN),
    ),
    pools: {},
    processes: {},
  };
  for (const name of new Set([...Object.keys(h.pools), ...Object.keys(fresh.pools)])) {
    merged.pools[name] = join(h.pools[name], fresh.pools[name]);
    merged.processes[name] = join(h.processes[name], fresh.processes?.[name]);
  }
  for (const series of [merged.at, merged.crew, merged.container]) keepNewest(series, MAX_POINTS);
  for (const group of [merged.pools, merged.processes]) {
    for (const series of Object.values(group)) keepNewest(series, MAX_POINTS);
  }
  state.history = merged;
}

// Appends /history's queue points newer than those held; a queue that appears later is padded
// with gaps (null) in front, one missing from the answer gets gaps.
export function mergeQueueHistory(state, fresh) {
  const q = state.queues;
  const last = q.at.at(-1) ?? Number.NEGATIVE_INFINITY;
  const start = fresh.at.findIndex((at) => at > last);
  if (start < 0) return;
  const count = fresh.at.length - start;
  const held = q.at.length;
  q.at.push(...fresh.at.slice(start));
  const gaps = (n) => new Array(n).fill(null);
  for (const name of Object.keys(fresh.queues)) {
    q.queues[name] ??= { ready: gaps(held), wait: gaps(held), target: gaps(held) };
  }
  for (const [name, series] of Object.entries(q.queues)) {
    const f = fresh.queues[name];
    const seconds = (ms) => (ms === null ? null : ms / 1000);
    series.ready.push(...(f ? f.ready.slice(start) : gaps(count)));
    series.wait.push(...(f ? f.oldest_wait_ms.slice(start).map(seconds) : gaps(count)));
    series.target.push(...(f ? f.target_wait_ms.slice(start).map(seconds) : gaps(count)));
    for (const values of Object.values(series)) keepNewest(values, MAX_QUEUE_POINTS);
  }
  keepNewest(q.at, MAX_QUEUE_POINTS);
}

// Adds the queues of one /status reading; a queue that vanishes gets gaps (null).
export function recordQueues(state, overview) {
  const q = state.queues;
  q.at.push(Date.parse(overview.at));
  const gaps = () => new Array(q.at.length - 1).fill(null);
  for (const report of overview.queues) {
    q.queues[report.queue] ??= { ready: gaps(), wait: gaps(), target: gaps() };
  }
  const reports = new Map(overview.queues.map((r) => [r.queue, r]));
  for (const [name, series] of Object.entries(q.queues)) {
    const report = reports.get(name);
    series.ready.push(report ? report.ready : null);
    series.wait.push(report ? (report.oldest_wait_ms ?? 0) / 1000 : null);
    series.target.push(report?.target_wait_ms != null ? report.target_wait_ms / 1000 : null);
    for (const values of Object.values(series)) keepNewest(values, MAX_QUEUE_POINTS);
  }
  keepNewest(q.at, MAX_QUEUE_POINTS);
}

// A line for the "scaling and config" list, or null for events that are not such a change.
export function describeChange(event) {
  switch (event.type) {
    case 'scale:decision':
      return event.reason;
    case 'pool:scale':
      return `${event.pool} ${event.from}→${event.to}: ${event.reason}`;
    case 'process:recycle':
      return `${event.kind === 'kill' ? 'killed runaway' : 'recycling'} ${event.name}: ${event.reason}`;
    case 'config:apply':
      return `config version ${event.version ?? '-'}: ${event.changes.join('; ') || 'no changes'}`;
    case 'supervisor:critical':
      return `critical pool ${event.pool}: ${event.process} is FATAL, stopping everything`;
    default:
      return null;
  }
}

// Whether a decision of the same pool to the same count, within 5 s, is held already: the
// autoscaler emits scale:decision, then the supervisor pool:scale for the same change (as
// `crew top` pairs them, src/cli/top-format.ts).
function isDecisionTwin(state, event) {
  if (event.type !== 'scale:decision' && event.type !== 'pool:scale') return false;
  const at = Date.parse(event.decided_at ?? event.at);
  return state.decisions.some(
    (d) => d.pool === event.pool && d.to === event.to && Math.abs(d.at - at) < 5000,
  );
}

// A mark on the processes chart; the autoscaler's decision and the scale that carries it out
// are one mark. The autoscaler's own time is used for its decisions.
function addDecision(state, event, colour) {
  const at = Date.parse(event.decided_at ?? event.at);
  state.decisions.push({ at, pool: event.pool, to: event.to, text: describeChange(event), colour });
  keepNewest(state.decisions, MAX_ITEMS);
}

// Notes a reading of /status; a daemon that restarted numbers its events from 1 again.
export function takeOverview(state, overview) {
  if (overview.last_event_id < state.lastEventId) state.lastEventId = 0;
  state.overview = overview;
}

// Takes one event (from /status's list or the stream); false for one already taken.
// `colourOf(pool)` gives a decision mark its pool's colour.
export function takeEvent(state, event, colourOf) {
  if (event.id <= state.lastEventId) return false;
  state.lastEventId = event.id;
  if (event.type === 'process:exit') {
    state.exits.unshift(event);
    state.exits.length = Math.min(state.exits.length, MAX_ITEMS);
  }
  // The scale that carries out the autoscaler's decision is that decision: listed once.
  const twin = isDecisionTwin(state, event);
  const change = twin ? null : describeChange(event);
  if (change) {
    state.changes.unshift({
      at: event.at,
      text: change,
      bad: event.type === 'supervisor:critical',
    });
    state.changes.length = Math.min(state.changes.length, MAX_ITEMS);
  }
  if (!twin && (event.type === 'scale:decision' || event.type === 'pool:scale')) {
    addDecision(state, event, colourOf(event.pool));
  }
  return true;
}

// The header's "budget used" item as `crew stats` and `crew top` word it (the daemon's
// budget.description, src/control/wire/budget-used.ts): [label, text, over, breakdown].
export function budgetSummary(overview) {
  const { budget } = overview;
  return ['budget used', budget.description, budget.over, budget.breakdown];
}

// The hosts strip (shown when the store is shared): one chip per host on it, live ones first,
// and the hosts the work wants. [{id, text, title, me, gone}], and the sentence; null without
// a shared store (or from a daemon that does not answer /status?cluster=1).
export function hostsStrip(cluster) {
  if (!cluster?.shared_store) return null;
  const mib = (bytes) => `${Math.round(bytes / 1048576)}`;
  const memory = (h) =>
    h.used_bytes === null
      ? ''
      : h.budget_bytes === null
        ? ` · ${mib(h.used_bytes)} MiB`
        : ` · ${mib(h.used_bytes)}/${mib(h.budget_bytes)} MiB`;
  const pools = (h) => h.pools.map((p) => `${p.name} ${p.processes}`).join(', ');
  const hosts = [...cluster.hosts].sort(
    (a, b) => Number(a.state === 'gone') - Number(b.state === 'gone'),
  );
  return {
    hosts: hosts.map((h) => ({
      id: h.id,
      me: h.me,
      gone: h.state === 'gone',
      text: `${h.hostname}${h.me ? ' (this)' : ''}${memory(h)} · ${pools(h)}`,
      title:
        h.state === 'gone'
          ? `${h.id}: gone at ${h.gone_at}, declared by ${h.gone_by}`
          : `${h.id}: crew ${h.version}, pid ${h.pid}, heartbeat ${h.heartbeat_age_ms === null ? '-' : `${(h.heartbeat_age_ms / 1000).toFixed(1)} s ago`}`,
    })),
    desired: `${cluster.desired_hosts} wanted, ${cluster.live_hosts} live: ${cluster.why}`,
  };
}

// The PHP-FPM strip: a card per FPM [pool] of the fpm: pools, in the words of `crew status`
// (src/cli/fpm-format.ts). [{pool, fpmPool, text, worstCase, title, problem, children}], each
// child {pid, text, title, active}; empty (the strip hidden) without FPM pools.
export function fpmRows(overview) {
  const mib = (bytes) => (bytes === null ? '?' : `${Math.round(bytes / 1048576)} MiB`);
  return (overview?.fpm ?? []).map((entry) => {
    const s = entry.status;
    const head = `php-fpm [${entry.fpm_pool}] ${entry.pm}`;
    const slow = s?.slow_requests == null ? '' : ` · slow ${s.slow_requests}`;
    const text =
      s === null
        ? `${head} — max children ${entry.max_children}`
        : `${head} — active ${s.active}/${entry.max_children} · idle ${s.idle} · queue ${s.listen_queue} · max children reached ${s.max_children_reached}${slow}`;
    return {
      pool: entry.pool,
      fpmPool: entry.fpm_pool,
      text,
      worstCase:
        entry.worst_case_bytes === null
          ? null
          : `worst case ${entry.max_children} × ${mib(entry.child_p95_bytes)} + master = ${mib(entry.worst_case_bytes)}`,
      title: `master ${mib(entry.master_pss_bytes)}; pm.max_children at ${entry.max_children_at}`,
      problem: entry.problem === null ? null : `status page: ${entry.problem}`,
      children: entry.children.map((c) => ({
        pid: c.pid,
        text: `${c.pid} ${c.state.toLowerCase()} · ${c.requests} requests · PSS ${mib(c.pss_bytes)}`,
        title: c.serving_crew
          ? "answering crew's reading of the status page (counted idle)"
          : `last request ${c.request_duration_ms} ms, ${mib(c.last_request_memory_bytes)}, ${c.last_request_cpu_percent}% CPU`,
        active: c.state !== 'Idle' && !c.serving_crew,
      })),
    };
  });
}
