// Broken supervisord setups for fuzzing `crew import`, made deterministically from a seed: include
// loops, globs that match nothing, includes of devices and FIFOs, megabyte lines, huge %-field
// widths, binary bytes, numbers crew cannot run, plus truncation and other damage. A mutant is a
// set of files (the main one is supervisord.conf) and what is known about it: that import must
// refuse it, that it must succeed, or nothing.
import { createRandom, type Random } from '../../test-support/fuzz-random.js';
import { BASES, type Base, MAIN_FILE } from './ini-bases.js';

export { MAIN_FILE };

export interface Expectation {
  readonly valid: boolean;
  readonly why: string;
}

// A file's content, or a FIFO to create in its place.
export type IniFile = string | Buffer | { readonly fifo: true };

export interface IniMutant {
  readonly name: string;
  // Relative paths; `supervisord.conf` is the one to import.
  readonly files: Readonly<Record<string, IniFile>>;
  readonly expect: Expectation | null;
}

interface Mutation {
  readonly files: Record<string, IniFile>;
  readonly what: string;
  readonly expect?: Expectation;
}

type Operator = (files: Record<string, string>, random: Random) => Mutation | null;

const refuse = (why: string): Expectation => ({ valid: false, why });
const accept = (why: string): Expectation => ({ valid: true, why });

function withMain(files: Record<string, string>, main: string): Record<string, IniFile> {
  return { ...files, [MAIN_FILE]: main };
}

// Adds lines to the end of the main file's first [program:x] section (a new one if it has none).
function addToProgram(main: string, lines: string): string {
  const program = main.indexOf('[program:');
  if (program === -1) return `${main}\n[program:fuzz]\ncommand=sleep 1\n${lines}\n`;
  const at = main.indexOf('\n[', program + 1);
  return at === -1 ? `${main}${lines}\n` : `${main.slice(0, at)}\n${lines}${main.slice(at)}`;
}

const INCLUDE_TARGETS = [
  ['/dev/zero', 'a character device'],
  ['/dev/urandom', 'a character device'],
  ['/dev/null', 'a character device'],
] as const;

