import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isCrewError } from '../errors/crew-error.js';
import { check } from './check.js';

const dir = mkdtempSync(join(tmpdir(), 'crew-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

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
    assert.equal(await check({ config: file }, out), 0);
    assert.deepEqual(lines.err, [
      `warning: ${file}:7:19  pools.payments.logs.file  all 2 processes write to this one file; add {name} to give each process its own`,
    ]);
    assert.deepEqual(lines.out, [
      'POOL      PROCS  COMMAND                                             AUTORESTART  PRIORITY  FLAGS',
      'payments      2  php artisan queue:work --queue=payments --tries=3…  unexpected        999  critical group=php log-files',
      'cron          1  sleep 60; php artisan schedule:run                  true               10  shell',
      '2 pools, 3 processes',
      'config OK',
    ]);
  });

  it('lets an invalid config throw for the CLI boundary to print', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'pools:\n  a:\n    command: []\n');
    const { out } = capture();
    await assert.rejects(
      () => check({ config: file }, out),
      (error: unknown) =>
        isCrewError(error) && error.code === 'CREW_CONFIG_INVALID' && error.details.length === 1,
    );
  });
});
