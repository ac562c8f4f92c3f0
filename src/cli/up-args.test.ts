import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseUpArgs } from './up-args.js';

const table: [string[], { config: string } | null][] = [
  [['up'], { config: 'crew.yaml' }],
  [['-c', 'prod.yaml', 'up'], { config: 'prod.yaml' }],
  [['--config', 'a.yaml', 'up'], { config: 'a.yaml' }],
  [['--config=b.yaml', 'up'], { config: 'b.yaml' }],
  [['up', '-c', 'late.yaml'], { config: 'late.yaml' }],
  [['up', '--help'], null],
  [['status'], null],
  [['-c'], null],
  [['up', 'extra'], null],
  [['--socket', 'x', 'up'], null],
  [[], null],
];

for (const [args, expected] of table) {
  test(`parseUpArgs ${JSON.stringify(args)}`, () => assert.deepEqual(parseUpArgs(args), expected));
}
