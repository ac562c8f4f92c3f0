// Chaos 4: the SQLite store on a full disk, and damaged store files. A running `crew up` with a
// Node worker pool has its store on a small tmpfs (2 MiB) that is filled up: enqueues are refused
// in one line, workers keep running (no crash loop to FATAL), the file stays readable and intact,
// no job stored before is lost, and enqueues work again once space is freed. Then each kind of
// damaged file (garbage, not SQLite, truncated, overwritten pages, a directory, no permission)
// must be reported by `crew queues`, `enqueue`, `failed` and `crew up` in one line naming the
// file, without a stack trace.
import { type ExecFileException, execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CrewRun, type Daemon, runCrew, startCrew } from '../../cli/test-support/run-crew.js';
import { type Damage, damages, seedStore } from '../../queue/sqlite/test-support/damage.js';
import { inspectStore } from '../../queue/sqlite/test-support/inspect.js';
import { mountSmallDisk, type SmallDisk } from '../../queue/sqlite/test-support/small-disk.js';
import { createReport, type Scenario, type ScenarioOptions } from '../scenario.js';

type Report = ReturnType<typeof createReport>;

const handlers = new URL('../../worker/fixtures/handlers.js', import.meta.url).pathname;
const crewMain = new URL('../../cli/main.ts', import.meta.url).pathname;

const yaml = `store: sqlite:var/crew.db
http: false
pools:
  work:
    handlers: ${handlers}
    queues: [default]
    processes: 2
    concurrency: 2
    startsecs: 200ms
    poll: 50ms
    lease: 2s
`;

function workspace(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'crew-chaos-disk-'));
  writeFileSync(join(dir, 'crew.yaml'), yaml);
  return { dir, file: join(dir, 'crew.yaml') };
}

