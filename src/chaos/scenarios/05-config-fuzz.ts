// Scenario 5, config fuzz: hundreds of mutated crew.yaml files (from the repo's crew.yaml and the
// docs/config.md examples: wrong types, huge and negative numbers, binary bytes, alias bombs,
// duplicate and unknown keys, deep nesting, truncation...) go through the real `crew check` and a
// bounded `crew up`, and broken supervisord setups (include loops, missing globs, megabyte lines,
// huge widths, /dev/zero, FIFOs) through `crew import`. Goals: no stack trace, no hang, every
// refusal names file:line, nothing the oracle knows to be invalid accepted (a negative duration,
// a process count that is not a whole number, an alias bomb...), nothing known valid refused,
// `crew up` agrees with `crew check`, and what `crew import` writes passes `crew check`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type IniMutant,
  iniMutants,
  MAIN_FILE,
} from '../../config/supervisord/test-support/ini-mutants.js';
import { buildCli } from '../../config/test-support/build-cli.js';
import {
  crewLines,
  hasStackTrace,
  mapLimit,
  type ProbeRun,
  probeCrew,
  probeUp,
  type Verdict,
  verdictOf,
} from '../../config/test-support/cli-probe.js';
import { isSafeToRun } from '../../config/test-support/yaml-bases.js';
import { type Mutant, yamlMutants } from '../../config/test-support/yaml-mutants.js';
import { createReport, type Scenario } from '../scenario.js';

const SEED = 5;
const examples = fileURLToPath(new URL('../../../examples', import.meta.url));
// Deadlines that only detect hangs: a run that takes this long is a failure, never a pass.
const RUN_DEADLINE_MS = 60_000;
const UP_DEADLINES = { startMs: 60_000, stopMs: 60_000 };
// More processes than a fuzz run starts at once (a valid file may ask for up to 1000).
const MAX_UP_PROCESSES = 12;

type Report = ReturnType<typeof createReport>;
type Fail = (what: string, name: string, output?: string) => void;

interface Context {
  readonly root: string;
  readonly cli: readonly string[];
  readonly short: boolean;
  readonly report: Report;
  readonly fail: Fail;
}

function tally(verdicts: readonly Verdict[]): (verdict: Verdict) => number {
  return (verdict) => verdicts.filter((v) => v === verdict).length;
}

// Started processes from `crew check`'s summary line: `3 pools, 4 processes (up to 8 autoscaled)`.
function processesOf(stdout: string): number {
  return Number(/(\d+) process(?:es)?\b/.exec(stdout)?.[1] ?? Number.POSITIVE_INFINITY);
}

// Every crew.yaml mutant through `crew check`; returns the runs.
async function checkPhase(ctx: Context, mutants: readonly Mutant[], dirs: readonly string[]) {
  const runs = await mapLimit(mutants, 3, (_, i) =>
    probeCrew(['check', '-c', 'crew.yaml'], dirs[i] as string, RUN_DEADLINE_MS, ctx.cli),
  );
  const verdicts = runs.map((run) => verdictOf(run, /crew\.yaml:\d+:\d+ /));
  let acceptedInvalid = 0;
  let refusedValid = 0;
  for (const [i, verdict] of verdicts.entries()) {
    const { name, expect } = mutants[i] as Mutant;
    const stderr = (runs[i] as ProbeRun).stderr;
    if (verdict === 'accepted' && expect?.valid === false) {
      acceptedInvalid += 1;
      ctx.fail(`crew check accepted ${expect.why}`, name);
    } else if (verdict === 'rejected' && expect?.valid === true) {
      refusedValid += 1;
      ctx.fail(`crew check refused ${expect.why}`, name, stderr);
    } else if (verdict !== 'accepted' && verdict !== 'rejected') {
      ctx.fail(`crew check: ${verdict}`, name, stderr);
    }
  }
  const count = tally(verdicts);
  ctx.report.figure('crew.yaml mutants tried', mutants.length);
  ctx.report.figure('crew check: rejected cleanly (file:line)', count('rejected'));
  ctx.report.figure('crew check: accepted', count('accepted'));
  ctx.report.figure('crew check: stack traces', count('stack'));
  ctx.report.figure('crew check: hangs', count('hang'));
  ctx.report.figure('crew check: other refusals or exits', count('unplaced') + count('unclean'));
  ctx.report.figure('crew check: accepted but invalid', acceptedInvalid);
  ctx.report.figure('crew check: valid but refused', refusedValid);
  return runs;
}

