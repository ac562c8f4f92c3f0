// 1. Workers SIGKILLed at random mid-run: with crew putting a dead worker's jobs back at once and
// without spending a try, nothing is lost, nothing lands in failed_jobs, the only jobs run twice
// are those in flight in a killed worker, and each comes back within 2 ticks of its kill.
import { join } from 'node:path';
import { openStore } from '../../queue/open-store.js';
import { queueOn } from '../../queue/producer.js';
import { createPgSchema } from '../../queue/test-support/pg-schema.js';
import { reachServer } from '../../queue/test-support/servers.js';
import { chaosFixture, startChaosCrew, until } from '../lib/crew.js';
import { inFlight, percentile, readJobLog } from '../lib/job-log.js';
import { createReport, type Scenario, type ScenarioOptions } from '../scenario.js';

const TICK_MS = 1000;
const MAX_STALLS = 3;

interface Size {
  readonly jobs: number;
  readonly kills: number;
  readonly jobMs: number;
}

const yaml = (store: string) => `store: ${store}
http: false
sample_interval: ${TICK_MS}ms
pools:
  w:
    handlers: ${chaosFixture('jobs.js')}
    processes: 3
    concurrency: 16
    startsecs: 0
    startretries: 1000
    backoff: 100ms
    # Kills this dense hit some jobs twice or three times (each kill takes 16 jobs in flight,
    # and a job put back runs again at once, possibly in the next worker killed). The default,
    # 1, is right for real deaths: a job whose worker died twice under it is likely the cause.
    max_stalls: ${MAX_STALLS}
`;

