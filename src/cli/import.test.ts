// biome-ignore-all lint/suspicious/noTemplateCurlyInString: supervisord values with a literal ${VAR}
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { loadConfig } from '../config/load.js';
import { isCrewError } from '../errors/crew-error.js';
import { importCommand } from './import.js';
import { runCrew } from './test-support/run-crew.js';

const dir = mkdtempSync(join(tmpdir(), 'crew-import-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return {
    lines,
    out: { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l) },
  };
}

const conf = join(dir, 'supervisord.conf');
writeFileSync(
  conf,
  [
    '[program:worker]',
    'command=php artisan queue:work',
    'process_name=%(program_name)s_%(process_num)02d',
    'numprocs=3',
    'user=www-data',
    'stdout_logfile=/dev/stdout',
    'redirect_stderr=true',
    '',
    '[program:cron]',
    'command=cron -f',
    'stdout_logfile=/dev/stdout',
    'stderr_logfile=/dev/stderr',
    '',
  ].join('\n'),
);

describe('crew import', () => {
  it('prints the YAML on stdout and warnings plus a summary on stderr', async () => {
    const { lines, out } = capture();
    assert.equal(await importCommand({ file: conf }, out), 0);
    assert.deepEqual(Object.keys(parse(lines.out.join('\n')).pools), ['worker', 'cron']);
    assert.deepEqual(lines.err, [
      `warning: ${conf}:5: [program:worker] user: user=www-data is not imported: crew runs every program as the user crew itself runs as`,
      'imported 2 programs (4 processes) into 2 pools, 1 warning',
    ]);
  });

  it('keeps a ${VAR} supervisord took literally literal in crew.yaml', async () => {
    const source = join(dir, 'dollar.conf');
    writeFileSync(
      source,
      '[program:shell]\ncommand=sh -c "echo ${HOME} $${NOT_SET}"\nenvironment=GREETING="hi ${USER}"\n',
    );
    const output = join(dir, 'dollar.yaml');
    assert.equal(await importCommand({ file: source, output }, capture().out), 0);
    const { config, errors } = loadConfig(output, {});
    assert.deepEqual(errors, []);
    assert.deepEqual(config!.pools[0]!.argv, ['sh', '-c', 'echo ${HOME} $${NOT_SET}']);
    assert.equal(config!.pools[0]!.env.GREETING, 'hi ${USER}');
  });

  it('writes the YAML to --output and reports on stdout', async () => {
    const { lines, out } = capture();
    const output = join(dir, 'crew.yaml');
    await importCommand({ file: conf, output }, out);
    assert.equal(parse(readFileSync(output, 'utf8')).pools.worker.processes, 3);
    assert.deepEqual(lines.out, [
      `wrote ${output}`,
      'imported 2 programs (4 processes) into 2 pools, 1 warning',
    ]);
  });

  it('refuses to overwrite the supervisord file', async () => {
    await assert.rejects(
      importCommand({ file: conf, output: conf }, capture().out),
      (error) => isCrewError(error) && error.code === 'CREW_USAGE',
    );
  });

  it('throws CREW_IMPORT_INVALID for a malformed file', async () => {
    const bad = join(dir, 'bad.conf');
    writeFileSync(bad, '[program:x]\ncommand=a\nnode\n');
    await assert.rejects(
      importCommand({ file: bad }, capture().out),
      (error) => isCrewError(error) && error.code === 'CREW_IMPORT_INVALID',
    );
  });

  it('runs from the command line, and crew check accepts what it wrote', async () => {
    const run = await runCrew(['import', conf, '-o', 'from-cli.yaml'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /imported 2 programs \(4 processes\) into 2 pools, 1 warning\n$/);
    const checked = await runCrew(['check', '-c', 'from-cli.yaml'], dir);
    assert.equal(checked.code, 0, checked.stderr);
    writeFileSync(join(dir, 'broken.conf'), '[program:x]\ncommand=a\nnode\n');
    const broken = await runCrew(['import', 'broken.conf'], dir);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /broken\.conf:3: node is not a key=value line/);
  });

  it('refuses a huge field width and an include of /dev/zero from the command line, without a stack trace or a hang', async () => {
    writeFileSync(
      join(dir, 'wide.conf'),
      '[program:a]\ncommand=x\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)099999999d\n',
    );
    writeFileSync(join(dir, 'zero.conf'), '[include]\nfiles=/dev/zero\n[program:a]\ncommand=x\n');
    const [wide, zero] = await Promise.all([
      runCrew(['import', 'wide.conf'], dir),
      runCrew(['import', 'zero.conf'], dir),
    ]);
    assert.equal(wide.code, 2, wide.stderr);
    assert.match(
      wide.stderr,
      /wide\.conf:4: \[program:a\] process_name: .* crew allows at most 99/,
    );
    assert.equal(zero.code, 2, zero.stderr);
    assert.match(zero.stderr, /zero\.conf:2: included \/dev\/zero is a character device/);
    for (const run of [wide, zero]) assert.doesNotMatch(run.stderr, /\n\s+at |internal error/);
  });
});