const operators = {
  includeItself: (files, random) => {
    const pattern = random.pick([
      '*.conf',
      '%(here)s/supervisord.conf',
      'supervisord.conf conf.d/../*.conf',
    ]);
    const main = `${files[MAIN_FILE]}\n[include]\nfiles = ${pattern}\n`;
    return {
      files: withMain(files, main),
      what: `includes itself (${pattern})`,
      expect: accept('an include loop is read once'),
    };
  },
  nestedLoop: (files) => ({
    files: {
      ...withMain(files, `${files[MAIN_FILE]}\n[include]\nfiles = loop/*.conf\n`),
      'loop/back.conf': '[include]\nfiles = ../supervisord.conf\n[program:back]\ncommand=sleep 1\n',
    },
    what: 'an included file that includes the main one',
    expect: accept('nested includes are not followed'),
  }),
  missingGlob: (files, random) => {
    const pattern = random.pick([
      'nowhere/*.conf',
      '/nonexistent/dir/*.ini',
      'missing.conf',
      '[z]*.conf',
    ]);
    return {
      files: withMain(files, `${files[MAIN_FILE]}\n[include]\nfiles = ${pattern}\n`),
      what: `includes ${pattern}`,
      expect: accept('a glob that matches nothing is a warning'),
    };
  },
  deviceInclude: (files, random) => {
    const [path, kind] = random.pick(INCLUDE_TARGETS);
    return {
      files: withMain(files, `${files[MAIN_FILE]}\n[include]\nfiles = ${path}\n`),
      what: `includes ${path}`,
      expect: refuse(`an include of ${kind}`),
    };
  },
  fifoInclude: (files) => ({
    files: {
      ...withMain(files, `${files[MAIN_FILE]}\n[include]\nfiles = fifo/*.conf\n`),
      'fifo/pipe.conf': { fifo: true },
    },
    what: 'includes a FIFO',
    expect: refuse('an include of a FIFO'),
  }),
  bigInclude: (files) => ({
    files: {
      ...withMain(files, `${files[MAIN_FILE]}\n[include]\nfiles = big/*.conf\n`),
      'big/huge.conf': `[program:huge]\ncommand=x\n${'; padding\n'.repeat(120_000)}`,
    },
    what: 'includes a 1.2 MB file',
    expect: refuse('an included file over 1 MiB'),
  }),
  megabyteLine: (files, random) => {
    const line = random.pick([
      `command=sleep ${'9'.repeat(1_000_000)}`,
      `; ${'#'.repeat(1_000_000)}`,
      `x${' '.repeat(1_000_000)}y`,
    ]);
    return {
      files: withMain(files, addToProgram(files[MAIN_FILE] ?? '', line)),
      what: 'a 1 MB line',
      expect: refuse('a line over 64 KiB'),
    };
  },
  hugeWidth: (files, random) => {
    const width = random.pick(['100', '099999999', '0999999999999', '9'.repeat(400)]);
    const line = random.pick([
      `process_name=%(program_name)s_%(process_num)${width}d`,
      `environment=PAD="%(program_name)${width}s"`,
      `directory=/srv/%(process_num)${width}d`,
    ]);
    return {
      files: withMain(files, addToProgram(files[MAIN_FILE] ?? '', line)),
      what: line.slice(0, 60),
      expect: refuse('a field wider than 99'),
    };
  },
  hugeNumber: (files, random) => {
    const line = random.pick([
      'numprocs=99999999999999999999',
      'numprocs=5000',
      'startsecs=99999999',
      'stopwaitsecs=-1',
      'startretries=-3',
      'stdout_logfile_backups=1000000',
      'stdout_logfile_maxbytes=-5MB',
      'stdout_logfile_maxbytes=99999999999999GB',
    ]);
    return {
      files: withMain(files, addToProgram(files[MAIN_FILE] ?? '', line)),
      what: line,
      expect: refuse('a number crew cannot run'),
    };
  },
  badExpansion: (files, random) => {
    const line = random.pick([
      'command=echo %(',
      'command=echo %(nope)s',
      'command=%(ENV_CREW_FUZZ_UNSET)s',
      'command=echo %z',
    ]);
    return {
      files: withMain(files, addToProgram(files[MAIN_FILE] ?? '', line)),
      what: line,
      expect: refuse('an expansion supervisord cannot make'),
    };
  },
  binary: (files, random) => {
    const main = Buffer.from(files[MAIN_FILE] ?? '');
    const at = random.int(main.length + 1);
    const junk = Buffer.from(Array.from({ length: 1 + random.int(200) }, () => random.int(256)));
    junk[junk.length - 1] = random.pick([0x00, 0xff]);
    return {
      files: {
        ...files,
        [MAIN_FILE]: Buffer.concat([main.subarray(0, at), junk, main.subarray(at)]),
      },
      what: `${junk.length} binary bytes at ${at}`,
      expect: refuse('binary bytes'),
    };
  },
  truncate: (files, random) => {
    const main = files[MAIN_FILE] ?? '';
    const at = random.int(main.length);
    return { files: withMain(files, main.slice(0, at)), what: `cut at ${at}` };
  },
  damageLine: (files, random) => {
    const lines = (files[MAIN_FILE] ?? '').split('\n');
    const index = random.int(lines.length);
    const line = lines[index] ?? '';
    lines[index] = random.pick([
      '',
      `  ${line}`,
      line.replace('=', ' '),
      line.replace(']', ''),
      `${line}\u001b[31m;#`,
      `[${line}`,
      line.toUpperCase(),
      `${line}=%(`,
    ]);
    return { files: withMain(files, lines.join('\n')), what: `line ${index + 1} damaged` };
  },
  manyIncludes: (files) => {
    const many: Record<string, string> = {};
    for (let i = 0; i <= 1000; i++) many[`many/p${i}.conf`] = `[program:p${i}]\ncommand=sleep 1\n`;
    return {
      files: {
        ...withMain(files, `${files[MAIN_FILE]}\n[include]\nfiles = many/*.conf\n`),
        ...many,
      },
      what: 'an include matching 1001 files',
      expect: refuse('more included files than crew reads'),
    };
  },
} satisfies Record<string, Operator>;

const WEIGHTS: Readonly<Record<keyof typeof operators, number>> = {
  includeItself: 2,
  nestedLoop: 1,
  missingGlob: 2,
  deviceInclude: 2,
  fifoInclude: 1,
  bigInclude: 1,
  megabyteLine: 2,
  hugeWidth: 3,
  hugeNumber: 3,
  badExpansion: 2,
  binary: 2,
  truncate: 3,
  damageLine: 4,
  manyIncludes: 0,
};

type OperatorName = keyof typeof operators;

function pickOperator(random: Random): OperatorName {
  const names = Object.keys(WEIGHTS) as OperatorName[];
  let roll = random.int(names.reduce((sum, name) => sum + WEIGHTS[name], 0));
  for (const name of names) {
    roll -= WEIGHTS[name];
    if (roll < 0) return name;
  }
  return 'truncate';
}

// `count` mutants, the same for the same seed; the include of 1001 files is always among them.
export function iniMutants(count: number, seed: number): IniMutant[] {
  const random = createRandom(seed);
  const first = BASES[0] as Base;
  const many = operators.manyIncludes(first.files);
  const mutants: IniMutant[] = [
    ...BASES.map((base) => ({
      name: `${base.name} unchanged`,
      files: base.files,
      expect: accept('a working setup'),
    })),
    { name: `${first.name}: ${many.what}`, files: many.files, expect: many.expect },
  ];
  while (mutants.length < count) {
    const base = random.pick(BASES);
    const mutation: Mutation | null = operators[pickOperator(random)](base.files, random);
    if (!mutation) continue;
    mutants.push({
      name: `#${mutants.length} ${base.name}: ${mutation.what}`,
      files: mutation.files,
      expect: mutation.expect ?? null,
    });
  }
  return mutants.slice(0, count);
}
