// The queue benchmark's tables: each peer's settings, latency, throughput with PSS, enqueue rate,
// crew's memory rows, the goals as ratios of this run (met / missed), and the CPU profile
// when one was taken. Every figure is the median over repetitions with its spread (min–max).
import { markdownTable } from './markdown-table.mjs';
import { formatSpread, percentile, spreadOf } from './spread.mjs';

const MIB = 1024 ** 2;
const PERCENTILES = [50, 95, 99];

// Per repetition, the p-th percentile of one phase; then its spread over repetitions.
const latencyOf = (run, phase, p) => spreadOf(run.latency.map((rep) => percentile(rep[phase], p)));
const throughputOf = (run, c) => spreadOf(run.throughput[c].map((r) => r.perSecond));
const pssOf = (run, c) => spreadOf(run.throughput[c].map((r) => r.peakPssBytes / MIB));
const enqueueOf = (run, c) => spreadOf(run.enqueue[c]);

function goalRow(what, crew, peer, peerName, target, isMet) {
  const ratio = crew / peer;
  return [
    what,
    crew.toFixed(crew >= 100 ? 0 : 1),
    `${peer.toFixed(peer >= 100 ? 0 : 1)} (${peerName})`,
    `${ratio.toFixed(2)}×`,
    target,
    isMet(ratio) ? 'met' : 'missed',
  ];
}

function goalRows(peers, runs, phases) {
  const byId = Object.fromEntries(peers.map((p) => [p.id, p]));
  const rows = [];
  for (const crewId of ['crew_sqlite', 'crew_postgres']) {
    if (!runs[crewId]) continue;
    for (const phase of phases) {
      for (const peerId of ['bullmq', 'graphile_worker']) {
        if (!runs[peerId]) continue;
        rows.push(
          goalRow(
            `latency p95 at ${phase}, ms: ${byId[crewId].label} vs ${byId[peerId].label}`,
            latencyOf(runs[crewId], phase, 95).median,
            latencyOf(runs[peerId], phase, 95).median,
            byId[peerId].label.split(',')[0],
            '≤ 1.00×',
            (r) => r <= 1,
          ),
        );
      }
    }
  }
  const pgPeers = ['pg_boss', 'graphile_worker'].filter((id) => runs[id]);
  if (runs.crew_postgres && pgPeers.length > 0) {
    for (const c of [1, 50]) {
      const best = pgPeers
        .map((id) => ({ id, rate: throughputOf(runs[id], c).median }))
        .sort((a, b) => b.rate - a.rate)[0];
      rows.push(
        goalRow(
          `throughput c${c}, jobs/s: crew PostgreSQL vs best of pg-boss, graphile-worker`,
          throughputOf(runs.crew_postgres, c).median,
          best.rate,
          byId[best.id].label.split(',')[0],
          '≥ 1.50×',
          (r) => r >= 1.5,
        ),
      );
    }
  }
  if (runs.crew_sqlite && runs.bullmq) {
    rows.push(
      goalRow(
        'throughput c50, jobs/s: crew SQLite vs BullMQ',
        throughputOf(runs.crew_sqlite, 50).median,
        throughputOf(runs.bullmq, 50).median,
        'BullMQ',
        '≥ 2.00×',
        (r) => r >= 2,
      ),
    );
  }
  return rows;
}

