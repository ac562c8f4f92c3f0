// The three charts, drawn with uPlot (a global from vendor/uplot.js). Each is rebuilt only when
// its set of series changes (a pool or queue appears); otherwise new data is swapped in.
/* global uPlot */

// [stroke, opaque light fill] pairs, so stacked areas do not blend into each other.
const PALETTE = [
  ['#4e79a7', '#b8cde2'],
  ['#f28e2b', '#f9d1a9'],
  ['#59a14f', '#c3ddbf'],
  ['#e15759', '#f3bcbd'],
  ['#76b7b2', '#c9e2e0'],
  ['#edc948', '#f7e9b5'],
  ['#b07aa1', '#dfcad9'],
  ['#ff9da7', '#ffd7db'],
  ['#9c755f', '#d8c8bf'],
  ['#79706e', '#cfcbca'],
];
const CREW_COLOURS = ['#3b3f4a', '#c9ccd3'];

// The colours of a name, the same in every chart.
export function colourOf(name, names) {
  if (name === 'crew') return CREW_COLOURS;
  return PALETTE[Math.max(0, names.indexOf(name)) % PALETTE.length];
}

export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return '–';
  const mib = bytes / 1024 / 1024;
  if (mib >= 1024) return `${(mib / 1024).toFixed(2)} GiB`;
  return `${mib.toFixed(mib >= 100 ? 0 : 1)} MiB`;
}

const MiB = 1024 * 1024;
// Ticks at round numbers of MiB, not of bytes.
const bytesAxis = {
  size: 64,
  incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1024, 2048, 5120, 10240].map((m) => m * MiB),
  values: (_u, ticks) =>
    ticks.map((v) => (v >= 1024 * MiB ? `${v / 1024 / MiB} GiB` : `${v / MiB} MiB`)),
};

// Clock times on the x axis, whatever the span (uPlot would show milliseconds for a short one).
const timeAxis = {
  space: 70,
  values: (_u, ticks) =>
    ticks.map((t) => new Date(t * 1000).toLocaleTimeString([], { hour12: false })),
};

// The legend shows the value under the cursor, or the latest one when the cursor is elsewhere.
const at = (values, idx) => values[idx ?? values.length - 1];

// Layers stacked bottom first; drawn top layer first, each filled to zero with an opaque colour,
// so each lower layer paints over the part of the ones above that is not theirs.
function stackedSeries(layers, format, paths) {
  let sums = null;
  const stacked = layers.map((layer) => {
    sums = layer.values.map((v, i) => (sums?.[i] ?? 0) + (v ?? 0));
    return sums;
  });
  const order = layers.map((_, i) => layers.length - 1 - i);
  return {
    data: order.map((i) => stacked[i]),
    series: order.map((i) => ({
      label: layers[i].label,
      stroke: layers[i].colours[0],
      fill: layers[i].colours[1],
      width: 1,
      points: { show: false },
      ...(paths ? { paths } : {}),
      value: (_u, _v, _s, idx) => format(at(layers[i].values, idx)),
    })),
  };
}

// Mounts a chart in `el`, resized with its panel. `key` names the series: a new key rebuilds.
export function createChartSlot(el) {
  let chart = null;
  let key = '';
  const fit = () => {
    if (!chart) return;
    const legend = el.querySelector('.u-legend');
    const height = Math.max(80, el.clientHeight - (legend ? legend.offsetHeight : 0) - 4);
    chart.setSize({ width: el.clientWidth, height });
  };
  // The legend's height settles only after layout (and changes as it wraps), so it is watched
  // too; resizing the canvas does not change either, so this cannot loop.
  const observer = new ResizeObserver(fit);
  observer.observe(el);
  return {
    get chart() {
      return chart;
    },
    show(nextKey, makeOptions, data) {
      el.dataset.points = String(data[0].length);
      if (chart && nextKey === key) {
        chart.setData(data);
        return;
      }
      chart?.destroy();
      key = nextKey;
      chart = new uPlot({ width: el.clientWidth, height: 120, ...makeOptions() }, data, el);
      const legend = chart.root.querySelector('.u-legend');
      if (legend) observer.observe(legend);
      fit();
    },
    clear() {
      chart?.destroy();
      chart = null;
      key = '';
      el.dataset.points = '0';
    },
  };
}

// Memory: each pool's PSS and crew's, stacked, with container usage, budget and limit as lines.
export function memoryChart(history, layers, lines) {
  const stack = stackedSeries(layers, formatBytes);
  const data = [history.at.map((ms) => ms / 1000), ...stack.data, ...lines.map((l) => l.values)];
  const options = () => ({
    series: [
      {},
      ...stack.series,
      ...lines.map((line) => ({
        label: line.label,
        stroke: line.colour,
        width: 1.5,
        dash: line.dash,
        points: { show: false },
        value: (_u, _v, _s, idx) => formatBytes(at(line.values, idx)),
      })),
    ],
    axes: [timeAxis, bytesAxis],
    scales: { y: { range: (_u, _min, max) => [0, Math.max(max, 1) * 1.05] } },
    cursor: { points: { show: false } },
  });
  const key = `mem:${layers.map((l) => l.label).join(',')}|${lines.map((l) => l.label).join(',')}`;
  return { key, options, data };
}

