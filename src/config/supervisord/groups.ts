// [group:x] programs=a,b → crew's `group:` on each member pool, and the sections crew does not
// import at all ([eventlistener:x], [fcgi-program:x]), which still count as supervisord groups.
import type { ExpansionNames } from './expand.js';
import type { IniSection } from './ini.js';
import { toCrewName } from './names.js';
import { createSectionReader, type IssueLog } from './section-reader.js';
import { warnUnread } from './unsupported.js';
import { toInteger, toList, toName, ValueProblem } from './values.js';

export interface ImportedGroup {
  // As supervisord names it (and expands %(group_name)s).
  readonly name: string;
  // As crew.yaml names it.
  readonly crewName: string;
  readonly priority: number;
  readonly programs: readonly string[];
  readonly file: string;
  readonly line: number;
}

// Reads every [group:x]; returns the groups and, per member program, the group it belongs to.
export function readGroups(
  sections: Map<string, IniSection>,
  names: ExpansionNames,
  log: IssueLog,
) {
  const groups: ImportedGroup[] = [];
  const memberOf = new Map<string, ImportedGroup>();
  for (const section of sections.values()) {
    if (!section.name.startsWith('group:')) continue;
    const reader = createSectionReader(section, names, log);
    let name: string;
    try {
      name = toName(section.name.slice('group:'.length));
    } catch (error) {
      if (!(error instanceof ValueProblem)) throw error;
      reader.error(null, error.message);
      continue;
    }
    const programs = reader.value('programs', [] as string[], toList);
    const crewName = toCrewName(reader, name, 'group');
    const group = {
      name,
      crewName,
      priority: reader.value('priority', 999, toInteger),
      programs,
      file: section.file,
      line: section.line,
    };
    if (programs.length === 0) reader.warn('programs', 'the group has no programs');
    for (const program of programs) {
      const isProgram = sections.has(`program:${program}`);
      const isFcgi = sections.has(`fcgi-program:${program}`);
      if (!isProgram && !isFcgi) {
        reader.error('programs', `names "${program}", but there is no [program:${program}]`);
      } else if (isProgram && isFcgi) {
        reader.error('programs', `"${program}" is both a [program:] and an [fcgi-program:]`);
      } else if (memberOf.has(program)) {
        const first = memberOf.get(program)?.name;
        reader.warn(
          'programs',
          `supervisord runs "${program}" in both [group:${first}] and [group:${name}]; crew puts it in ${first} only`,
        );
      } else {
        memberOf.set(program, group);
      }
    }
    warnUnread(reader, 'group');
    groups.push(group);
  }
  return { groups, memberOf };
}

export interface SkippedSection {
  readonly kind: 'eventlistener' | 'fcgi-program';
  readonly name: string;
  readonly processes: number;
  readonly priority: number;
  readonly file: string;
  readonly line: number;
}

const why = {
  eventlistener: 'crew has no event listeners (supervisord events are not emitted)',
  'fcgi-program': 'crew does not run FastCGI programs on a shared socket',
};

// Reads the process count and priority of a section crew does not import, and warns about it.
export function readSkipped(
  section: IniSection,
  names: ExpansionNames,
  log: IssueLog,
): SkippedSection {
  const kind = section.name.startsWith('eventlistener:') ? 'eventlistener' : 'fcgi-program';
  const name = section.name.slice(kind.length + 1);
  const reader = createSectionReader(
    section,
    { ...names, program_name: name, group_name: name },
    log,
  );
  const priority = reader.value('priority', kind === 'eventlistener' ? -1 : 999, toInteger);
  const processes = reader.value('numprocs', 1, toInteger);
  reader.warn(null, `not imported: ${why[kind]}`);
  return { kind, name, processes, priority, file: section.file, line: section.line };
}
