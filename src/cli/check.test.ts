import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cgroupBudgetIssues } from '../config/cgroup-check.js';
import { isCrewError } from '../errors/crew-error.js';
import type { ContainerMemory } from '../memory/cgroup.js';
import { type CheckDeps, check } from './check.js';
import { runCrew } from './test-support/run-crew.js';

const MiB = 1024 ** 2;

const dir = mkdtempSync(join(tmpdir(), 'crew-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// The programs the configs below run, on the PATH the checks search.
const bin = join(dir, 'bin');
mkdirSync(bin);
for (const program of ['php', 'x'])
  writeFileSync(join(bin, program), '#!/bin/sh\n', { mode: 0o755 });
const env = { PATH: bin };

function container(limitBytes: number, hasLimit = true): CheckDeps {
  const memory: ContainerMemory = { usageBytes: 100 * MiB, limitBytes, hasLimit, version: 2 };
  return { readContainerMemory: () => memory, env };
}

const noCgroup: CheckDeps = { readContainerMemory: () => null, env };

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return {
    lines,
    out: { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l) },
  };
}

describe('crew check', () => {
  it('prints warnings, a table of pools and a total', async () => {
    const file = join(dir, 'crew.yaml');
    writeFileSync(
      file,
      [
        'pools:',
        '  payments:',
        '    command: php artisan queue:work --queue=payments --tries=3 --timeout=90 --sleep=3',
        '    processes: 2',
        '    critical: true',
        '    group: php',
        '    logs: { file: payments.log }',
        '  cron:',
        '    command: "sleep 60; php artisan schedule:run"',
        '    shell: true',
        '    autorestart: true',
        '    priority: 10',
        '',
      ].join('\n'),
    );
    const { lines, out } = capture();
    assert.equal(await check({ config: file }, out, noCgroup), 0);
    assert.deepEqual(lines.err, [
      `warning: ${file}:7:19  pools.payments.logs.file  all 2 processes write to this one file; add {name} to give each process its own`,
    ]);
    assert.deepEqual(lines.out, [
      'POOL      PROCS  COMMAND                                             AUTORESTART  PRIORITY  FLAGS',
      'payments      2  php artisan queue:work --queue=payments --tries=3…  unexpected        999  critical group=php log-files',
      'cron          1  sleep 60; php artisan schedule:run                  true               10  shell',
      '2 pools, 3 processes',
      'budget: none',
      'config OK',
    ]);
  });

  it('resolves a percentage budget against the container limit and warns when pools overflow it', async () => {
    const file = join(dir, 'budget.yaml');
    writeFileSync(
      file,
      [
        'pools:',
        '  payments: { command: php a, processes: 4, expect_memory: 100MiB }',
        '  mailer: { command: php b, processes: 2 }',
        'budget: 75%',
        '',
      ].join('\n'),
    );
    const roomy = capture();
    await check({ config: file }, roomy.out, container(1024 * MiB));
    assert.deepEqual(roomy.lines.err, []);
    assert.deepEqual(roomy.lines.out.slice(-3), [
      'budget: 75% of the container limit = 768 MiB (limit 1 GiB)',
      'expected: 400 MiB (processes × expect_memory), not counting 1 pool without expect_memory: mailer',
      'config OK',
    ]);
    const tight = capture();
    assert.equal(await check({ config: file }, tight.out, container(512 * MiB)), 0);
    assert.deepEqual(tight.lines.err, [
      `warning: ${file}:4:1  budget  processes × expect_memory adds up to 400 MiB, more than the budget of 75% of the container limit = 384 MiB (not counting 1 pool without expect_memory: mailer); lower processes or raise the budget`,
    ]);
  });

  it('says why a relative budget cannot be resolved', async () => {
    const file = join(dir, 'auto.yaml');
    writeFileSync(file, 'budget: auto\npools:\n  a: { command: x, expect_memory: 1GiB }\n');
    const cases: [CheckDeps, string][] = [
      [noCgroup, 'no memory cgroup is readable here'],
      [container(64 * 1024 * MiB, false), 'this container has no memory limit'],
      [
        {
          readContainerMemory: () => {
            throw new Error('Unexpected contents "x" in cgroup memory usage.');
          },
          env,
        },
        'Unexpected contents "x" in cgroup memory usage.',
      ],
    ];
    for (const [deps, reason] of cases) {
      const { lines, out } = capture();
      assert.equal(await check({ config: file }, out, deps), 0);
      assert.deepEqual(lines.err, []);
      assert.deepEqual(lines.out.slice(-3), [
        `budget: auto (90% of the cgroup limit), not resolved: ${reason}`,
        'expected: 1 GiB (processes × expect_memory)',
        'config OK',
      ]);
    }
  });

  it('lets an invalid config throw for the CLI boundary to print', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'pools:\n  a:\n    command: []\n');
    const { out } = capture();
    await assert.rejects(
      () => check({ config: file }, out, noCgroup),
      (error: unknown) =>
        isCrewError(error) && error.code === 'CREW_CONFIG_INVALID' && error.details.length === 1,
    );
  });

  it('counts the measured memory of a running daemon for pools without expect_memory', async () => {
    const file = join(dir, 'measured.yaml');
    writeFileSync(
      file,
      [
        'budget: 100MiB',
        'pools:',
        '  worker:',
        '    command: php artisan queue:work',
        '    processes: 3',
        '',
      ].join('\n'),
    );
    const { lines, out } = capture();
    const measured: CheckDeps = {
      ...noCgroup,
      measuredMemory: async () => new Map([['worker', 45 * MiB]]),
    };
    assert.equal(await check({ config: file }, out, measured), 0);
    assert.deepEqual(lines.out.slice(-4), [
      'budget: 100 MiB',
      'expected: 135 MiB (processes × expect_memory, or × measured PSS for worker)',
      'warning: the pools need 135 MiB with their measured memory, more than the budget of 100 MiB',
      'config OK',
    ]);
  });

  it('refuses alias bombs, deep nesting and endless durations from the command line without a stack trace', async () => {
    const bomb = ['x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `x-a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const files = {
      'bomb.yaml': `${bomb.join('\n')}\npools:\n  a: { command: x }\n`,
      'deep.yaml': `pools:\n  a: { command: x, env: ${'['.repeat(50_000)}${']'.repeat(50_000)} }\n`,
      'long.yaml': 'pools:\n  a: { command: x, stop_timeout: 600h }\n',
    };
    const expected = {
      'bomb.yaml':
        /bomb\.yaml:6:11 {2}x-a5 {2}holds more than 100000 values once its aliases are expanded/,
      'deep.yaml': /deep\.yaml:2:88 {2}nests too deeply/,
      'long.yaml':
        /long\.yaml:2:34 {2}pools\.a\.stop_timeout {2}must be at most 576h \(24 days\), got "600h"/,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const runs = await Promise.all(
      Object.keys(files).map((name) => runCrew(['check', '-c', name], dir)),
    );
    for (const [i, name] of Object.keys(files).entries()) {
      const run = runs[i]!;
      assert.equal(run.code, 2, `${name}: ${run.stderr}`);
      assert.match(run.stderr, expected[name as keyof typeof expected]);
      assert.doesNotMatch(run.stderr, /\n\s+at |internal error/);
    }
  });

  it('finds an autoscaled pool nothing drives, a missing program and handlers that do not load', async () => {
    const work = join(dir, 'findings');
    mkdirSync(join(work, 'bin'), { recursive: true });
    writeFileSync(join(work, 'bin', 'worker'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(work, 'bin', 'plain'), 'not executable\n', { mode: 0o644 });
    writeFileSync(join(work, 'throws.mjs'), "throw new Error('boom while loading');\n");
    writeFileSync(join(work, 'empty.mjs'), 'export const answer = 42;\n');
    writeFileSync(join(work, 'good.mjs'), 'export async function send() {}\n');
    writeFileSync(
      join(work, 'crew.yaml'),
      [
        'pools:',
        '  idle:',
        '    command: ./bin/worker',
        '    processes: 1..4',
        '  typo:',
        '    command: phpp artisan queue:work',
        '  plain:',
        '    command: bin/plain',
        '  shelled:',
        '    command: "nosuch-program && true"',
        '    shell: true',
        '  throws:',
        '    handlers: throws.mjs',
        '    queues: [a]',
        '  empty:',
        '    handlers: empty.mjs',
        '    queues: [b]',
        '  good:',
        '    handlers: good.mjs',
        '    queues: [c]',
        '    processes: 1..3',
        '  watched:',
        '    command: ./bin/worker',
        '    processes: 0..2',
        '    backlog: { source: "redis://127.0.0.1:6379/0", queues: [d] }',
        '',
      ].join('\n'),
    );
    const run = await runCrew(['check', '-c', 'crew.yaml'], work, { PATH: process.env.PATH });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /config OK/);
    const lines = run.stderr.trimEnd().split('\n');
    assert.deepEqual(lines, [
      "warning: crew.yaml:4:16  pools.idle.processes  1..4 autoscales on a queue's backlog, but the pool has neither backlog: (a Laravel queue to watch) nor handlers:, so it stays at 1; add a backlog: or write a fixed count",
      `warning: crew.yaml:6:14  pools.typo.command  "phpp" is not an executable on PATH here; the pool's processes cannot start until it is`,
      `warning: crew.yaml:8:14  pools.plain.command  ${join(work, 'bin/plain')} is not an executable file here; the pool's processes cannot start until it is`,
      `warning: crew.yaml:13:15  pools.throws.handlers  ${join(work, 'throws.mjs')} does not load: cannot import it: boom while loading; the pool's workers would exit at start`,
      `warning: crew.yaml:16:15  pools.empty.handlers  ${join(work, 'empty.mjs')} does not load: it exports no handler functions; the pool's workers would exit at start`,
    ]);
  });

  it('gives a module that never finishes loading a deadline, and leaves nothing running', async () => {
    const { handlerIssues } = await import('../config/handler-checks.js');
    const { loadConfigOrThrow } = await import('../config/load.js');
    const work = join(dir, 'hang');
    mkdirSync(work, { recursive: true });
    writeFileSync(
      join(work, 'hangs.mjs'),
      "import { spawn } from 'node:child_process';\n" +
        "spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' });\n" +
        'await new Promise(() => setInterval(() => {}, 1000));\n',
    );
    writeFileSync(join(work, 'crew.yaml'), 'pools:\n  h: { handlers: hangs.mjs, queues: [a] }\n');
    const { config } = loadConfigOrThrow(join(work, 'crew.yaml'));
    const issues = await handlerIssues(config.pools, 1500);
    assert.deepEqual(
      issues.map((issue) => issue.message),
      [
        `${join(work, 'hangs.mjs')} does not load: it did not finish loading within 1.5 s; the pool's workers would exit at start`,
      ],
    );
  });

  it('warns when the budget counts a cgroup that already holds far more than crew', async () => {
    const file = join(dir, 'host.yaml');
    writeFileSync(
      file,
      'budget: { limit: 400MiB, scope: container }\npools:\n  a: { command: x }\n',
    );
    const host = {
      scope: 'container',
      beyondBytes: 1900 * MiB,
      foreignProcesses: 60,
      hasLimit: false,
    } as const;
    const { lines, out } = capture();
    assert.equal(
      await check({ config: file }, out, { ...noCgroup, readCgroup: async () => host }),
      0,
    );
    assert.deepEqual(lines.err, [
      `warning: ${file}:1:9  budget  the budget of 400 MiB is compared with this cgroup's whole usage (scope container), and the cgroup already holds 1.9 GiB that is not crew's or its pools' (60 processes crew did not start; no memory limit: a host, or a container run without one), so crew would recycle workers to make room for memory it cannot free; run crew in a container with a memory limit, or write budget: { limit: 400MiB, scope: crew } to count only crew and its pools`,
    ]);
    const budget = { kind: 'bytes', bytes: 400 * MiB } as const;
    // In scope crew the rest of the cgroup is not counted; a container of crew's own is fine.
    assert.deepEqual(cgroupBudgetIssues(budget, 400 * MiB, { ...host, scope: 'crew' }), []);
    assert.deepEqual(
      cgroupBudgetIssues(budget, 400 * MiB, { ...host, beyondBytes: 150 * MiB }),
      [],
    );
    // The `other` allowance is memory the budget already expects beyond crew.
    const allowed = { ...budget, otherBytes: 1800 * MiB };
    assert.deepEqual(cgroupBudgetIssues(allowed, 400 * MiB, host), []);
  });
});
