// Mutations of crew.yaml as text, knowing nothing of its keys: truncation, deleted and moved
// lines, damaged indentation, binary bytes, control characters, megabyte lines, a second
// document, alias bombs and cycles, nesting thousands deep. Each returns the new text, what it
// did, and what is known about the result (binary bytes, a bomb, nesting past 64 levels: crew
// must refuse it whatever else the file holds).
import type { Random } from './fuzz-random.js';

export interface Expectation {
  readonly valid: boolean;
  readonly why: string;
}

export interface Mutant {
  readonly name: string;
  readonly bytes: Buffer;
  readonly expect: Expectation | null;
}

export interface Mutation {
  readonly text: string | Buffer;
  readonly what: string;
  readonly expect?: Expectation;
  // Whether the expectation holds whatever else was done to the file (binary bytes, a bomb).
  readonly global?: boolean;
}

export type Operator = (text: string, random: Random) => Mutation | null;

export const refuse = (why: string): Expectation => ({ valid: false, why });

export const lines = (text: string) => text.split('\n');

// A billion-laughs block: each anchor holds `fanout` aliases of the one before.
export const aliasBomb: Operator = (text, random) => {
  const fanout = 6 + random.int(5);
  const levels = 8 + random.int(3);
  const bomb = [`x-b0: &b0 [${Array(fanout).fill('lol').join(', ')}]`];
  for (let i = 1; i < levels; i++)
    bomb.push(
      `x-b${i}: &b${i} [${Array(fanout)
        .fill(`*b${i - 1}`)
        .join(', ')}]`,
    );
  return {
    text: `${bomb.join('\n')}\n${text}`,
    what: `an alias bomb of ${fanout}^${levels}`,
    expect: refuse('an alias bomb'),
    global: true,
  };
};

// An alias that names its own anchor, or no anchor at all.
export const badAlias: Operator = (text, random) => {
  const loop = random.chance(0.5);
  const block = loop ? 'x-loop: &loop { self: *loop }' : 'x-nowhere: *nowhere';
  return {
    text: `${block}\n${text}`,
    what: loop ? 'an alias cycle' : 'an alias to no anchor',
    expect: refuse(loop ? 'an alias cycle' : 'an undefined alias'),
    global: true,
  };
};

// Bytes that are not UTF-8 text, with a NUL among them, somewhere in the file.
export const binaryBytes: Operator = (text, random) => {
  const bytes = Buffer.from(text);
  const at = random.int(bytes.length + 1);
  const junk = Buffer.from(Array.from({ length: 1 + random.int(64) }, () => random.int(256)));
  junk[random.int(junk.length)] = random.pick([0x00, 0xff, 0xfe, 0xc3]);
  junk[junk.length - 1] = 0x00;
  return {
    text: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]),
    what: `${junk.length} binary bytes at ${at}`,
    expect: refuse('binary bytes'),
    global: true,
  };
};

export const truncate: Operator = (text, random) => {
  const at = random.int(text.length);
  return { text: text.slice(0, at), what: `cut at ${at} of ${text.length}` };
};

export const deleteLine: Operator = (text, random) => {
  const all = lines(text);
  const index = random.int(all.length);
  all.splice(index, 1);
  return { text: all.join('\n'), what: `line ${index + 1} deleted` };
};

export const moveLine: Operator = (text, random) => {
  const all = lines(text);
  const [line] = all.splice(random.int(all.length), 1);
  const to = random.int(all.length + 1);
  all.splice(to, 0, line ?? '');
  return { text: all.join('\n'), what: `a line moved to ${to + 1}` };
};

export const shiftIndent: Operator = (text, random) => {
  const all = lines(text);
  const index = random.int(all.length);
  const line = all[index] ?? '';
  const shifted = random.chance(0.2)
    ? `\t${line.trimStart()}`
    : `${' '.repeat(Math.max(0, line.search(/\S|$/) + random.pick([-3, -2, -1, 1, 2, 3])))}${line.trimStart()}`;
  all[index] = shifted;
  return { text: all.join('\n'), what: `line ${index + 1} re-indented` };
};

// A document marker after the first content line, so that the file holds two documents.
export const secondDocument: Operator = (text, random) => {
  const all = lines(text);
  const first = all.findIndex((line) => /^[^#\s]/.test(line));
  if (first === -1) return null;
  const index = first + 1 + random.int(all.length - first);
  all.splice(index, 0, '---');
  return {
    text: all.join('\n'),
    what: `--- at line ${index + 1}`,
    expect: refuse('two documents'),
  };
};

// A megabyte line: a comment (within the size limit) or a value past it.
export const longLine: Operator = (text, random) => {
  const big = random.chance(0.5);
  const line = big ? `x-big: ${'y'.repeat(1_100_000)}` : `# ${'z'.repeat(1_000_000)}`;
  return {
    text: `${text}\n${line}\n`,
    what: big ? 'a 1.1 MB value' : 'a 1 MB comment',
    ...(big ? { expect: refuse('a file over 1 MiB'), global: true } : {}),
  };
};

export const controlCharacters: Operator = (text, random) => {
  const at = random.int(text.length + 1);
  const junk = random.pick(['\u001b[31m', '\u0007', '\u0085', '\u2028', '\ud83d\ude00', '\u202e']);
  return {
    text: `${text.slice(0, at)}${junk}${text.slice(at)}`,
    what: `a control character at ${at}`,
  };
};

export const wrongRoot: Operator = (_text, random) => {
  const text = random.pick([
    '',
    '# nothing\n',
    '- a\n- b\n',
    'just text\n',
    'pools\n',
    '42\n',
    '~\n',
  ]);
  return {
    text,
    what: `the whole file is ${JSON.stringify(text)}`,
    expect: refuse('no pools mapping'),
  };
};
