// Mutations of crew.yaml that know its keys: a numeric field set to what crew must refuse (a
// negative or 25-day duration, a process count that is not a whole number), any value replaced
// by one of another type or a broken token, a key written twice, a key no schema has, nesting
// past 64 levels in place of a value. A line's key path comes from its indentation
// (yaml-bases.ts), so the oracle knows which field a value landed in.
import { type KeyLine, keyLines } from './yaml-bases.js';
import { lines, type Operator, refuse } from './yaml-text-mutations.js';

const DURATIONS = new Set([
  'startsecs',
  'backoff',
  'stop_timeout',
  'target_wait',
  'timeout',
  'timeout_grace',
  'lease',
  'poll',
]);
const COUNTS = new Set(['tries', 'startretries', 'max_stalls']);

// What kind of number a key path holds, for the oracle; null for anything else.
function kindOf(path: readonly string[]): 'duration' | 'processes' | 'count' | null {
  const [top, , key, sub] = path;
  if (path.length === 1 && top === 'sample_interval') return 'duration';
  if (top !== 'pools') return null;
  if (path.length === 3 && key !== undefined) {
    if (DURATIONS.has(key)) return 'duration';
    if (key === 'processes') return 'processes';
    if (COUNTS.has(key)) return 'count';
  }
  if (path.length !== 4) return null;
  if (key === 'scale' || (key === 'recycle' && sub === 'max_uptime')) return 'duration';
  if (key === 'backlog' && sub === 'retry_after') return 'duration';
  if ((key === 'recycle' && sub === 'max_jobs') || (key === 'logs' && sub === 'backups'))
    return 'count';
  return null;
}

const BAD_VALUES = {
  duration: ['-1', '-5s', '600h', '3000000', '99999999999999999999', '.inf', '1e400', '25000h'],
  processes: ['2.5', '-1', '1001', '99999999999999999999', '"1.5..3"', '4..2', '0..0', '1e400'],
  count: ['2.5', '-1', '99999999999999999999', '1e400', '.nan'],
} as const;

const ODD_VALUES = [
  '[a, b]',
  '{x: 1}',
  'true',
  '~',
  '"text"',
  '3.5',
  '0x1F',
  '!!binary aGVsbG8=',
  '!!set {a, b}',
  '!!omap [a: 1]',
  '!custom x',
  "'",
  '"unterminated',
  '*nowhere',
  '&anchor',
  '@reserved',
  '`tick',
  '%',
  '{',
  ']',
  '"\\u001b[31mred"',
  '"\\0"',
  '0',
  '-0',
  '""',
  '1_000',
];

function inlineKeyLines(text: string): KeyLine[] {
  return keyLines(lines(text)).filter((line) => line.value !== '');
}

function replaceLine(text: string, index: number, line: string): string {
  const all = lines(text);
  all[index] = line;
  return all.join('\n');
}

function keyOf(line: string): string {
  return line.slice(0, line.indexOf(':') + 1);
}

// A value of the wrong kind for a numeric key: refused, whatever else is in the file.
export const badNumber: Operator = (text, random) => {
  const candidates = inlineKeyLines(text).filter((line) => kindOf(line.path) !== null);
  if (candidates.length === 0) return null;
  const line = random.pick(candidates);
  const kind = kindOf(line.path) as keyof typeof BAD_VALUES;
  const value = random.pick(BAD_VALUES[kind]);
  const key = keyOf(lines(text)[line.index] as string);
  return {
    text: replaceLine(text, line.index, `${key} ${value}`),
    what: `${line.path.join('.')} = ${value}`,
    expect: refuse(`a ${kind} of ${value}`),
  };
};

// Any scalar replaced by a value of another type, a YAML tag or a broken token.
export const oddValue: Operator = (text, random) => {
  const candidates = inlineKeyLines(text);
  if (candidates.length === 0) return null;
  const line = random.pick(candidates);
  const value = random.pick(ODD_VALUES);
  const key = keyOf(lines(text)[line.index] as string);
  return {
    text: replaceLine(text, line.index, `${key} ${value}`),
    what: `${line.path.join('.')} = ${value}`,
  };
};

// A key written twice in one mapping.
export const duplicateKey: Operator = (text, random) => {
  const candidates = inlineKeyLines(text);
  if (candidates.length === 0) return null;
  const line = random.pick(candidates);
  const all = lines(text);
  all.splice(line.index + 1, 0, all[line.index] as string);
  return {
    text: all.join('\n'),
    what: `${line.path.join('.')} twice`,
    expect: refuse('a duplicate key'),
  };
};

// A key no schema has, beside an existing one (anything goes under env: and x- keys).
export const unknownKey: Operator = (text, random) => {
  const candidates = inlineKeyLines(text);
  if (candidates.length === 0) return null;
  const line = random.pick(candidates);
  const parent = line.path.slice(0, -1);
  const free = parent.at(-1) === 'env' || (parent[0] ?? '').startsWith('x-');
  const all = lines(text);
  all.splice(line.index + 1, 0, `${' '.repeat(line.indent)}bogus_key_${random.int(100)}: 1`);
  return {
    text: all.join('\n'),
    what: `an unknown key beside ${line.path.join('.')}`,
    ...(free ? {} : { expect: refuse('an unknown key') }),
  };
};

// Nesting from 65 to 100 000 levels deep in place of a value.
export const deepNesting: Operator = (text, random) => {
  const candidates = inlineKeyLines(text);
  if (candidates.length === 0) return null;
  const line = random.pick(candidates);
  const depth = random.pick([65, 200, 1000, 5000, 100_000]);
  const [open, close] = random.pick([
    ['[', ']'],
    ['{a: ', '}'],
    ['[{b: ', '}]'],
  ] as const);
  const value = `${open.repeat(depth)}1${close.repeat(depth)}`;
  const key = keyOf(lines(text)[line.index] as string);
  return {
    text: replaceLine(text, line.index, `${key} ${value}`),
    what: `${line.path.join('.')} nested ${depth} deep`,
    expect: refuse('nesting deeper than 64 levels'),
    global: true,
  };
};