export function printQueueReport({
  peers,
  runs,
  memory,
  profiles,
  settings,
  versions,
  plan,
  reps,
}) {
  const out = (text = '') => console.log(text);
  const versionOf = (id) =>
    ({
      bullmq: versions.bullmq,
      pg_boss: versions['pg-boss'],
      graphile_worker: versions['graphile-worker'],
    })[id] ?? 'this checkout';
  out(
    `\nSettings (latency runs: concurrency ${plan.latency.concurrency}; throughput: 1 and 50):\n`,
  );
  out(
    markdownTable(
      ['system', 'version', 'settings at concurrency 50'],
      peers.map((p) => [p.label, versionOf(p.id), settings[p.id].c50]),
    ),
  );

  const phases = plan.latency.rates.map((r) => r.name);
  out(`\nLatency, enqueue → handler start, ms: median (min–max) of ${reps} repetitions\n`);
  const latencyRows = [];
  for (const peer of peers) {
    const run = runs[peer.id];
    latencyRows.push([
      `${peer.label}, idle ${plan.latency.idleMs / 1000} s → 1 job`,
      formatSpread(spreadOf(run.latency.map((rep) => percentile(rep.idle, 50)))),
      '',
      '',
    ]);
    for (const phase of phases) {
      latencyRows.push([
        `${peer.label}, steady ${phase}`,
        ...PERCENTILES.map((p) => formatSpread(latencyOf(run, phase, p))),
      ]);
    }
  }
  out(markdownTable(['system, load', 'p50', 'p95', 'p99'], latencyRows));

  out(
    `\nThroughput of a waiting backlog (${plan.throughput[1]} jobs at c1, ${plan.throughput[50]} at c50), jobs/s, and the worker's peak PSS while processing, MiB\n`,
  );
  const big = plan.bigBacklog;
  const withBig = peers.some((p) => runs[p.id].throughput.big?.length > 0);
  out(
    markdownTable(
      [
        'system',
        'c1 jobs/s',
        'c50 jobs/s',
        ...(withBig ? [`c50, ${big.n} waiting, jobs/s`] : []),
        'c1 PSS',
        'c50 PSS',
      ],
      peers.map((p) => [
        p.label,
        formatSpread(throughputOf(runs[p.id], 1), 0),
        formatSpread(throughputOf(runs[p.id], 50), 0),
        ...(withBig ? [formatSpread(throughputOf(runs[p.id], 'big'), 0)] : []),
        formatSpread(pssOf(runs[p.id], 1)),
        formatSpread(pssOf(runs[p.id], 50)),
      ]),
    ),
  );
  const capped = peers.filter((p) =>
    [1, 50, 'big'].some((c) => runs[p.id].throughput[c]?.some((r) => r.capped)),
  );
  if (capped.length > 0)
    out(`(capped at 30 s, measured on what it finished: ${capped.map((p) => p.label).join(', ')})`);

  out(`\nEnqueue, ${plan.enqueue} adds, jobs/s\n`);
  out(
    markdownTable(
      ['system', 'one at a time', '50 in flight'],
      peers.map((p) => [
        p.label,
        formatSpread(enqueueOf(runs[p.id], 1), 0),
        formatSpread(enqueueOf(runs[p.id], 50), 0),
      ]),
    ),
  );

  if (memory) {
    out(`\nMemory, ${memory.jobs} jobs running at once (crew, SQLite)\n`);
    out(
      markdownTable(
        ['layout', 'PSS'],
        [
          [
            `one worker, ${memory.jobs} slots`,
            `${(memory.one_process_pss_bytes / MIB).toFixed(1)} MiB`,
          ],
          [
            `${memory.jobs} workers, 1 slot each`,
            `${(memory.processes_pss_bytes / MIB).toFixed(1)} MiB (${(memory.one_process_pss_bytes / memory.processes_pss_bytes).toFixed(3)}×)`,
          ],
        ],
      ),
    );
  }

  out('\nGoals (issue 15), ratios of the medians above\n');
  out(
    markdownTable(
      ['goal', 'crew', 'peer', 'ratio', 'target', 'result'],
      goalRows(peers, runs, phases),
    ),
  );

  for (const [id, profile] of Object.entries(profiles)) {
    out(
      `\nCPU profile, ${id} worker, c50 (${profile.perSecond.toFixed(0)} jobs/s under the profiler), self time between first and last start: ${profile.file}\n`,
    );
    out(
      markdownTable(
        ['function', 'self %', 'ms'],
        profile.top.map((t) => [t.name, t.percent.toFixed(1), t.ms.toFixed(0)]),
      ),
    );
  }
}
