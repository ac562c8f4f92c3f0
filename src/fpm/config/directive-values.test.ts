// How php-fpm reads a setting's value, as php-fpm 8.2 -tt showed for each of these.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atoi, atoiWraps } from './c-int.js';
import { readBoolean, readDirective, readInteger, readTimeSeconds } from './directive-values.js';

const readValue = (read: ReturnType<typeof readInteger>) => (read.ok ? read.value : 'refused');

test('integers: digits after one optional -, empty is 0, overflow wraps as C does', () => {
  const cases: [string, number | string][] = [
    ['5', 5],
    ['-5', -5],
    ['', 0],
    ['-', 0],
    ['99999999999', 1215752191],
    [' 5', 'refused'],
    ['+5', 'refused'],
    ['5x', 'refused'],
    ['1.5', 'refused'],
    ['ten', 'refused'],
  ];
  for (const [text, expected] of cases) assert.equal(readValue(readInteger(text)), expected, text);
  assert.equal(atoiWraps('99999999999'), true);
  assert.equal(atoiWraps('2147483647'), false);
  assert.equal(atoi('4294967297'), 1);
});

test('times: s m h d suffixes (lower case), anything after the leading number ignored', () => {
  const cases: [string, number | string][] = [
    ['10s', 10],
    ['10', 10],
    ['2m', 120],
    ['1.5h', 3600],
    ['2d', 172_800],
    [' 4m', 240],
    ['1x5', 1],
    ['s', 0],
    ['-5', -5],
    ['10S', 'refused'],
    ['-', 'refused'],
    ['', 'refused'],
  ];
  for (const [text, expected] of cases)
    assert.equal(readValue(readTimeSeconds(text)), expected, text);
});

test('booleans: what the INI parser left of yes/no, and these words when quoted', () => {
  for (const text of ['1', 'true', 'on', 'yes']) assert.equal(readValue(readBoolean(text)), true);
  for (const text of ['', '0', 'false', 'off', 'no', 'none'])
    assert.equal(readValue(readBoolean(text)), false);
  for (const text of ['null', '2', 'YES', ' yes', 'On', '01', 'y'])
    assert.equal(readValue(readBoolean(text)), 'refused', text);
});

test('pm, rlimit_core, log_level and syslog.facility', () => {
  assert.equal(readValue(readDirective('pm', 'Static')), 'static');
  assert.equal(readValue(readDirective('pm', 'auto')), 'refused');
  assert.equal(readValue(readDirective('rlimit', 'Unlimited')), -1);
  assert.equal(readValue(readDirective('rlimit', '-3')), 'refused');
  assert.equal(readValue(readDirective('log-level', 'Debug')), 'debug');
  assert.equal(readValue(readDirective('log-level', 'verbose')), 'refused');
  assert.equal(readValue(readDirective('syslog-facility', 'LOCAL3')), 'local3');
  assert.equal(readValue(readDirective('syslog-facility', 'foo')), 'refused');
});
