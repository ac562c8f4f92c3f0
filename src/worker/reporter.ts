// What the worker host tells the daemon: a report a second with the jobs running, the counts
// since the previous report, and the hard deadline past which a silent process is blocked; and
// a report at once when a run's deadline is earlier than the one the daemon knows, sent before
// its handler is called (a handler that blocks the event loop can send nothing after).
import type { AttemptDecision } from './attempt.js';
import { emptyTally, type QueueTally, type WorkerMessage } from './messages.js';

const REPORT_EVERY_MS = 1000;
// A process that stops reporting this long after a run's timeout and grace is blocked.
const DEADLINE_SLACK_MS = 3000;

export interface Reporter {
  started(queue: string): void;
  ended(queue: string, decision: AttemptDecision, runMs: number): void;
  // Reports at once if this deadline is earlier than the one in the last report.
  announceDeadline(hardDeadline: number): void;
  report(): void;
  start(): void;
  stop(): void;
}

export interface ReporterDeps {
  // Absent when the worker runs on its own: nothing is reported.
  readonly send?: (message: WorkerMessage) => void;
  readonly now: () => number;
  readonly capacity: number;
  // The runs holding a slot now.
  readonly runs: () => ReadonlySet<{ readonly hardDeadline: number }>;
}

// When the daemon should consider a run's process blocked.
export function hardDeadlineOf(startedAt: number, timeoutMs: number, graceMs: number): number {
  return startedAt + timeoutMs + graceMs + DEADLINE_SLACK_MS;
}

// Creates the reporter of one worker host.
export function createReporter(deps: ReporterDeps): Reporter {
  const tallies = new Map<string, QueueTally>();
  // The hard deadline in the last report sent.
  let sentDeadline: number | null = null;
  let interval: NodeJS.Timeout | null = null;

  const tally = (queue: string) => {
    let t = tallies.get(queue);
    if (!t) {
      t = emptyTally();
      tallies.set(queue, t);
    }
    return t;
  };

  const report = () => {
    if (!deps.send) return;
    const runs = deps.runs();
    let hardDeadline: number | null = null;
    for (const run of runs) {
      if (Number.isFinite(run.hardDeadline))
        hardDeadline = Math.min(hardDeadline ?? run.hardDeadline, run.hardDeadline);
    }
    sentDeadline = hardDeadline;
    deps.send({
      type: 'report',
      at: deps.now(),
      running: runs.size,
      capacity: deps.capacity,
      queues: Object.fromEntries(tallies),
      hardDeadline,
    });
    tallies.clear();
  };

  return {
    started: (queue) => void tally(queue).started++,
    ended(queue, decision, runMs) {
      const t = tally(queue);
      t.runMsSum += runMs;
      t.runMsMax = Math.max(t.runMsMax, runMs);
      if (decision.kind === 'complete') t.completed++;
      else if (decision.kind === 'retry') t.retried++;
      else t.failed++;
    },
    announceDeadline(hardDeadline) {
      if (sentDeadline === null || hardDeadline < sentDeadline) report();
    },
    report,
    start() {
      interval = setInterval(report, REPORT_EVERY_MS);
    },
    stop() {
      if (interval) clearInterval(interval);
      interval = null;
    },
  };
}
