// Program keys supervisord understands but crew has no equivalent for, and keys supervisord
// itself ignores: each becomes a located warning, never a silent drop.
import { splitCommand } from '../command.js';
import type { ExpansionNames } from './expand.js';
import type { SectionReader } from './section-reader.js';
import { toBoolean, toByteSize, toOctal } from './values.js';

interface Unsupported {
  readonly key: string;
  // True when the value changes nothing (supervisord's default), so no warning is needed.
  readonly isDefault: (text: string) => boolean;
  readonly why: string;
}

const isFalse = (text: string) => !toBoolean(text);
const isZero = (text: string) => toByteSize(text) === 0;
const never = () => false;
const neverOctal = (text: string) => toOctal(text) < 0;

const unsupported: readonly Unsupported[] = [
  { key: 'user', isDefault: never, why: 'crew runs every program as the user crew itself runs as' },
  {
    key: 'umask',
    isDefault: neverOctal,
    why: "crew does not set a umask; programs inherit crew's",
  },
  {
    key: 'serverurl',
    isDefault: (text) => text.trim().toUpperCase() === 'AUTO',
    why: 'crew has no XML-RPC server',
  },
  { key: 'stdout_capture_maxbytes', isDefault: isZero, why: 'crew has no capture mode' },
  { key: 'stderr_capture_maxbytes', isDefault: isZero, why: 'crew has no capture mode' },
  { key: 'stdout_events_enabled', isDefault: isFalse, why: 'crew emits no supervisor events' },
  { key: 'stderr_events_enabled', isDefault: isFalse, why: 'crew emits no supervisor events' },
  { key: 'stdout_syslog', isDefault: isFalse, why: 'crew does not write to syslog' },
  { key: 'stderr_syslog', isDefault: isFalse, why: 'crew does not write to syslog' },
];

// Reads (and so validates and expands) the unsupported keys, warning for each that matters.
export function warnUnsupported(reader: SectionReader, names: ExpansionNames): void {
  for (const { key, isDefault, why } of unsupported) {
    const text = reader.text(key, names);
    if (text === undefined) continue;
    let harmless: boolean;
    try {
      harmless = isDefault(text);
    } catch (error) {
      reader.error(key, (error as Error).message);
      continue;
    }
    if (!harmless) reader.warn(key, `${key}=${text} is not imported: ${why}`);
  }
}

// Warns about every key no one read: supervisord ignores them, and so does crew.
export function warnUnread(reader: SectionReader, kind: string): void {
  for (const entry of reader.unread()) {
    const looksLikeVariable = entry.rawKey !== entry.key;
    const hint = looksLikeVariable
      ? `; keys are lower-cased, so this does not set the ${entry.rawKey} environment variable (use environment=${entry.rawKey}="...")`
      : '';
    reader.warn(
      entry.key,
      `supervisord ignores "${entry.rawKey}", which is not a ${kind} setting${hint}`,
    );
  }
}

// Warns where %(ENV_X)s was used in a key crew keeps: the value is fixed in crew.yaml, so a
// different environment at run time no longer changes it.
export function warnFixedEnvironment(reader: SectionReader): void {
  const unread = new Set(reader.unread().map((entry) => entry.key));
  const dropped = new Set(unsupported.map(({ key }) => key));
  for (const entry of reader.section.entries.values()) {
    if (unread.has(entry.key) || dropped.has(entry.key)) continue;
    const used = [...new Set([...entry.value.matchAll(/%\((ENV_[^)]*)\)/g)].map((m) => m[1]))];
    if (used.length === 0) continue;
    const list = used.map((name) => `%(${name})s`).join(', ');
    const verb = used.length === 1 ? 'is' : 'are';
    reader.warn(
      entry.key,
      `${list} ${verb} replaced by the value now; crew.yaml does not read the variable`,
    );
  }
}

// Refuses a command crew cannot split (supervisord splits it only when it spawns, and fails).
export function checkCommand(command: string, reader: SectionReader): void {
  try {
    if (splitCommand(command).length === 0) throw new Error('it is empty');
  } catch (error) {
    const why = (error as Error).message;
    // supervisord would start and fail to spawn it; crew.yaml cannot hold it at all.
    reader.error(
      'command',
      `crew cannot split this command into arguments (${why}); neither could supervisord when starting it`,
    );
  }
}

const crewSignals = ['TERM', 'HUP', 'INT', 'QUIT', 'KILL', 'USR1', 'USR2'];

// The stop signal as crew can send it: TERM instead of one crew does not offer (with a warning).
export function toCrewSignal(signal: string, reader: SectionReader): string {
  if (crewSignals.includes(signal)) return signal;
  reader.warn(
    'stopsignal',
    `crew stops with ${crewSignals.join(', ')} only; ${signal} became TERM`,
  );
  return 'TERM';
}