const count = (v) => (v === null || v === undefined ? '–' : v.toFixed(v % 1 ? 1 : 0));

// Processes per pool, stacked as steps, with a mark at each scaling decision; hovering one shows
// why it was made.
export function processesChart(history, pools, decisions, tip) {
  const stack = stackedSeries(pools, count, uPlot.paths.stepped({ align: 1 }));
  const data = [history.at.map((ms) => ms / 1000), ...stack.data];
  const marks = (u) =>
    decisions
      .map((d) => ({ ...d, left: u.valToPos(d.at / 1000, 'x') }))
      .filter((d) => d.left >= 0 && d.left <= u.over.clientWidth);
  const options = () => ({
    series: [{}, ...stack.series],
    axes: [timeAxis, { size: 36, incrs: [1, 2, 5, 10, 20, 50, 100] }],
    scales: { y: { range: (_u, _min, max) => [0, Math.max(2, Math.ceil(max) + 1)] } },
    cursor: { points: { show: false } },
    hooks: {
      draw: [
        (u) => {
          const { ctx } = u;
          const ratio = window.devicePixelRatio || 1;
          ctx.save();
          ctx.setLineDash([4, 3]);
          for (const mark of marks(u)) {
            const left = u.bbox.left + mark.left * ratio;
            ctx.strokeStyle = mark.colour;
            ctx.lineWidth = 1.5 * ratio;
            ctx.beginPath();
            ctx.moveTo(left, u.bbox.top);
            ctx.lineTo(left, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.fillStyle = mark.colour;
            ctx.fillRect(left - 3 * ratio, u.bbox.top, 6 * ratio, 6 * ratio);
          }
          ctx.restore();
        },
      ],
      setCursor: [
        (u) => {
          const left = u.cursor.left;
          const near = left >= 0 ? marks(u).filter((m) => Math.abs(m.left - left) <= 6) : [];
          if (near.length === 0) {
            tip.hidden = true;
            return;
          }
          tip.textContent = near.map((m) => m.text).join('\n');
          tip.hidden = false;
          // Right of the mark in the left half, left of it in the right half: never clipped.
          const right = left > u.over.clientWidth / 2;
          const x = right ? left - tip.offsetWidth - 12 : left + 12;
          tip.style.left = `${u.over.offsetLeft + x}px`;
          tip.style.top = `${u.over.offsetTop + 8}px`;
        },
      ],
    },
  });
  return { key: `proc:${pools.map((p) => p.label).join(',')}`, options, data };
}

// Backlog: ready jobs per queue (left axis) and the oldest wait in seconds against the queue's
// target (right axis, dashed and dotted). Three series a queue would make uPlot's legend taller
// than the chart: the page shows one line a queue instead (queueLegend), and uPlot's is off.
export function queuesChart(series, queues) {
  const data = [series.at.map((ms) => ms / 1000)];
  const lines = [];
  for (const queue of queues) {
    const s = series.queues[queue.name];
    const [stroke] = queue.colours;
    const add = (values, line) => {
      data.push(values);
      lines.push({ ...line, stroke });
    };
    add(s.ready, { label: `${queue.name} ready`, width: 2, scale: 'jobs' });
    add(s.wait, { label: `${queue.name} wait`, width: 1.5, dash: [6, 3], scale: 's' });
    if (queue.hasTarget) {
      add(s.target, { label: `${queue.name} target`, width: 1, dash: [2, 3], scale: 's' });
    }
  }
  const options = () => ({
    series: [{}, ...lines.map((line) => ({ ...line, points: { show: false } }))],
    legend: { show: false },
    axes: [
      timeAxis,
      { scale: 'jobs', size: 48, space: 24, values: (_u, t) => t.map((v) => `${v}`) },
      {
        scale: 's',
        side: 1,
        size: 48,
        space: 24,
        grid: { show: false },
        values: (_u, t) => t.map((v) => `${v} s`),
      },
    ],
    scales: {
      jobs: { range: (_u, _min, max) => [0, Math.max(5, (max ?? 0) * 1.1)] },
      s: { range: (_u, _min, max) => [0, Math.max(1, (max ?? 0) * 1.1)] },
    },
    cursor: { points: { show: false } },
  });
  return { key: `queues:${lines.map((l) => l.label).join(',')}`, options, data };
}

// The backlog chart's legend: a queue a line, with its latest ready count, wait and target.
export function queueLegend(series, queues) {
  return queues.map((queue) => {
    const s = series.queues[queue.name];
    const wait = s.wait.at(-1);
    const target = s.target.at(-1);
    const waited = wait === null || wait === undefined ? '–' : `${count(wait)} s`;
    const against = target === null || target === undefined ? '' : ` (target ${count(target)} s)`;
    return {
      colour: queue.colours[0],
      text: `${queue.name}: ${count(s.ready.at(-1))} ready, oldest ${waited}${against}`,
    };
  });
}