// Resolves once read() is true; false after timeoutMs.
async function until(read: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<boolean> {
  const limit = Date.now() + timeoutMs;
  while (!(await read())) {
    if (Date.now() > limit) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

const isClean = (run: CrewRun) => !/internal error|\n\s+at /.test(run.stderr);
const said = (run: CrewRun) => run.stderr.trim().replace(/^crew: /, '');
const oneLine = (run: CrewRun) => !run.stderr.trim().includes('\n');
const idsOf = (run: CrewRun): number[] => (run.code === 0 ? JSON.parse(run.stdout).ids : []);
const recorded = (log: string) =>
  new Set(
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => Number(l.split(' ')[0]))
      : [],
  );

async function diskFull(
  o: ScenarioOptions,
  report: Report,
  disk: SmallDisk,
  dir: string,
  file: string,
) {
  const crew = (...args: string[]) => runCrew(['-c', file, ...args], dir);
  const store = join(dir, 'var', 'crew.db');
  const runs = join(dir, 'runs.log');
  const record = JSON.stringify({ file: runs });
  const work: number[] = []; // accepted on `default`, run by the pool
  const parked: number[] = []; // accepted on `parked`, which no pool serves
  const enqueueWork = async (count: number) => {
    const run = await crew('enqueue', 'default', 'record', record, `--count=${count}`, '--json');
    work.push(...idsOf(run));
    return run;
  };
  const pad = JSON.stringify({ pad: 'x'.repeat(8 * 1024) });
  const enqueueParked = async () => {
    const run = await crew('enqueue', 'parked', 'noop', pad, '--count', '2', '--json');
    parked.push(...idsOf(run));
    return run;
  };
  const allRan = () => {
    const done = recorded(runs);
    return work.every((id) => done.has(id));
  };
  const daemon = startCrew(file, dir);
  try {
    await daemon.waitForLog('work_01 entered RUNNING');
    await enqueueWork(o.short ? 20 : 200);
    report.expect(await until(allRan), 'the first jobs never all ran');
    // Workers stopped while jobs wait, so they start (and claim) on the full disk.
    await crew('stop', 'work:*');
    await enqueueWork(o.short ? 10 : 50);
    disk.fill(o.short ? 48 * 1024 : 480 * 1024);
    o.log(`disk filled: ${disk.freeBytes()} bytes free`);
    let before = 0;
    let refused: CrewRun | null = null;
    for (let i = 0; i < 200 && !refused; i++) {
      const run = await enqueueParked();
      if (run.code === 0) before++;
      else refused = run;
    }
    report.figure('enqueues accepted before full', `${before} (2 jobs of 8 KiB each)`);
    const more = await Promise.all(Array.from({ length: o.short ? 2 : 5 }, enqueueParked));
    const refusals = [refused, ...more].filter(
      (run): run is CrewRun => run !== null && run.code !== 0,
    );
    report.figure(
      'enqueues refused while full',
      `${refusals.length} of ${more.length + 1}: "${refusals[0] ? said(refusals[0]) : '-'}"`,
    );
    report.expect(refusals.length > 0, 'no enqueue was refused: the disk never filled');
    for (const run of refusals) {
      const ok =
        run.code === 5 &&
        oneLine(run) &&
        isClean(run) &&
        /disk holding var\/crew\.db is full/.test(run.stderr);
      report.expect(ok, `a refused enqueue said: ${run.stderr}`);
    }

    const mark = daemon.log().length;
    await crew('start', 'work:*');
    const stuck = () => {
      const log = daemon.log().slice(mark);
      return ['work_00', 'work_01'].every((name) =>
        log.includes(`${name} | claiming failed (3 in a row)`),
      );
    };
    report.expect(
      await until(() => stuck() || allRan()),
      'the workers never claimed on the full disk',
    );
    const queues = await crew('queues', '--json');
    report.expect(queues.code === 0, `crew queues failed while full: ${queues.stderr}`);
    const failed = await crew('failed', 'list');
    report.expect(failed.code === 0, `crew failed list failed while full: ${failed.stderr}`);
    const whileFull = inspectStore(store);
    report.figure('integrity_check while full', whileFull.integrity);
    report.expect(
      whileFull.integrity === 'ok',
      `integrity_check while full: ${whileFull.integrity}`,
    );
    const fullLog = daemon.log().slice(mark);
    const restarts = (fullLog.match(/exited: work_/g) ?? []).length;
    const claimFailures = (fullLog.match(/claiming failed/g) ?? []).length;
    report.figure(
      'worker restarts while full',
      `${restarts} (claim failures logged: ${claimFailures})`,
    );
    report.expect(
      restarts === 0 && !/FATAL|backoff:/.test(fullLog),
      `workers crashed while full:\n${fullLog}`,
    );

    disk.free();
    const after = await enqueueWork(o.short ? 5 : 20);
    report.expect(after.code === 0, `enqueue after space was freed: ${after.stderr}`);
    // Every job of `default` ran and left the store (a claim taken while full lapses first).
    const drained = () => {
      const { ids } = inspectStore(store);
      return allRan() && !work.some((id) => ids.has(id));
    };
    report.expect(
      await until(drained, 60_000),
      'the default queue never drained once space was freed',
    );
    daemon.child.kill('SIGTERM');
    await daemon.exited;
    const end = inspectStore(store);
    const done = recorded(runs);
    // Lost: accepted, yet neither run nor still in the store.
    const lost = [...work, ...parked].filter((id) => !done.has(id) && !end.ids.has(id));
    report.figure('jobs accepted / lost', `${work.length + parked.length} / ${lost.length}`);
    report.figure(
      'jobs run, then recorded as failed',
      `${end.failed} (their completion could not be written)`,
    );
    report.figure('integrity_check at the end', end.integrity);
    report.expect(lost.length === 0, `jobs lost: ${lost.join(', ')}`);
    report.expect(end.integrity === 'ok', `integrity_check at the end: ${end.integrity}`);
  } finally {
    if (daemon.child.exitCode === null) daemon.child.kill('SIGTERM');
    await daemon.exited;
  }
}

// `crew ARGS` as another user (root opens any file, whatever its mode).
function runCrewAs(args: readonly string[], cwd: string, uid: number): Promise<CrewRun> {
  const env = { ...process.env, HOME: cwd, TMPDIR: join(cwd, 'tmp') };
  const argv = ['--import', import.meta.resolve('tsx'), crewMain, ...args];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      argv,
      { cwd, env, uid, gid: uid, timeout: 60_000 },
      (error: ExecFileException | null, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

// `crew up` on the damaged store: what its first worker says about it (a damaged store that
// still opens may only fail its claims), and whether anything printed a stack trace.
async function upSays(dir: string, file: string): Promise<{ line: string; clean: boolean }> {
  const daemon: Daemon = startCrew(file, dir);
  try {
    const told = /work_00 \| (crew worker: .*|claiming failed .*|could not .*)/;
    await daemon.waitForLog(told, 20_000).catch(() => {});
    const log = daemon.log();
    return {
      line: told.exec(log)?.[0] ?? '(nothing said within 20 s)',
      clean: !/\|\s+at |SqliteError/.test(log),
    };
  } finally {
    daemon.child.kill('SIGTERM');
    await daemon.exited;
  }
}

const COMMANDS = [['queues'], ['enqueue', 'default', 'noop'], ['failed', 'list']];

// Seeds a store, damages it, and checks what each command says about it.
async function tryDamage(damage: Damage, o: ScenarioOptions, report: Report): Promise<void> {
  const { dir, file } = workspace();
  try {
    const store = join(dir, 'var', 'crew.db');
    await seedStore(store, 'default', 100);
    damage.apply(store);
    const other = damage.asOtherUser === true && process.getuid?.() === 0;
    if (other) {
      chmodSync(dir, 0o755);
      mkdirSync(join(dir, 'tmp'));
      chmodSync(join(dir, 'tmp'), 0o777);
    }
    const run = (args: string[]) =>
      other ? runCrewAs(['-c', file, ...args], dir, 65534) : runCrew(['-c', file, ...args], dir);
    const results = await Promise.all(COMMANDS.map(run));
    const lines = [...new Set(results.filter((r) => r.code !== 0).map(said))];
    const codes = results.map((r) => r.code).join('/');
    report.figure(
      `${damage.name}: ${damage.what}`,
      `exit ${codes} (queues/enqueue/failed): ${lines.join(' | ') || 'read fine'}`,
    );
    for (const [i, r] of results.entries()) {
      const ok =
        isClean(r) &&
        (r.code === 0 || (r.code === 5 && oneLine(r) && r.stderr.includes('var/crew.db')));
      report.expect(ok, `${damage.name}: crew ${COMMANDS[i]!.join(' ')} said: ${r.stderr}`);
    }
    report.expect(results[1]!.code === 5, `${damage.name}: crew enqueue took a damaged store`);
    if (!other && (!o.short || damage.name === 'garbage')) {
      const up = await upSays(dir, file);
      report.figure(`${damage.name}: crew up`, up.line);
      report.expect(up.clean, `${damage.name}: crew up printed a stack trace`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Every kind of damage, two at a time.
async function damagedFiles(o: ScenarioOptions, report: Report): Promise<void> {
  const queue = [...damages];
  const lane = async () => {
    for (let damage = queue.shift(); damage; damage = queue.shift())
      await tryDamage(damage, o, report);
  };
  await Promise.all([lane(), lane()]);
}

export const scenario: Scenario = {
  name: 'sqlite-disk',
  title: 'the SQLite store on a full disk, and damaged store files',
  async run(o) {
    const report = createReport();
    const { dir, file } = workspace();
    // The full run's 200 jobs grow the WAL to a few MiB before SQLite checkpoints it.
    const disk = mountSmallDisk(join(dir, 'var'), (o.short ? 2 : 8) * 1024 * 1024);
    try {
      if ('skipped' in disk) {
        o.log(`disk full: skipped: ${disk.skipped}`);
        report.figure('disk full', `skipped: ${disk.skipped}`);
        report.expect(process.env.CI !== 'true', `disk full not tried: ${disk.skipped}`);
      } else {
        await diskFull(o, report, disk, dir, file);
      }
    } finally {
      if (!('skipped' in disk)) disk.unmount();
      rmSync(dir, { recursive: true, force: true });
    }
    await damagedFiles(o, report);
    return report.result();
  },
};
