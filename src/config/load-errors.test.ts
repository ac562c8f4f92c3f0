// Mistakes at the top of crew.yaml (unknown keys, the store, the budget), files that are not
// YAML or are empty, and the errors loadConfigOrThrow throws.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isCrewError } from '../errors/crew-error.js';
import { loadConfigOrThrow } from './load.js';
import { configDir } from './test-support/config-dir.js';
import { describeLoadErrors, type ErrorCase } from './test-support/load-error-cases.js';

const { dir, writeNext: write } = configDir('crew-load-errors-');

const cases: ErrorCase[] = [
  {
    name: 'an unknown top-level key',
    yaml: 'stor: crew.db\npools:\n  a: { command: x }\n',
    errors: [
      [
        1,
        1,
        'stor',
        'unknown key "stor" (did you mean "store"?); allowed: control, run_dir, pools, budget, sample_interval, store, http',
      ],
    ],
  },
  {
    name: 'a store that is neither sqlite nor postgres',
    yaml: 'store: crew.db\npools:\n  a: { command: x }\n',
    errors: [[1, 8, 'store', 'has no scheme; use sqlite:PATH or postgres://USER@HOST/DB']],
  },
  {
    name: 'a store crew cannot keep its jobs in',
    yaml: 'store: mysql://root@db/app\npools:\n  a: { command: x }\n',
    errors: [[1, 8, 'store', 'is a mysql URL, which the job store cannot be']],
  },
  {
    name: 'a budget of 0',
    yaml: 'budget: 0\npools:\n  a: { command: x }\n',
    errors: [[1, 9, 'budget', 'must be at least 1MiB, got 0']],
  },
  {
    name: 'a bare number as a budget',
    yaml: 'budget: 400\npools:\n  a: { command: x }\n',
    errors: [
      [
        1,
        9,
        'budget',
        'must be at least 1MiB, got 400; a bare number is bytes, did you mean 400MiB?',
      ],
    ],
  },
  {
    name: 'a percentage out of range',
    yaml: 'budget: 150%\npools:\n  a: { command: x }\n',
    errors: [[1, 9, 'budget', 'must be between 1% and 100%, got "150%"']],
  },
  {
    name: 'a budget that is not a size, a percentage or auto',
    yaml: 'budget: plenty\nsample_interval: 10ms\npools:\n  a: { command: x }\n',
    errors: [
      [
        1,
        9,
        'budget',
        'expected a size like 400MiB, a percentage like "90%", or auto, got "plenty"',
      ],
      [2, 18, 'sample_interval', 'must be at least 100ms, got "10ms"'],
    ],
  },
  {
    name: 'a cluster timeout shorter than two heartbeats, and a bad host name',
    yaml: 'cluster:\n  heartbeat: 2s\n  timeout: 3s\n  name: web 1\npools:\n  a: { command: x }\n',
    errors: [
      [
        3,
        12,
        'cluster.timeout',
        "must be at least twice heartbeat (2s), or one late heartbeat has the host's jobs run twice; got 3s",
      ],
      [4, 9, 'cluster.name', 'must be 1 to 63 letters, digits or _.:@-'],
    ],
  },
  {
    name: 'a log_format crew does not write',
    yaml: 'log_format: yaml\npools:\n  a: { command: x }\n',
    errors: [[1, 13, 'log_format', 'expected text or json, got "yaml"']],
  },
  {
    name: 'a YAML syntax error',
    yaml: 'pools:\n  a: { command: x\n  b: 2\n',
    errors: [
      [3, 3, '', 'Flow map in block collection must be sufficiently indented and end with a }'],
    ],
  },
  {
    name: 'an empty file',
    yaml: '# nothing yet\n',
    errors: [[1, 1, '', 'the file is empty']],
  },
];

describeLoadErrors(cases);

describe('loadConfigOrThrow', () => {
  it('throws CREW_CONFIG_INVALID with one detail line per mistake', () => {
    const file = write('pools:\n  a:\n    command: x\n    processes: two\n    bogus: 1\n');
    assert.throws(
      () => loadConfigOrThrow(file, {}),
      (error: unknown) => {
        assert.ok(isCrewError(error));
        assert.equal(error.code, 'CREW_CONFIG_INVALID');
        assert.equal(error.message, `${file} has 2 mistakes`);
        assert.equal(
          error.details[0],
          `${file}:4:16  pools.a.processes  expected a count like 3, a range like 1..4, or {min: 1, max: 4}, got "two"`,
        );
        assert.match(
          error.details[1]!,
          new RegExp(`^${file}:5:5  pools\\.a\\.bogus  unknown key "bogus"`),
        );
        return true;
      },
    );
  });

  it('throws CREW_CONFIG_NOT_FOUND for a missing file', () => {
    const file = join(dir, 'missing.yaml');
    assert.throws(
      () => loadConfigOrThrow(file, {}),
      (error: unknown) =>
        isCrewError(error) &&
        error.code === 'CREW_CONFIG_NOT_FOUND' &&
        error.message === `${file} does not exist`,
    );
  });
});
