// The parts of the page drawn from the state as DOM: the header's numbers, the process table
// and the event lists. Text only goes in through textContent, never as HTML.
import { formatBytes } from './charts.js';
import { budgetSummary, fpmRows, hostsStrip } from './state.js';

const $ = (id) => document.getElementById(id);

function element(tag, text, attrs = {}) {
  const el = document.createElement(tag);
  if (text !== undefined && text !== null) el.textContent = text;
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value);
  return el;
}

function formatUptime(seconds) {
  if (seconds === null) return '';
  const h = Math.floor(seconds / 3600);
  const m = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const s = String(seconds % 60).padStart(2, '0');
  return `${h}:${m}:${s}`;
}

const timeOf = (iso) => new Date(iso).toLocaleTimeString([], { hour12: false });

function describeExit(exit) {
  if (!exit) return '';
  const code = exit.exit_code !== null ? ` ${exit.exit_code}` : '';
  return `${exit.reason}${code}${exit.signal ? ` ${exit.signal}` : ''}`;
}

// A PSS cell with a bar against the pool's max_memory, or against the largest process.
function memoryCell(proc, limit, largest) {
  const cell = element('td', null, { class: 'num' });
  if (proc.pss_bytes === null) return cell;
  const share = proc.pss_bytes / (limit || largest);
  const bar = element('span', null, { class: share > 1 ? 'bar over' : 'bar' });
  bar.style.width = `${Math.round(Math.min(1, share) * 40)}px`;
  cell.append(bar, formatBytes(proc.pss_bytes));
  return cell;
}

// The table `crew status` prints, with memory bars, RSS and the last exit.
export function renderTable(overview) {
  const limits = new Map(overview.pools.map((p) => [p.name, p.max_memory_bytes]));
  const largest = Math.max(1, ...overview.processes.map((p) => p.pss_bytes ?? 0));
  const rows = overview.processes.map((proc) => {
    const row = element('tr', null, { 'data-name': proc.name, 'data-pool': proc.pool });
    const name = element('td');
    name.append(element('span', `${proc.pool}:`, { class: 'pool' }), proc.name);
    if (proc.retiring) name.append(' (retiring)');
    row.append(
      name,
      element('td', proc.state, { class: 'state', 'data-state': proc.state }),
      element('td', proc.pid ?? '', { class: 'num' }),
      element('td', formatUptime(proc.uptime_s), { class: 'num' }),
      memoryCell(proc, limits.get(proc.pool), largest),
      element('td', proc.rss_bytes === null ? '' : formatBytes(proc.rss_bytes), { class: 'num' }),
      element('td', describeExit(proc.exits.at(-1)), { class: 'exit' }),
    );
    return row;
  });
  document.querySelector('#process-table tbody').replaceChildren(...rows);
  const running = overview.processes.filter((p) => p.state === 'RUNNING').length;
  $('process-count').textContent = `${running} of ${overview.processes.length} running`;
}

function summaryItems(overview) {
  const items = [];
  const c = overview.container;
  if (c) {
    const share = (100 * c.usage_bytes) / c.limit_bytes;
    const limit = c.has_limit ? `${formatBytes(c.limit_bytes)} (${share.toFixed(0)}%)` : 'no limit';
    items.push([
      'container',
      `${formatBytes(c.usage_bytes)} / ${limit}`,
      c.has_limit && share > 90,
    ]);
  }
  items.push(budgetSummary(overview));
  items.push(['crew', formatBytes(overview.crew.pss_bytes), false]);
  const running = overview.processes.filter((p) => p.state === 'RUNNING').length;
  const total = overview.processes.length;
  items.push(['processes', `${running} / ${total} running`, running < total]);
  if (overview.queues.length > 0) {
    const ready = overview.queues.reduce((sum, q) => sum + q.ready, 0);
    const wait = Math.max(0, ...overview.queues.map((q) => q.oldest_wait_ms ?? 0)) / 1000;
    items.push(['queues', `${ready} ready, oldest ${wait.toFixed(1)} s`, false]);
  }
  const shortfall = overview.pools.reduce((sum, p) => sum + p.shortfall, 0);
  if (shortfall > 0) items.push(['shortfall', `${shortfall} processes`, true]);
  return items;
}

// The header's numbers: container, budget used (its parts on hover), crew, processes, queues,
// shortfall.
export function renderSummary(overview) {
  $('summary').replaceChildren(
    ...summaryItems(overview).map(([label, value, over, detail]) => {
      const item = element('div', null, detail ? { title: detail } : {});
      item.append(element('dt', label), element('dd', value, over ? { class: 'over' } : {}));
      return item;
    }),
  );
}

// The backlog chart's legend: a queue a line, in the queue's colour.
export function renderQueueLegend(entries) {
  $('queues-legend').replaceChildren(
    ...entries.map(({ colour, text }) => {
      const item = element('li', text);
      item.style.setProperty('--marker', colour);
      return item;
    }),
  );
}

function listItem(at, text, bad) {
  const item = element('li');
  item.append(element('time', timeOf(at)), element('span', text, bad ? { class: 'bad' } : {}));
  return item;
}

// Recent exits, and scaling and config changes, newest first.
export function renderLists(state) {
  $('exits').replaceChildren(
    ...state.exits.map((e) => {
      const bad = !e.expected && e.reason !== 'stopped' && e.reason !== 'recycled';
      return listItem(e.at, `${e.pool}:${e.name} ${e.description}`, bad);
    }),
  );
  $('changes').replaceChildren(...state.changes.map((c) => listItem(c.at, c.text, c.bad)));
}

// The hosts strip under the header: hidden unless the store is shared by hosts.
export function renderHosts(cluster) {
  const strip = hostsStrip(cluster);
  $('hosts').hidden = strip === null;
  if (strip === null) return;
  $('hosts-desired').textContent = strip.desired;
  $('hosts-list').replaceChildren(
    ...strip.hosts.map((h) =>
      element('li', h.text, {
        title: h.title,
        class: ['host', h.me ? 'me' : '', h.gone ? 'gone' : ''].filter(Boolean).join(' '),
      }),
    ),
  );
}

// The PHP-FPM strip: a card per FPM [pool] with its children; hidden without FPM pools.
export function renderFpm(overview) {
  const rows = fpmRows(overview);
  $('fpm').hidden = rows.length === 0;
  $('fpm-list').replaceChildren(
    ...rows.map((row) => {
      const card = element('li', null, {
        class: 'fpm-pool',
        'data-pool': row.pool,
        'data-fpm-pool': row.fpmPool,
      });
      const head = element('div', null, { class: 'fpm-head', title: row.title });
      head.append(element('span', `${row.pool}: `, { class: 'pool' }), row.text);
      card.append(head);
      if (row.worstCase) card.append(element('div', row.worstCase, { class: 'fpm-worst' }));
      if (row.problem) card.append(element('div', row.problem, { class: 'fpm-problem' }));
      if (row.children.length > 0) {
        const list = element('ol', null, { class: 'fpm-children' });
        list.append(
          ...row.children.map((c) =>
            element(
              'li',
              c.text,
              c.active ? { title: c.title, class: 'active' } : { title: c.title },
            ),
          ),
        );
        card.append(list);
      }
      return card;
    }),
  );
}