// A bounded `crew up` on each mutant (a handful in the short version); it must agree with check.
async function upPhase(
  ctx: Context,
  mutants: readonly Mutant[],
  dirs: readonly string[],
  checks: readonly ProbeRun[],
) {
  const accepted = (i: number) => (checks[i] as ProbeRun).code === 0;
  // An accepted file really runs: not with more processes than this machine should fork for a
  // test, nor with HTTP on a fixed port. A refused one never gets that far.
  const runnable = (mutant: Mutant, i: number) =>
    !accepted(i) ||
    (processesOf((checks[i] as ProbeRun).stdout) <= MAX_UP_PROCESSES &&
      isSafeToRun(mutant.bytes.toString('latin1')));
  const candidates = mutants
    .map((mutant, i) => ({ mutant, i }))
    .filter(
      ({ mutant, i }) => !ctx.short || i < 3 || i % 8 === 0 || mutant.name.includes('merging'),
    );
  const chosen = candidates
    .filter(({ mutant, i }) => runnable(mutant, i))
    .slice(0, ctx.short ? 6 : undefined);
  const ups = await mapLimit(chosen, 3, ({ i }) =>
    probeUp('crew.yaml', dirs[i] as string, UP_DEADLINES, ctx.cli),
  );
  const counts = { up: 0, refused: 0, stacks: 0, hangs: 0, leaks: 0, disagreed: 0 };
  for (const [n, up] of ups.entries()) {
    const { mutant, i } = chosen[n] as { mutant: Mutant; i: number };
    const refused = up.code === 2 && /has \d+ mistakes?/.test(up.log);
    if (up.cameUp) counts.up += 1;
    if (refused) counts.refused += 1;
    if (up.hung) {
      counts.hangs += 1;
      ctx.fail(`crew up hung while ${up.hung}`, mutant.name, up.log);
    } else if (up.signal !== null || up.leftovers > 0) {
      counts.leaks += 1;
      const how = up.signal ? `died of ${up.signal}` : `exited ${up.code}`;
      ctx.fail(`crew up ${how} leaving ${up.leftovers} process(es) running`, mutant.name, up.log);
    } else if (hasStackTrace(crewLines(up.log)) || up.code === 70) {
      counts.stacks += 1;
      ctx.fail('crew up printed a stack trace', mutant.name, crewLines(up.log));
    } else if (accepted(i) === refused || (!accepted(i) && up.cameUp)) {
      counts.disagreed += 1;
      const did = up.cameUp ? 'ran' : refused ? 'refused' : `exited ${up.code} on`;
      ctx.fail(
        `crew check ${accepted(i) ? 'accepted' : 'refused'} what crew up ${did}`,
        mutant.name,
        up.log,
      );
    }
  }
  ctx.report.figure('crew up: runs', ups.length);
  ctx.report.figure(
    'crew up: skipped (a valid file with HTTP on a fixed port or >12 processes)',
    candidates.length - chosen.length,
  );
  ctx.report.figure('crew up: came up and stopped on SIGTERM', counts.up);
  ctx.report.figure('crew up: refused the file, as crew check did', counts.refused);
  ctx.report.figure(
    'crew up: exited by itself otherwise',
    ups.length - counts.up - counts.refused - counts.hangs,
  );
  ctx.report.figure('crew up: stack traces', counts.stacks);
  ctx.report.figure('crew up: hangs', counts.hangs);
  ctx.report.figure('crew up: killed by a signal or left processes behind', counts.leaks);
  ctx.report.figure('crew up: disagreed with crew check', counts.disagreed);
}

