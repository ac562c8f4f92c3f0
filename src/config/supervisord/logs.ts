// stdout_logfile / stderr_logfile / redirect_stderr → crew's `logs`: either crew's own
// stdout/stderr, or one rotating file per process (stderr in its own file or merged).
import { dirname, resolve } from 'node:path';
import { MAX_LOG_BACKUPS } from '../limits.js';
import type { LogTarget } from '../types.js';
import { ExpandError, type ExpansionNames, toCrewTemplate } from './expand.js';
import type { SectionReader } from './section-reader.js';
import { toByteSize, toIntegerIn } from './values.js';

const backups = toIntegerIn(0, MAX_LOG_BACKUPS, 'backups');

export type ImportedLogs = LogTarget;

type Target = 'auto' | 'none' | 'syslog' | 'stdout' | 'stderr' | 'file';

interface Stream {
  readonly key: string;
  readonly target: Target;
  readonly path: string | null;
  readonly maxBytes: number;
  readonly backups: number;
}

function classify(value: string | undefined): Target {
  const lower = value?.toLowerCase();
  if (lower === undefined || lower === 'auto') return 'auto';
  if (lower === 'none' || lower === 'off' || lower === '/dev/null') return 'none';
  if (lower === 'syslog') return 'syslog';
  if (lower === '/dev/stdout' || lower === '/dev/fd/1') return 'stdout';
  if (lower === '/dev/stderr' || lower === '/dev/fd/2') return 'stderr';
  return 'file';
}

// A log path as a crew template: the process_name template becomes {name}, process_num {num}.
function toPath(reader: SectionReader, key: string, names: ExpansionNames, nameTemplate: string) {
  const entry = reader.entry(key);
  const raw = entry?.value ?? '';
  const pieces = nameTemplate.includes('%(process_num)') ? raw.split(nameTemplate) : [raw];
  try {
    const here = { ...names, here: dirname(resolve(entry?.file ?? reader.section.file)) };
    const translated = pieces.map((piece) => toCrewTemplate(piece, here, false));
    for (const note of translated.flatMap((piece) => piece.notes)) reader.warn(key, note);
    return translated.map((piece) => piece.template).join('{name}');
  } catch (error) {
    if (!(error instanceof ExpandError)) throw error;
    return null;
  }
}

function readStream(
  reader: SectionReader,
  name: 'stdout' | 'stderr',
  names: ExpansionNames,
  nameTemplate: string,
): Stream {
  const key = `${name}_logfile`;
  const target = classify(reader.text(key, names));
  return {
    key,
    target,
    path: target === 'file' ? toPath(reader, key, names, nameTemplate) : null,
    maxBytes: reader.value(`${key}_maxbytes`, 50 * 1024 ** 2, toByteSize, names),
    backups: reader.value(`${key}_backups`, 10, backups, names),
  };
}

const lost: Partial<Record<Target, [string, string]>> = {
  auto: [
    'AUTO (unset): supervisord wrote it to a file in childlogdir',
    'AUTO (unset): supervisord wrote them to files in childlogdir',
  ],
  none: ['NONE: supervisord discarded it', 'NONE: supervisord discarded them'],
  syslog: ['syslog: supervisord sent it to syslog', 'syslog: supervisord sent them to syslog'],
};

// One warning per kind of output crew cannot keep, e.g. "stdout and stderr are AUTO ...".
function warnLost(reader: SectionReader, streams: readonly Stream[], instead: string): void {
  for (const target of new Set(streams.map((stream) => stream.target))) {
    const texts = lost[target];
    const same = streams.filter((stream) => stream.target === target);
    if (!texts || same.length === 0) continue;
    const labels = same.map((stream) => stream.key.replace('_logfile', ''));
    const key = same.find((stream) => reader.section.entries.has(stream.key))?.key ?? null;
    const [one, many] = texts;
    const text =
      same.length === 1 ? `${labels[0]} is ${one}` : `${labels.join(' and ')} are ${many}`;
    reader.warn(key, `${text}; ${instead.replace('$', same.length === 1 ? 'it' : 'them')}`);
  }
}

// Reads the log keys of a program section and maps them onto crew's `logs`.
export function readLogs(
  reader: SectionReader,
  redirectStderr: boolean,
  names: ExpansionNames,
  nameTemplate: string,
  processes: number,
): ImportedLogs {
  const stdout = readStream(reader, 'stdout', names, nameTemplate);
  const stderr = readStream(reader, 'stderr', names, nameTemplate);
  if (redirectStderr && reader.section.entries.has(stderr.key) && stderr.target === 'file') {
    reader.warn(stderr.key, 'ignored because redirect_stderr=true (supervisord ignores it too)');
  }
  const streams = redirectStderr ? [stdout] : [stdout, stderr];
  if (stdout.target !== 'file' || stdout.path === null) {
    warnLost(reader, streams, 'crew prints $ on its own stdout/stderr');
    if (!redirectStderr && stderr.target === 'file') {
      const message =
        "crew cannot keep a stderr file while stdout goes to crew's own stdout; crew prints stderr on its own stderr";
      reader.warn(stderr.key, message);
    }
    return { kind: 'stdout' };
  }
  if (processes > 1 && !/\{(name|num)/.test(stdout.path)) {
    reader.warn(
      stdout.key,
      `all ${processes} processes would write to one file; add {name} to logs.file`,
    );
  }
  let stderrPath: string | null = null;
  if (!redirectStderr && stderr.target === 'file' && stderr.path !== stdout.path) {
    stderrPath = stderr.path;
    if (stderr.maxBytes !== stdout.maxBytes || stderr.backups !== stdout.backups) {
      reader.warn(stderr.key, 'crew rotates both files by stdout_logfile_maxbytes and _backups');
    }
  } else if (!redirectStderr && (stderr.target === 'stdout' || stderr.target === 'stderr')) {
    const message = `stderr to /dev/${stderr.target} cannot be kept while stdout goes to a file; crew writes it into the stdout log file`;
    reader.warn(stderr.key, message);
  } else if (!redirectStderr) {
    warnLost(reader, [stderr], 'crew writes $ into the stdout log file');
  }
  const { maxBytes, backups } = stdout;
  return { kind: 'file', stdout: stdout.path, stderr: stderrPath, maxBytes, backups };
}
