// Mistakes in an autoscaled pool's range, target_wait and scale: settings.
import { describeLoadErrors, type ErrorCase } from './test-support/load-error-cases.js';

const cases: ErrorCase[] = [
  {
    name: 'an autoscaled pool whose max would give processes the same name',
    yaml: 'pools:\n  a:\n    command: x\n    processes: 1..3\n    process_name: "{pool}"\n',
    errors: [[5, 19, 'pools.a.process_name', 'or all 3 processes get the same name']],
  },
  {
    name: 'a range with min above max, and a bad target_wait',
    yaml: 'pools:\n  a:\n    command: x\n    processes: 4..2\n    target_wait: 10ms\n',
    errors: [
      [4, 16, 'pools.a.processes', 'min (4) must not be more than max (2)'],
      [5, 18, 'pools.a.target_wait', 'must be at least 100ms, got "10ms"'],
    ],
  },
  {
    name: 'a {min, max} mapping with min above max, a max of 0 and an unknown scale key',
    yaml: [
      'pools:',
      '  a:',
      '    command: x',
      '    processes: { min: 3, max: 1 }',
      '  b:',
      '    command: x',
      '    processes: 0..0',
      '    scale: { down_window: 1m, cooldown: 5s }',
      '',
    ].join('\n'),
    errors: [
      [4, 31, 'pools.a.processes.max', 'min (3) must not be more than max (1)'],
      [7, 16, 'pools.b.processes', 'max must be at least 1, got 0'],
      [8, 31, 'pools.b.scale.cooldown', 'unknown key "cooldown"'],
    ],
  },
];

describeLoadErrors(cases);
