// 2. crew itself SIGKILLed mid-load, then started again: its workers notice, finish or put back
// what they run within their stop timeout and exit on their own (no orphan spinning on a dead
// pipe), and the next crew runs the rest; nothing is lost. Then the harsher case: crew and its
// workers killed at once, so nobody put anything back; the next crew does, at start.
import { join } from 'node:path';
import { openStore } from '../../queue/open-store.js';
import { isAlive } from '../../supervise/test-support/fixtures.js';
import { type ChaosCrew, chaosFixture, startChaosCrew, until } from '../lib/crew.js';
import { readJobLog } from '../lib/job-log.js';
import { loadOutcome, queueWork, untilEmpty } from '../lib/load.js';
import { createReport, type Scenario, type ScenarioOptions } from '../scenario.js';

const STOP_TIMEOUT_MS = 3000;

const yaml = `http: false
pools:
  w:
    handlers: ${chaosFixture('jobs.js')}
    processes: 3
    concurrency: 16
    startsecs: 0
    stop_timeout: ${STOP_TIMEOUT_MS}ms
`;

async function workerPids(crew: ChaosCrew): Promise<number[]> {
  return (await crew.processes('w')).flatMap((p) => (p.pid === null ? [] : [p.pid]));
}

async function once(
  label: string,
  killWorkersToo: boolean,
  size: { jobs: number; jobMs: number },
  options: ScenarioOptions,
  report: ReturnType<typeof createReport>,
) {
  const crew = startChaosCrew(yaml);
  const log = join(crew.dir, 'jobs.log');
  const store = await openStore(`sqlite:${join(crew.dir, 'var/crew.db')}`);
  try {
    await store.migrate();
    await crew.daemon.waitForLog('worker w:');
    await queueWork(store, size.jobs, log, size.jobMs);
    // Mid-load: a third of the jobs done.
    await until(() => readJobLog(log).finished.size >= size.jobs / 3, `${label}: load never ran`);
    const pids = await workerPids(crew);
    const killedAt = Date.now();
    crew.daemon.child.kill('SIGKILL');
    if (killWorkersToo) for (const pid of pids) process.kill(pid, 'SIGKILL');
    await crew.daemon.exited;
    options.log(`${label}: crew SIGKILLed with ${pids.length} workers up`);
    // A hang detector, not a pass condition: a worker still up well past its stop timeout.
    let exitMs = 0;
    try {
      await until(
        () => pids.every((pid) => !isAlive(pid)),
        'workers outliving their daemon',
        STOP_TIMEOUT_MS + 10_000,
      );
      exitMs = Date.now() - killedAt;
    } catch {
      exitMs = Number.POSITIVE_INFINITY;
    }
    const orphans = pids.filter(isAlive);
    const next = crew.restart();
    await next.waitForLog('worker w:');
    await untilEmpty(store, `${label}: the queue never emptied after the restart`);
    const outcome = await loadOutcome(store, size.jobs, log);
    const putBackAtStart = [...next.log().matchAll(/was running (\d+) job\(s\)/g)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
    if (!killWorkersToo)
      report.figure(
        `${label}: workers gone after crew's death`,
        `${exitMs} ms (stop_timeout ${STOP_TIMEOUT_MS} ms)`,
      );
    report.figure(`${label}: orphans left`, orphans.length);
    report.figure(`${label}: put back by the next crew at start`, putBackAtStart);
    report.figure(`${label}: lost / failed`, `${outcome.lost} / ${outcome.failed}`);
    report.figure(`${label}: runs beyond one per job`, outcome.reruns);
    report.figure(`${label}: runs on a try other than the first`, outcome.spentTries);
    report.expect(orphans.length === 0, `${label}: ${orphans.length} worker(s) outlived crew`);
    report.expect(outcome.lost === 0, `${label}: ${outcome.lost} job(s) lost`);
    report.expect(outcome.failed === 0, `${label}: ${outcome.failed} job(s) in failed_jobs`);
    report.expect(outcome.spentTries === 0, `${label}: ${outcome.spentTries} run(s) spent a try`);
    if (killWorkersToo)
      report.expect(putBackAtStart > 0, `${label}: the next crew put nothing back at start`);
    else
      report.expect(
        exitMs <= STOP_TIMEOUT_MS + 2000,
        `${label}: workers took ${exitMs} ms to exit after crew died`,
      );
  } finally {
    await store.close();
    await crew.stop();
  }
}

export const scenario: Scenario = {
  name: 'crew-kill',
  title: 'crew SIGKILLed mid-load, then started again',
  async run(options) {
    const report = createReport();
    const size = options.short ? { jobs: 600, jobMs: 100 } : { jobs: 5000, jobMs: 300 };
    await once('crew killed', false, size, options, report);
    await once('crew and workers killed', true, size, options, report);
    return report.result();
  },
};
