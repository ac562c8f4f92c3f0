// crew's dashboard: /history fills the charts' first view (memory and queues), /status is polled for the numbers,
// the table and the hosts on a shared store, /events streams exits and decisions as they happen (state.js holds and caps it all).
import {
  colourOf,
  createChartSlot,
  memoryChart,
  processesChart,
  queueLegend,
  queuesChart,
} from './charts.js';
import { createFeed } from './feed.js';
import {
  createState,
  mergeHistory,
  mergeQueueHistory,
  recordQueues,
  takeEvent,
  takeOverview,
} from './state.js';
import {
  renderFpm,
  renderHosts,
  renderLists,
  renderQueueLegend,
  renderSummary,
  renderTable,
} from './views.js';

const POLL_MS = 2000;

const state = createState();
const $ = (id) => document.getElementById(id);
const slots = {
  memory: createChartSlot($('memory-chart')),
  processes: createChartSlot($('processes-chart')),
  queues: createChartSlot($('queues-chart')),
};
const feed = createFeed({
  onUnauthorized: () => {
    if (!$('token-dialog').open) $('token-dialog').showModal();
  },
  onConnection: (s) => {
    $('connection').dataset.state = s;
    $('connection').textContent = s === 'live' ? 'live' : 'reconnecting…';
  },
});

const poolNames = () => (state.overview?.pools ?? []).map((p) => p.name);
const take = (event) => takeEvent(state, event, (pool) => colourOf(pool, poolNames())[0]);

function memoryLines(overview, h) {
  const constant = (value) => h.at.map(() => value);
  const lines = [{ label: 'container', colour: '#1d2330', values: h.container, dash: [] }];
  if (overview.budget_bytes !== null) {
    const values = constant(overview.budget_bytes);
    lines.push({ label: 'budget', colour: '#c4320a', values, dash: [8, 4] });
  }
  if (overview.container?.has_limit) {
    const values = constant(overview.container.limit_bytes);
    lines.push({ label: 'limit', colour: '#7a0d0d', values, dash: [2, 3] });
  }
  return lines;
}

function renderCharts() {
  const overview = state.overview;
  if (!overview) return;
  const names = poolNames();
  const h = state.history;
  const series = (group) =>
    names.map((name) => ({
      label: name,
      values: group[name] ?? [],
      colours: colourOf(name, names),
    }));
  const layers = [
    ...series(h.pools),
    { label: 'crew', values: h.crew, colours: colourOf('crew', names) },
  ];
  const memory = memoryChart(h, layers, memoryLines(overview, h));
  slots.memory.show(memory.key, memory.options, memory.data);

  const processes = processesChart(h, series(h.processes), state.decisions, $('decision-tip'));
  slots.processes.show(processes.key, processes.options, processes.data);

  const queueNames = Object.keys(state.queues.queues);
  $('queues-empty').hidden = queueNames.length > 0;
  if (queueNames.length === 0) {
    renderQueueLegend([]);
    return slots.queues.clear();
  }
  const queues = queueNames.map((name) => ({
    name,
    colours: colourOf(name, queueNames),
    hasTarget: state.queues.queues[name].target.some((v) => v !== null),
  }));
  const chart = queuesChart(state.queues, queues);
  slots.queues.show(chart.key, chart.options, chart.data);
  renderQueueLegend(queueLegend(state.queues, queues));
}

async function refresh() {
  const since = state.history.at.at(-1);
  const [overview, history] = await Promise.all([
    feed.getJson('status?cluster=1'),
    feed.getJson(since === undefined ? 'history' : `history?since=${since}`),
  ]);
  takeOverview(state, overview);
  for (const event of overview.events) take(event);
  mergeHistory(state, history);
  // The queues over time come with /history (filled on load); a daemon without it: each poll.
  if (history.queues) mergeQueueHistory(state, history.queues);
  else recordQueues(state, overview);
  renderSummary(overview);
  renderHosts(overview.cluster);
  renderFpm(overview);
  renderTable(overview);
  renderLists(state);
  renderCharts();
}

let soon = null;
// A refresh shortly after a burst of process events, so the table follows them.
function refreshSoon() {
  if (soon !== null) return;
  soon = setTimeout(() => {
    soon = null;
    refresh().catch(() => {});
  }, 300);
}

async function start() {
  $('token-dialog').addEventListener('close', () => {
    const token = $('token-input').value.trim();
    if (token) feed.setToken(token);
    refresh().catch(() => {});
  });
  await refresh().catch(() => {});
  feed.streamEvents(
    () => state.lastEventId,
    (event) => {
      if (!take(event)) return;
      renderLists(state);
      if (event.type.startsWith('process:') || event.type === 'pool:scale') refreshSoon();
    },
  );
  setInterval(() => {
    // A hidden tab costs the daemon nothing; the next visible tick catches up from /history.
    if (!document.hidden) refresh().catch(() => {});
  }, POLL_MS);
}

// For tests and for poking at from the console.
window.crewDashboard = { state, slots };
start();
