// One [program:x] section → one crew pool, reading the keys in supervisord's own order
// (supervisor/options.py, _processes_from_section) so expansion errors surface as they would.
import { MAX_DURATION_MS, MAX_PROCESSES } from '../limits.js';
import { readEnvironment } from './environment.js';
import { type ExpansionNames, usesName } from './expand.js';
import type { IniSection } from './ini.js';
import { type ImportedLogs, readLogs } from './logs.js';
import { readProcessName, toCrewName } from './names.js';
import { createSectionReader, type IssueLog } from './section-reader.js';
import {
  checkCommand,
  toCrewSignal,
  warnFixedEnvironment,
  warnUnread,
  warnUnsupported,
} from './unsupported.js';
import * as v from './values.js';

// crew's durations end at 24 days (Node's timers), its pools at MAX_PROCESSES processes.
const seconds = v.toIntegerIn(0, MAX_DURATION_MS / 1000, 'seconds', ' (24 days)');
const processCount = v.toIntegerIn(
  Number.MIN_SAFE_INTEGER,
  MAX_PROCESSES,
  'processes',
  ' in one pool',
);

export interface ImportedPool {
  // The pool's name in crew.yaml, and the program's name in supervisord (they differ only when
  // the supervisord name holds characters crew does not allow in names).
  readonly name: string;
  readonly program: string;
  // Where the [program:x] header is.
  readonly file: string;
  readonly line: number;
  readonly command: string;
  readonly processes: number;
  // crew template: {pool}, {num}, {num:02}.
  readonly processName: string;
  readonly cwd: string | null;
  readonly env: Readonly<Record<string, string>>;
  readonly autostart: boolean;
  readonly autorestart: boolean | 'unexpected';
  readonly exitcodes: readonly number[];
  readonly startsecs: number;
  readonly startretries: number;
  // Without the SIG prefix, e.g. TERM.
  readonly stopsignal: string;
  readonly stopwaitsecs: number;
  readonly killTree: boolean;
  readonly priority: number;
  readonly group: string | null;
  readonly logs: ImportedLogs;
}

export interface ProgramContext {
  // host_node_name and ENV_* (the environment plus [supervisord] environment=).
  readonly names: ExpansionNames;
  readonly globalEnv: Readonly<Record<string, string>>;
  // The supervisord group name (for %(group_name)s) and the name crew gives it.
  readonly group: { readonly name: string; readonly crewName: string } | null;
  readonly log: IssueLog;
}

// Reads a [program:x] section; problems go to ctx.log. Returns null when the name is unusable.
export function readProgram(section: IniSection, ctx: ProgramContext): ImportedPool | null {
  const bare = createSectionReader(section, ctx.names, ctx.log);
  let name: string;
  try {
    name = v.toName(section.name.slice(section.name.indexOf(':') + 1));
  } catch (error) {
    bare.error(null, (error as Error).message);
    return null;
  }
  const names = { ...ctx.names, program_name: name, group_name: ctx.group?.name ?? name };
  const r = createSectionReader(section, names, ctx.log);
  const pool = toCrewName(r, name, 'pool');
  const priority = r.value('priority', 999, v.toInteger);
  const autostart = r.value('autostart', true, v.toBoolean);
  const autorestart = r.value('autorestart', 'unexpected', v.toAutorestart);
  const startsecs = r.value('startsecs', 1, seconds);
  const startretries = r.value('startretries', 3, v.toIntegerIn(0, Infinity, 'retries'));
  const stopsignal = toCrewSignal(r.value('stopsignal', 'TERM', v.toSignal), r);
  const stopwaitsecs = r.value('stopwaitsecs', 10, seconds);
  const stopasgroup = r.value('stopasgroup', false, v.toBoolean);
  const killasgroup = r.value('killasgroup', stopasgroup, v.toBoolean);
  const exitcodes = r.value('exitcodes', [0], v.toExitcodes);
  const redirectStderr = r.value('redirect_stderr', false, v.toBoolean);
  const numprocs = r.value('numprocs', 1, processCount);
  const numprocsStart = r.value('numprocs_start', 0, v.toInteger);
  warnUnsupported(r, names);
  if (stopasgroup && !killasgroup)
    r.error('killasgroup', 'stopasgroup=true needs killasgroup=true');
  if (numprocsStart !== 0)
    r.warn('numprocs_start', `crew numbers processes from 0, not ${numprocsStart}`);
  if (numprocs < 1) r.warn('numprocs', `numprocs=${numprocs} starts no process`);
  const perProcess: ExpansionNames = { ...names, process_num: numprocsStart, numprocs };
  const processName = readProcessName(r, numprocs, perProcess, pool);
  const env = { ...ctx.globalEnv, ...readEnvironment(r, perProcess) };
  const withEnv = { ...perProcess, ...envNames(env) };
  const cwd = r.text('directory', withEnv) ?? null;
  const nameTemplate = r.entry('process_name')?.value ?? '';
  const logs = readLogs(r, redirectStderr, withEnv, nameTemplate, numprocs);
  const command = r.text('command', withEnv);
  if (!r.section.entries.has('command'))
    r.error(null, 'has no command=, which supervisord requires');
  else if (command !== undefined) checkCommand(command, r);
  for (const key of ['command', 'environment', 'directory']) {
    const raw = r.entry(key)?.value ?? '';
    if (numprocs > 1 && usesName(raw, 'process_num')) {
      r.warn(
        key,
        `differs per process in supervisord; crew gives every process the value of process ${numprocsStart}`,
      );
    }
  }
  warnFixedEnvironment(r);
  warnUnread(r, 'program');
  return {
    name: pool,
    program: name,
    file: section.file,
    line: section.line,
    command: command ?? '',
    processes: Math.max(0, numprocs),
    processName,
    cwd,
    env,
    autostart,
    autorestart,
    exitcodes,
    startsecs,
    startretries,
    stopsignal,
    stopwaitsecs,
    killTree: stopasgroup || killasgroup,
    priority,
    group: ctx.group?.crewName ?? null,
    logs,
  };
}

function envNames(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [`ENV_${key}`, value]));
}
