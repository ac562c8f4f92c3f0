import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEnvironment } from './environment.js';
import * as v from './values.js';

describe('supervisord value types', () => {
  it('reads whole numbers as Python int() does', () => {
    assert.equal(v.toInteger('8'), 8);
    assert.equal(v.toInteger(' +08 '), 8);
    assert.equal(v.toInteger('1_000'), 1000);
    assert.throws(() => v.toInteger('eight'), /"eight" is not a whole number/);
    assert.throws(() => v.toInteger('1.5'), v.ValueProblem);
  });

  it('reads booleans and autorestart', () => {
    for (const text of ['true', 'YES', 'on', '1']) assert.equal(v.toBoolean(text), true);
    for (const text of ['false', 'No', 'off', '0']) assert.equal(v.toBoolean(text), false);
    assert.throws(() => v.toBoolean('maybe'), /not true or false/);
    assert.equal(v.toAutorestart('Unexpected'), 'unexpected');
    assert.equal(v.toAutorestart('true'), true);
    assert.throws(() => v.toAutorestart('always'), /true, false or unexpected/);
  });

  it('reads signals by name (with or without SIG) or number', () => {
    assert.equal(v.toSignal('TERM'), 'TERM');
    assert.equal(v.toSignal('sigquit'), 'QUIT');
    assert.equal(v.toSignal('9'), 'KILL');
    assert.throws(() => v.toSignal('NOPE'), /not a signal name/);
  });

  it('reads exit codes, sizes, octal umasks and lists', () => {
    assert.deepEqual(v.toExitcodes('0, 2'), [0, 2]);
    assert.deepEqual(v.toExitcodes(''), []);
    assert.throws(() => v.toExitcodes('0,256'), /exit codes from 0 to 255/);
    assert.equal(v.toByteSize('50MB'), 50 * 1024 ** 2);
    assert.equal(v.toByteSize('1kb'), 1024);
    assert.equal(v.toByteSize('0'), 0);
    assert.throws(() => v.toByteSize('5 TB'), /not a size/);
    assert.equal(v.toOctal('022'), 0o22);
    assert.throws(() => v.toOctal('9'), /octal/);
    assert.deepEqual(v.toList('a, b ,c'), ['a', 'b', 'c']);
  });

  it('refuses names with a space, colon or slash', () => {
    assert.equal(v.toName(' worker '), 'worker');
    assert.throws(() => v.toName('{{ project_name }}'), /contains " "/);
    assert.throws(() => v.toName('a:b'), /contains ":"/);
  });
});

describe('parseEnvironment', () => {
  it('reads quoted values that hold commas, and unquoted lists', () => {
    assert.deepEqual(parseEnvironment('A="1",B="x,y",C=plain').env, {
      A: '1',
      B: 'x,y',
      C: 'plain',
    });
    assert.deepEqual(parseEnvironment("HOME=/app/code,PATH='/usr/bin:/bin',N=2").env, {
      HOME: '/app/code',
      PATH: '/usr/bin:/bin',
      N: '2',
    });
  });

  it('allows spaces and newlines between pairs, and a trailing comma', () => {
    assert.deepEqual(parseEnvironment('A="1",\n  B="2" ,').env, { A: '1', B: '2' });
  });

  it('refuses what supervisord refuses', () => {
    assert.throws(() => parseEnvironment('A="1'), /quote is never closed/);
    assert.throws(() => parseEnvironment('A=two words,B=1'), /cannot read KEY=value pairs/);
    assert.throws(() => parseEnvironment('JUSTAKEY'), v.ValueProblem);
  });

  it('reports the tokens supervisord silently skips', () => {
    const { env, skipped } = parseEnvironment('A=café');
    assert.deepEqual(env, { A: 'caf' });
    assert.deepEqual(skipped, ['é']);
  });
});
