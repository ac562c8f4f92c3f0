import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { corpusDir, corpusSkip } from '../config/test-support/corpus.js';
import { formatStatus, type StatusRow } from './status-format.js';

// Reads real `supervisorctl status` lines back into rows (namespec, state, description).
function parse(text: string): StatusRow[] {
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const [, spec, state, description] = /^\s*(\S+)\s+([A-Z]+)\s*(.*)$/.exec(line)!;
      const [pool, name] = spec!.includes(':') ? spec!.split(':') : [spec!, spec!];
      return {
        pool: pool!,
        name: name!,
        state: state!,
        description: description!,
        rss_bytes: null,
        pss_bytes: null,
      };
    });
}

describe('crew status prints what supervisorctl prints', { skip: corpusSkip }, () => {
  for (const [file, indent] of [
    ['FederatedAI__FATE__issues_3986.supervisorctl-status.txt', 0],
    ['ckan__ckan__doc_maintaining_installing_install-from-package.rst.supervisorctl-status.txt', 4],
  ] as const) {
    it(`byte for byte: ${file}`, () => {
      const text = readFileSync(join(corpusDir, 'outputs', file), 'utf8');
      const expected = text
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line) => line.slice(indent));
      assert.deepEqual(formatStatus(parse(text)), expected);
    });
  }
});

describe('the memory column', () => {
  const rows = [
    {
      name: 'payments_00',
      pool: 'payments',
      state: 'RUNNING',
      description: 'pid 9714, uptime 0:05:00',
      rss_bytes: 44_584_960,
      pss_bytes: 9_646_899,
    },
    {
      name: 'payments_01',
      pool: 'payments',
      state: 'FATAL',
      description: 'Exited too quickly (process log may have details)',
      rss_bytes: null,
      pss_bytes: null,
    },
    {
      name: 'default_00',
      pool: 'default',
      state: 'RUNNING',
      description: 'pid 12, uptime 1 day, 0:00:01',
      rss_bytes: 2048,
      pss_bytes: 1024,
    },
  ];
  it('follows the description, aligned, only for processes with memory: PSS of the tree', () => {
    assert.deepEqual(formatStatus(rows), [
      'payments:payments_00             RUNNING   pid 9714, uptime 0:05:00                            PSS 9.2 MiB',
      'payments:payments_01             FATAL     Exited too quickly (process log may have details)',
      'default:default_00               RUNNING   pid 12, uptime 1 day, 0:00:01                       PSS 1 KiB',
    ]);
  });
  it('shows RSS beside PSS with --wide', () => {
    assert.deepEqual(
      formatStatus(rows, true)[0],
      'payments:payments_00             RUNNING   pid 9714, uptime 0:05:00                            PSS 9.2 MiB   RSS 42.5 MiB',
    );
  });
});