function writeIniMutant(root: string, i: number, mutant: IniMutant): string {
  const dir = join(root, `ini-${String(i).padStart(3, '0')}`);
  for (const [path, content] of Object.entries(mutant.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) {
      execFileSync('mkfifo', [join(dir, path)]);
    } else writeFileSync(join(dir, path), content);
  }
  return dir;
}

// supervisord setups through `crew import`; what an import writes must pass `crew check`.
async function importPhase(ctx: Context) {
  const mutants = iniMutants(ctx.short ? 15 : 60, SEED);
  const dirs = mutants.map((mutant, i) => writeIniMutant(ctx.root, i, mutant));
  const runs = await mapLimit(mutants, 3, async (_, i) => {
    const dir = dirs[i] as string;
    const args = ['import', MAIN_FILE, '-o', 'out.yaml'];
    const run = await probeCrew(args, dir, RUN_DEADLINE_MS, ctx.cli);
    const accepted = run.code === 0 && !run.hung;
    const check = accepted
      ? await probeCrew(['check', '-c', 'out.yaml'], dir, RUN_DEADLINE_MS, ctx.cli)
      : null;
    return { run, check };
  });
  const verdicts = runs.map(({ run }) => verdictOf(run, /\.(?:conf|ini):\d+: /));
  let acceptedInvalid = 0;
  for (const [i, verdict] of verdicts.entries()) {
    const { name, expect } = mutants[i] as IniMutant;
    const { run, check } = runs[i] as { run: ProbeRun; check: ProbeRun | null };
    if (verdict === 'accepted' && (expect?.valid === false || check?.code !== 0)) {
      acceptedInvalid += 1;
      const why = expect?.valid === false ? expect.why : 'a file crew check then refused';
      ctx.fail(`crew import accepted ${why}`, name, check?.stderr);
    } else if (verdict === 'rejected' && expect?.valid === true) {
      ctx.fail(`crew import refused ${expect.why}`, name, run.stderr);
    } else if (verdict !== 'accepted' && verdict !== 'rejected') {
      ctx.fail(`crew import: ${verdict}`, name, run.stderr);
    }
  }
  const count = tally(verdicts);
  ctx.report.figure('supervisord mutants tried', mutants.length);
  ctx.report.figure('crew import: rejected cleanly (file:line)', count('rejected'));
  ctx.report.figure(
    'crew import: accepted, output passes crew check',
    count('accepted') - acceptedInvalid,
  );
  ctx.report.figure('crew import: stack traces', count('stack'));
  ctx.report.figure('crew import: hangs', count('hang'));
  ctx.report.figure('crew import: other refusals or exits', count('unplaced') + count('unclean'));
  ctx.report.figure('crew import: accepted but invalid', acceptedInvalid);
}

export const scenario: Scenario = {
  name: 'config-fuzz',
  title: 'mutated crew.yaml and supervisord files never crash, hang or slip through',
  async run({ short, log }) {
    const report = createReport();
    const root = mkdtempSync(join(tmpdir(), 'crew-chaos-config-'));
    const fail: Fail = (what, name, output = '') => {
      const excerpt = output.trim().split('\n').slice(0, 3).join(' / ').slice(0, 300);
      report.expect(false, `${what}: ${name}${excerpt ? ` — ${excerpt}` : ''}`);
    };
    try {
      const ctx: Context = { root, cli: [buildCli(join(root, 'build'))], short, report, fail };
      const mutants = yamlMutants(short ? 40 : 240, SEED);
      const dirs = mutants.map((mutant, i) => {
        const dir = join(root, `yaml-${String(i).padStart(3, '0')}`);
        mkdirSync(dir);
        writeFileSync(join(dir, 'crew.yaml'), mutant.bytes);
        symlinkSync(examples, join(dir, 'examples'));
        return dir;
      });
      log(`${mutants.length} crew.yaml mutants through crew check, in ${root}`);
      const checks = await checkPhase(ctx, mutants, dirs);
      log('crew up on them');
      await upPhase(ctx, mutants, dirs, checks);
      log('supervisord mutants through crew import');
      await importPhase(ctx);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    return report.result();
  },
};
