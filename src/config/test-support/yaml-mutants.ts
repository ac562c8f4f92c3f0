// Mutated crew.yaml files for config fuzzing, made deterministically from a seed: wrong types,
// huge and negative numbers, durations past what a timer holds, binary bytes, alias bombs and
// cycles, duplicate and unknown keys, deep nesting, truncation, damaged indentation and more.
// Each mutant says what is known about it: that crew must refuse it (a negative duration, a
// process count that is not a whole number...), that crew must load it (an unchanged example, a
// hundred pools merging one anchor), or nothing.
import { createRandom, type Random } from './fuzz-random.js';
import { yamlBases } from './yaml-bases.js';
import {
  badNumber,
  deepNesting,
  duplicateKey,
  oddValue,
  unknownKey,
} from './yaml-key-mutations.js';
import {
  aliasBomb,
  badAlias,
  binaryBytes,
  controlCharacters,
  deleteLine,
  type Expectation,
  longLine,
  moveLine,
  type Operator,
  secondDocument,
  shiftIndent,
  truncate,
  wrongRoot,
} from './yaml-text-mutations.js';

export type { Expectation };

export interface Mutant {
  readonly name: string;
  readonly bytes: Buffer;
  readonly expect: Expectation | null;
}

const OPERATORS: readonly [Operator, number][] = [
  [badNumber, 6],
  [oddValue, 6],
  [duplicateKey, 2],
  [unknownKey, 2],
  [deepNesting, 2],
  [aliasBomb, 2],
  [badAlias, 1],
  [binaryBytes, 2],
  [truncate, 3],
  [deleteLine, 2],
  [moveLine, 2],
  [shiftIndent, 2],
  [secondDocument, 1],
  [longLine, 1],
  [controlCharacters, 2],
  [wrongRoot, 1],
];
// Operators that keep the file small and its other lines where they were, to go first in a pair.
const FIRST_OF_TWO: readonly Operator[] = [
  oddValue,
  deleteLine,
  moveLine,
  shiftIndent,
  controlCharacters,
  truncate,
];

function pickOperator(random: Random): Operator {
  const total = OPERATORS.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.int(total);
  for (const [operator, weight] of OPERATORS) {
    roll -= weight;
    if (roll < 0) return operator;
  }
  return truncate;
}

// Files crew must load: the unchanged examples, crew.yaml with CRLF line ends, and many pools
// merging one anchor (`<<: *defaults`), as real files do.
function controls(random: Random): Mutant[] {
  const bases = yamlBases();
  const crlf = (bases[0]?.text ?? '').replaceAll('\n', '\r\n');
  const count = 101 + random.int(50);
  const pools = Array.from({ length: count }, (_, i) => `  p${i}:\n    <<: *defaults\n`).join('');
  const merged = `http: false\nx-defaults: &defaults\n  command: sleep 60\n  processes: 0\n  stop_timeout: 5s\npools:\n${pools}`;
  const valid = (why: string): Expectation => ({ valid: true, why });
  return [
    ...bases.map((base) => ({
      name: `${base.name} unchanged`,
      bytes: Buffer.from(base.text),
      expect: valid('an example as documented'),
    })),
    {
      name: 'crew.yaml with CRLF line ends',
      bytes: Buffer.from(crlf),
      expect: valid('CRLF line ends'),
    },
    {
      name: `${count} pools merging one anchor`,
      bytes: Buffer.from(merged),
      expect: valid('merge keys used as documented'),
    },
  ];
}

// `count` mutants (controls first), the same for the same seed.
export function yamlMutants(count: number, seed: number): Mutant[] {
  const random = createRandom(seed);
  const bases = yamlBases();
  const mutants = controls(random);
  while (mutants.length < count) {
    const base = random.pick(bases);
    const pair = random.chance(0.3);
    const first = pair ? random.pick(FIRST_OF_TWO)(base.text, random) : null;
    const start = first ? String(first.text) : base.text;
    const last = pickOperator(random)(start, random);
    if (!last) continue;
    const keepExpectation = !first || last.global === true;
    const what = first ? `${first.what}; ${last.what}` : last.what;
    mutants.push({
      name: `#${mutants.length} ${base.name}: ${what}`,
      bytes: Buffer.isBuffer(last.text) ? last.text : Buffer.from(last.text),
      expect: keepExpectation ? (last.expect ?? null) : null,
    });
  }
  return mutants.slice(0, count);
}
