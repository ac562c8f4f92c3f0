// 3. The PostgreSQL store restarted mid-run (a server of the scenario's own, so nothing else on
// the machine notices): workers and crew reconnect with backoff, no worker crash-loops to FATAL,
// nothing is lost; the time from the restart to the first job finished after it is the figure.
import { join } from 'node:path';
import { openStore } from '../../queue/open-store.js';
import { chaosFixture, startChaosCrew, until } from '../lib/crew.js';
import { readJobLog } from '../lib/job-log.js';
import { loadOutcome, queueWork, untilEmpty } from '../lib/load.js';
import { postgresBin, startPrivatePostgres } from '../lib/private-postgres.js';
import { createReport, type Scenario } from '../scenario.js';

const yaml = (store: string) => `store: ${store}
http: false
pools:
  w:
    handlers: ${chaosFixture('jobs.js')}
    processes: 3
    concurrency: 16
    startsecs: 1s
`;

export const scenario: Scenario = {
  name: 'pg-restart',
  title: 'the PostgreSQL store restarted mid-run',
  async run(options) {
    const report = createReport();
    if (!postgresBin()) {
      const why = 'no PostgreSQL server binaries to start a private server';
      if (process.env.CI === 'true') report.expect(false, why);
      return { ...report.result(), skipped: process.env.CI === 'true' ? null : why };
    }
    const size = options.short
      ? { jobs: 1500, jobMs: 100, downMs: 1500 }
      : { jobs: 8000, jobMs: 200, downMs: 5000 };
    const server = await startPrivatePostgres();
    const crew = startChaosCrew(yaml(server.url));
    const log = join(crew.dir, 'jobs.log');
    const store = await openStore(server.url);
    try {
      await store.migrate();
      await crew.daemon.waitForLog('worker w:');
      await queueWork(store, size.jobs, log, size.jobMs);
      await until(() => readJobLog(log).finished.size >= size.jobs / 4, 'load never ran');
      options.log(`stopping PostgreSQL for ${size.downMs} ms`);
      server.stop();
      const stoppedAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, size.downMs));
      server.start();
      const upAt = Date.now();
      await until(
        () => readJobLog(log).dones.some((d) => d.at > upAt),
        'no job finished after the restart',
      );
      const recoverMs = readJobLog(log).dones.find((d) => d.at > upAt)!.at - upAt;
      await untilEmpty(store, 'the queue never emptied after the restart');
      const outcome = await loadOutcome(store, size.jobs, log);
      const status = await crew.processes('w');
      const fatal = status.filter((p) => p.state === 'FATAL').length;
      const workerExits = (crew.daemon.log().match(/exited: w_/g) ?? []).length;
      report.figure('server down', `${upAt - stoppedAt} ms`);
      report.figure('first job finished after the server was back', `${recoverMs} ms`);
      report.figure('worker exits / FATAL', `${workerExits} / ${fatal}`);
      report.figure('lost / failed', `${outcome.lost} / ${outcome.failed}`);
      report.figure('runs beyond one per job', outcome.reruns);
      report.expect(crew.daemon.child.exitCode === null, 'crew exited');
      report.expect(fatal === 0, `${fatal} worker(s) FATAL`);
      report.expect(outcome.lost === 0, `${outcome.lost} job(s) lost`);
      report.expect(outcome.failed === 0, `${outcome.failed} job(s) in failed_jobs`);
    } finally {
      await store.close();
      await crew.stop();
      server.dispose();
    }
    return report.result();
  },
};