async function runOn(
  label: string,
  storeUrl: string,
  size: Size,
  options: ScenarioOptions,
  report: ReturnType<typeof createReport>,
) {
  const crew = startChaosCrew(yaml(storeUrl));
  const log = join(crew.dir, 'jobs.log');
  const kills: { pid: number; at: number }[] = [];
  try {
    await crew.daemon.waitForLog('worker w:');
    const store = await openStore(
      storeUrl.startsWith('sqlite:') ? `sqlite:${join(crew.dir, 'var/crew.db')}` : storeUrl,
    );
    try {
      await store.migrate();
      await queueOn(store).addBulk(
        Array.from({ length: size.jobs }, (_, n) => ({
          queue: 'default',
          name: 'work',
          data: { n, log, ms: size.jobMs },
        })),
      );
      options.log(`${label}: ${size.jobs} jobs queued, killing ${size.kills} workers`);
      // Spread the kills over the run: the time the jobs take at full capacity, split evenly.
      // Half of it: waiting for every worker to be back up between kills stretches the rest.
      const spacingMs = (size.jobs * size.jobMs) / 48 / size.kills / 2;
      while (kills.length < size.kills) {
        await new Promise((resolve) => setTimeout(resolve, spacingMs * (0.5 + Math.random())));
        if (readJobLog(log).finished.size >= size.jobs) break;
        // Crashes one at a time: every worker up and running jobs (so the kill lands mid-run,
        // and a worker is there to take what it held back).
        const started = new Set(readJobLog(log).starts.map((s) => s.pid));
        const processes = await crew.processes('w');
        const victims = processes.filter(
          (p) => p.state === 'RUNNING' && p.pid !== null && started.has(p.pid),
        );
        if (victims.length < processes.length) continue;
        const victim = victims[Math.floor(Math.random() * victims.length)];
        if (!victim?.pid) continue;
        try {
          const at = Date.now();
          process.kill(victim.pid, 'SIGKILL');
          kills.push({ pid: victim.pid, at });
        } catch {
          // It died between the status and the kill.
        }
      }
      await until(async () => {
        const q = (await store.snapshot(['default'], Date.now(), null)).queues[0]!;
        return q.ready + q.reserved + q.delayed === 0;
      }, `${label}: the queue never emptied`);
      const failedRows = await store.failedList({ limit: size.jobs });
      const failed = failedRows.length;
      const failedNs = new Set(
        failedRows.map((row) => (JSON.parse(row.payload) as { data: { n: number } }).data.n),
      );
      const jobLog = readJobLog(log);
      // Neither finished nor in failed_jobs.
      const lost = Array.from({ length: size.jobs }, (_, n) => n).filter(
        (n) => !jobLog.finished.has(n) && !failedNs.has(n),
      ).length;
      const killedInFlight = kills.flatMap((k) => inFlight(jobLog, k.pid).map((n) => ({ n, k })));
      // What the killed workers held (running, or finished and not yet deleted), as crew put it
      // back: the re-runs a kill can cause.
      const held = [...crew.daemon.log().matchAll(/was running (\d+) job\(s\)/g)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
      const reruns = jobLog.starts.length - new Set(jobLog.starts.map((s) => s.n)).size;
      const doubleDone = jobLog.dones.length - jobLog.finished.size;
      // From each kill to the next start of each job it interrupted.
      const redelivery = killedInFlight
        .filter(({ n }) => !failedNs.has(n))
        .map(({ n, k }) => {
          const next = jobLog.starts.find((s) => s.n === n && s.at >= k.at);
          return next ? next.at - k.at : Number.POSITIVE_INFINITY;
        });
      const spentTries = jobLog.starts.filter((s) => s.attempt !== 1).length;
      report.figure(`${label}: jobs / kills`, `${size.jobs} / ${kills.length}`);
      report.figure(`${label}: lost`, lost);
      report.figure(`${label}: in failed_jobs`, failed);
      report.figure(`${label}: running in killed workers`, killedInFlight.length);
      report.figure(`${label}: held by killed workers (put back by crew)`, held);
      report.figure(`${label}: runs beyond one per job`, reruns);
      report.figure(`${label}: finished twice`, doubleDone);
      report.figure(`${label}: runs on a try other than the first`, spentTries);
      report.figure(
        `${label}: re-delivery after kill p50 / p95 / max`,
        `${percentile(redelivery, 0.5)} / ${percentile(redelivery, 0.95)} / ${Math.max(0, ...redelivery)} ms`,
      );
      report.expect(lost === 0, `${label}: ${lost} job(s) lost`);
      report.expect(failed === 0, `${label}: ${failed} job(s) in failed_jobs`);
      report.expect(
        reruns <= held,
        `${label}: ${reruns} re-runs > ${held} jobs held by killed workers`,
      );
      report.expect(spentTries === 0, `${label}: ${spentTries} run(s) spent a try on a kill`);
      report.expect(
        Math.max(0, ...redelivery) <= 2 * TICK_MS,
        `${label}: a re-delivery took ${Math.max(0, ...redelivery)} ms (> 2 ticks of ${TICK_MS} ms)`,
      );
      // The pacing is a guess at the run's length: most of the planned kills must land.
      report.expect(
        kills.length >= Math.ceil(size.kills * 0.9),
        `${label}: the jobs were done after ${kills.length} of ${size.kills} kills`,
      );
    } finally {
      await store.close();
    }
  } finally {
    await crew.stop();
  }
}

export const scenario: Scenario = {
  name: 'kills',
  title: 'workers SIGKILLed at random mid-run, SQLite and PostgreSQL',
  async run(options) {
    const report = createReport();
    const size: Size = options.short
      ? { jobs: 2000, kills: 4, jobMs: 150 }
      : { jobs: 10_000, kills: 100, jobMs: 500 };
    await runOn('sqlite', 'sqlite:var/crew.db', size, options, report);
    const pg = await reachServer('postgres');
    if (pg.url === null) {
      if (process.env.CI === 'true') report.expect(false, pg.problem);
      else report.figure('postgres', `skipped: ${pg.problem}`);
      return report.result();
    }
    const schema = await createPgSchema(pg.url);
    try {
      await runOn('postgres', schema.url, size, options, report);
    } finally {
      await schema.drop();
    }
    return report.result();
  },
};
