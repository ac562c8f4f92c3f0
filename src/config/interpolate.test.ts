// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in plain strings is what this file tests
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interpolate } from './interpolate.js';
import { loadConfig } from './load.js';
import { configDir } from './test-support/config-dir.js';

const { writeNext: write } = configDir('crew-interpolate-');
const env = { DB_PASSWORD: 's3cret', EMPTY: '', WORKERS: '3', BUDGET: '512MiB' };

test('interpolate: set, unset, empty, defaults and the literal escape', () => {
  const cases: [string, string][] = [
    ['postgres://crew:${DB_PASSWORD}@db/crew', 'postgres://crew:s3cret@db/crew'],
    ['${MISSING:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${MISSING-fallback}', 'fallback'],
    ['${MISSING:-}', ''],
    ['${MISSING:-a:-b}', 'a:-b'],
    ['echo $HOME $$ $${NOT_A_VAR}', 'echo $HOME $$ ${NOT_A_VAR}'],
    ['${WORKERS}${WORKERS}', '33'],
    ['no expressions', 'no expressions'],
  ];
  for (const [text, expected] of cases)
    assert.deepEqual(interpolate(text, env), { ok: true, value: expected }, text);
  assert.deepEqual(interpolate('${MISSING}', env), {
    ok: false,
    message:
      "${MISSING}: MISSING is not set in crew's environment (write ${MISSING:-value} for a default)",
  });
  assert.match((interpolate('a ${OPEN', env) as { message: string }).message, /has no closing }/);
  assert.match((interpolate('${1BAD}', env) as { message: string }).message, /is not \$\{NAME\}/);
  assert.match((interpolate('${}', env) as { message: string }).message, /is not \$\{NAME\}/);
});

test('crew.yaml values come from the environment, typed as YAML would read them', () => {
  const file = write(
    [
      'x-db: &db "postgres://crew:${DB_PASSWORD}@127.0.0.1/crew"',
      'store: *db',
      'budget: ${BUDGET:-400MiB}',
      'pools:',
      '  a:',
      '    command: sh -c "echo $$HOME ${WORKERS}"',
      '    processes: ${WORKERS}',
      '    env: { DB_URL: *db, LABEL: "${LABEL:-none}", COUNT: "${WORKERS}" }',
      '',
    ].join('\n'),
  );
  const { config, errors } = loadConfig(file, env);
  assert.deepEqual(errors, []);
  assert.equal(config!.store, 'postgres://crew:s3cret@127.0.0.1/crew');
  const pool = config!.pools[0]!;
  assert.equal(pool.processes, 3);
  assert.deepEqual(pool.argv, ['sh', '-c', 'echo $$HOME 3']);
  assert.equal(pool.env.DB_URL, 'postgres://crew:s3cret@127.0.0.1/crew');
  assert.equal(pool.env.LABEL, 'none');
  // Quoted, it stays text.
  assert.equal(pool.env.COUNT, '3');
  assert.equal(config!.budget?.kind === 'bytes' ? config!.budget.bytes : null, 512 * 1024 ** 2);
});

test('an unset variable without a default is a mistake at its line, every one at once', () => {
  const file = write(
    [
      'store: "postgres://crew:${DB_PASS}@db/crew"',
      'pools:',
      '  a:',
      '    command: worker',
      '    env:',
      '      TOKEN: ${API_TOKEN}',
      '',
    ].join('\n'),
  );
  const { config, errors } = loadConfig(file, env);
  assert.equal(config, null);
  assert.deepEqual(
    errors.map((e) => [e.line, e.column, e.path, e.message]),
    [
      [
        1,
        8,
        'store',
        "${DB_PASS}: DB_PASS is not set in crew's environment (write ${DB_PASS:-value} for a default)",
      ],
      [
        6,
        14,
        'pools.a.env.TOKEN',
        "${API_TOKEN}: API_TOKEN is not set in crew's environment (write ${API_TOKEN:-value} for a default)",
      ],
    ],
  );
});

test('log_format per environment: ${CREW_LOG_FORMAT:-text}, checked after interpolation', () => {
  const file = write('log_format: ${CREW_LOG_FORMAT:-text}\npools:\n  a: { command: x }\n');
  assert.equal(loadConfig(file, {}).config?.logFormat, 'text');
  assert.equal(loadConfig(file, { CREW_LOG_FORMAT: '' }).config?.logFormat, 'text');
  assert.equal(loadConfig(file, { CREW_LOG_FORMAT: 'json' }).config?.logFormat, 'json');
  const { errors } = loadConfig(file, { CREW_LOG_FORMAT: 'yaml' });
  assert.deepEqual(
    errors.map((e) => [e.line, e.path, e.message]),
    [[1, 'log_format', 'expected text or json, got "yaml"']],
  );
});
