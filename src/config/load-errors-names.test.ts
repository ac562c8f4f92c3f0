// Mistakes in pool and process names: bad or duplicate pool names, and process names that clash.
import { describeLoadErrors, type ErrorCase } from './test-support/load-error-cases.js';

const cases: ErrorCase[] = [
  {
    name: 'a duplicate pool name',
    yaml: 'pools:\n  a:\n    command: x\n  a:\n    command: y\n',
    errors: [[4, 3, 'pools.a', 'pool "a" is defined twice (first on line 2)']],
  },
  {
    name: 'a duplicate process name across pools',
    yaml: 'pools:\n  a:\n    command: x\n  b:\n    command: y\n    process_name: "a_{num:02}"\n',
    errors: [
      [6, 19, 'pools.b.process_name', 'makes the process name "a_00", which pool "a" also makes'],
    ],
  },
  {
    name: 'a process_name without {num} for several processes',
    yaml: 'pools:\n  a:\n    command: x\n    processes: 2\n    process_name: "{pool}"\n',
    errors: [
      [
        5,
        19,
        'pools.a.process_name',
        'must contain {num} or {num:02} when processes is more than 1',
      ],
    ],
  },
  {
    name: 'a bad pool name',
    yaml: 'pools:\n  "-a":\n    command: x\n    processes: -1\n',
    errors: [
      [2, 3, 'pools.-a', 'pool names must start with a letter or digit'],
      [4, 16, 'pools.-a.processes', 'must be at least 0'],
    ],
  },
];

describeLoadErrors(cases);
