import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createParams, parseTableName, quoteTable, tableNameProblem } from './sql-dialect.js';

test('table names are plain SQL names, optionally schema-qualified', () => {
  const cases = [
    ['jobs', { schema: null, name: 'jobs' }],
    ['app_Jobs2', { schema: null, name: 'app_Jobs2' }],
    ['queue.jobs', { schema: 'queue', name: 'jobs' }],
    ['_private.failed_jobs', { schema: '_private', name: 'failed_jobs' }],
    ['', null],
    ['2jobs', null],
    ['jobs; DROP TABLE users', null],
    ['"jobs"', null],
    ['`jobs`', null],
    ['a.b.c', null],
    ['jobs-table', null],
    [`j${'x'.repeat(64)}`, null],
  ] as const;
  for (const [text, expected] of cases) assert.deepEqual(parseTableName(text), expected, text);
});

test('each dialect quotes names and writes placeholders its own way', () => {
  const table = { schema: 'app', name: 'jobs' };
  assert.equal(quoteTable('postgres', table), '"app"."jobs"');
  assert.equal(quoteTable('sqlite', { schema: null, name: 'jobs' }), '"jobs"');
  assert.equal(quoteTable('mysql', table), '`app`.`jobs`');

  const numbered = createParams('postgres');
  assert.deepEqual([numbered.add('a'), numbered.add(2)], ['$1', '$2']);
  assert.deepEqual(numbered.values, ['a', 2]);
  const positional = createParams('mysql');
  assert.deepEqual([positional.add('a'), positional.add(2)], ['?', '?']);
});

test('a refused table name says what is wrong with it', () => {
  const cases = [
    ['', /is empty/],
    ['a.b.c', /has 2 dots/],
    ['jobs; DROP TABLE users', /holds ";"/],
    ['jobs-table', /holds "-"/],
    ['app.', /empty part/],
    ['2jobs', /starts with a digit/],
    [`j${'x'.repeat(64)}`, /longer than 64/],
  ] as const;
  for (const [text, problem] of cases) assert.match(tableNameProblem(text) ?? '', problem, text);
  assert.equal(tableNameProblem('app.jobs'), null);
});
