// Names and process_name templates: supervisord only forbids space, colon and slash; crew's
// names are stricter (letters, digits, _ . -), so anything else is replaced, with a warning.
import { NAME_PATTERN, NAME_RULE, renderTemplate } from '../process-names.js';
import { ExpandError, type ExpansionNames, expand, toCrewTemplate, usesName } from './expand.js';
import type { SectionReader } from './section-reader.js';
import { toName, ValueProblem } from './values.js';

// The crew name for a supervisord program or group name (warning when it had to change).
export function toCrewName(reader: SectionReader, name: string, what: string): string {
  if (NAME_PATTERN.test(name)) return name;
  let crewName = name.replace(/[^A-Za-z0-9_.-]/g, '-');
  if (!/^[A-Za-z0-9]/.test(crewName)) crewName = `x${crewName}`;
  reader.warn(null, `crew ${what} names ${NAME_RULE}; "${name}" is imported as "${crewName}"`);
  return crewName;
}

// Reads process_name (default %(program_name)s) and translates it for crew; numprocs > 1 needs
// %(process_num) in it, as supervisord requires.
export function readProcessName(
  reader: SectionReader,
  numprocs: number,
  names: ExpansionNames,
  pool: string,
): string {
  const raw = reader.entry('process_name')?.value ?? '%(program_name)s';
  const key = reader.section.entries.has('process_name') ? 'process_name' : 'numprocs';
  if (numprocs > 1 && !usesName(raw, 'process_num')) {
    const example = '%(program_name)s_%(process_num)02d';
    reader.error(key, `numprocs=${numprocs} needs %(process_num) in process_name, e.g. ${example}`);
    return '{pool}_{num:02}';
  }
  try {
    toName(expand(raw, names));
    const { template, notes } = toCrewTemplate(raw, names, true);
    for (const note of notes) reader.warn(key, note);
    const fallback = usesName(raw, 'process_num') ? '{pool}_{num:02}' : '{pool}';
    if (NAME_PATTERN.test(renderTemplate(template, { pool, num: 0 }))) {
      return template;
    }
    reader.warn(key, `crew process names ${NAME_RULE}; "${raw}" is imported as "${fallback}"`);
    return fallback;
  } catch (error) {
    if (!(error instanceof ExpandError || error instanceof ValueProblem)) throw error;
    reader.error('process_name', error.message);
    return '{pool}';
  }
}
