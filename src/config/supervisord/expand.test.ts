import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpandError, expand, toCrewTemplate, usesName } from './expand.js';

const names = {
  program_name: 'worker',
  group_name: 'queues',
  host_node_name: 'web1',
  here: '/etc/supervisor',
  process_num: 3,
  numprocs: 4,
  ENV_APP_ENV: 'production',
};

describe('expand', () => {
  it('expands each name supervisord offers', () => {
    assert.equal(
      expand('%(program_name)s %(group_name)s %(host_node_name)s %(here)s %(ENV_APP_ENV)s', names),
      'worker queues web1 /etc/supervisor production',
    );
  });

  it('formats process_num with printf widths and zero padding', () => {
    assert.equal(expand('%(process_num)02d|%(process_num)d|%(process_num)03d', names), '03|3|003');
    assert.equal(
      expand('[%(process_num)3d][%(process_num)-3d][%(process_num)s]', names),
      '[  3][3  ][3]',
    );
    assert.equal(expand('[%(program_name)8s][%(program_name).3s]', names), '[  worker][wor]');
  });

  it('turns %% into % and leaves values without % alone', () => {
    assert.equal(expand('celery -n worker%%h --pct=100%%', names), 'celery -n worker%h --pct=100%');
    assert.equal(expand('plain; text', names), 'plain; text');
  });

  it('names the missing environment variable', () => {
    assert.throws(() => expand('%(ENV_MISSING)s', names), {
      name: 'Error',
      message: '%(ENV_MISSING)s needs MISSING in the environment',
    });
    assert.throws(() => expand('%(ENV_MISSING)s', names), ExpandError);
  });

  it('lists the names it knows when one is unknown', () => {
    assert.throws(
      () => expand('%(progam_name)s', names),
      /progam_name\)s is not a name supervisord expands here \(group_name, here, host_node_name, numprocs, process_num, program_name, ENV_<variable>\)/,
    );
  });

  it('rejects a bare %, %s without a name, an unclosed %( and %d of text', () => {
    assert.throws(() => expand('date +%s', names), /"%s" is not an expansion/);
    assert.throws(() => expand('100%', names), /"%" is not an expansion/);
    assert.throws(() => expand('%(program_name', names), /has no closing/);
    assert.throws(() => expand('%(program_name)d', names), /needs a number, but it is "worker"/);
    assert.throws(() => expand('%(program_name)x', names), /is not an expansion/);
  });

  it('tells whether a raw value uses a name', () => {
    assert.equal(usesName('%(program_name)s_%(process_num)02d', 'process_num'), true);
    assert.equal(usesName('%(program_name)s', 'process_num'), false);
  });
});

describe('toCrewTemplate', () => {
  it('maps program_name to {pool} and process_num to {num} or {num:02}', () => {
    assert.deepEqual(toCrewTemplate('%(program_name)s_%(process_num)02d', names, true), {
      template: '{pool}_{num:02}',
      notes: [],
    });
    assert.equal(
      toCrewTemplate('%(program_name)s-%(process_num)d', names, true).template,
      '{pool}-{num}',
    );
    assert.equal(toCrewTemplate('%(program_name)s', names, true).template, '{pool}');
  });

  it('writes other names as their values', () => {
    const { template } = toCrewTemplate(
      '%(group_name)s-%(host_node_name)s-%(ENV_APP_ENV)s-%%',
      names,
      true,
    );
    assert.equal(template, 'queues-web1-production-%');
  });

  it('notes what it cannot keep: padding where not allowed, braces in the text', () => {
    const path = toCrewTemplate('/var/log/%(process_num)02d.log', names, false);
    assert.deepEqual(path, {
      template: '/var/log/{num}.log',
      notes: ['%(process_num)02d became {num}'],
    });
    const braces = toCrewTemplate('{x}_%(process_num)d', names, true);
    assert.match(braces.notes[0] ?? '', /contains \{ or \}/);
  });
});
