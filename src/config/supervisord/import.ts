// `crew import`: a supervisord configuration (with its includes) → crew.yaml text plus the pools,
// groups and warnings behind it. Reads → decides → renders; nothing here writes files.
import { hostname } from 'node:os';
import { renderCrewYaml } from './crew-yaml.js';
import { readEnvironment } from './environment.js';
import type { ExpansionNames } from './expand.js';
import { type ImportedGroup, readGroups, readSkipped, type SkippedSection } from './groups.js';
import { readSupervisordFiles } from './include.js';
import type { IniSection } from './ini.js';
import { type ImportIssue, importError, orderIssues } from './issue.js';
import { type ImportedPool, readProgram } from './program.js';
import { createSectionReader, type IssueLog } from './section-reader.js';
import { toOctal } from './values.js';

export type { ImportedGroup, SkippedSection } from './groups.js';
export type { ImportedPool } from './program.js';

export interface ImportResult {
  readonly yaml: string;
  // In the order their sections appear.
  readonly pools: readonly ImportedPool[];
  readonly groups: readonly ImportedGroup[];
  // Event listeners and FastCGI programs: supervisord runs them, crew does not.
  readonly skipped: readonly SkippedSection[];
  // The main file, then every included file in reading order.
  readonly files: readonly string[];
  readonly warnings: readonly ImportIssue[];
}

// Sections that only configure supervisord's own servers and clients: nothing to import.
const serverSections =
  /^(supervisorctl|unix_http_server|inet_http_server|rpcinterface:.*|ctlplugin:.*)$/;

// configparser's [DEFAULT] supplies keys to every other section that lacks them.
function applyDefaults(sections: Map<string, IniSection>): void {
  const defaults = sections.get('DEFAULT');
  if (!defaults) return;
  sections.delete('DEFAULT');
  for (const section of sections.values()) {
    for (const [key, entry] of defaults.entries) {
      if (!section.entries.has(key)) section.entries.set(key, entry);
    }
  }
}

// [supervisord]: environment= reaches every program (and %(ENV_X)s); user/umask are warned about.
function readServer(section: IniSection | undefined, names: ExpansionNames, log: IssueLog) {
  if (!section) return { env: {}, names };
  const reader = createSectionReader(section, names, log);
  const user = reader.text('user');
  if (user !== undefined && user !== 'root' && user !== '0') {
    reader.warn(
      'user',
      `supervisord ran every program as ${user}; crew runs them as the user it runs as`,
    );
  }
  const umask = reader.value('umask', null, toOctal);
  if (umask !== null) reader.warn('umask', "crew does not set a umask; programs inherit crew's");
  const env = readEnvironment(reader, names);
  const added = Object.fromEntries(
    Object.entries(env).map(([key, value]) => [`ENV_${key}`, value]),
  );
  return { env, names: { ...names, ...added } };
}

// Imports `file`; throws CrewError CREW_IMPORT_INVALID where supervisord would refuse to start.
export function importSupervisord(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): ImportResult {
  const environ: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (value !== undefined) environ[`ENV_${key}`] = value;
  const base = { host_node_name: hostname(), ...environ };
  const { sections, files, warnings } = readSupervisordFiles(file, base);
  applyDefaults(sections);
  const log: IssueLog = { errors: [], warnings: [...warnings] };
  const server = readServer(sections.get('supervisord'), base, log);
  const { groups, memberOf } = readGroups(sections, server.names, log);
  const pools: ImportedPool[] = [];
  const skipped: SkippedSection[] = [];
  for (const section of sections.values()) {
    const { name } = section;
    if (name === 'supervisord' || name === 'include' || name.startsWith('group:')) continue;
    if (serverSections.test(name)) continue;
    if (name.startsWith('eventlistener:') || name.startsWith('fcgi-program:')) {
      skipped.push(readSkipped(section, server.names, log));
      continue;
    }
    if (!name.startsWith('program:')) {
      const message = `[${name}] is not a section supervisord knows, so it ignores it; so does crew`;
      log.warnings.push({ file: section.file, line: section.line, message });
      continue;
    }
    const group = memberOf.get(name.slice('program:'.length).trim()) ?? null;
    const pool = readProgram(section, { names: server.names, globalEnv: server.env, group, log });
    if (!pool) continue;
    const unique = uniqueName(pool, pools, log);
    pools.push(group ? joinGroup(unique, group, section, log) : unique);
  }
  if (log.errors.length > 0) throw importError(orderIssues(log.errors, files));
  const ordered = orderIssues(log.warnings, files);
  const yaml = renderCrewYaml(pools, { source: file, warnings: ordered.length });
  return { yaml, pools, groups, skipped, files, warnings: ordered };
}

// Two programs can only share a crew name when renaming made them equal: number the later one.
function uniqueName(pool: ImportedPool, pools: readonly ImportedPool[], log: IssueLog) {
  const taken = new Set(pools.map((other) => other.name));
  if (!taken.has(pool.name)) return pool;
  let n = 2;
  while (taken.has(`${pool.name}-${n}`)) n += 1;
  const message = `[program:${pool.program}]: another program is already imported as "${pool.name}"; this one is "${pool.name}-${n}"`;
  log.warnings.push({ file: pool.file, line: pool.line, message });
  return { ...pool, name: `${pool.name}-${n}` };
}

// A grouped program starts at its group's priority in supervisord; crew has one priority per pool.
function joinGroup(pool: ImportedPool, group: ImportedGroup, section: IniSection, log: IssueLog) {
  const own = section.entries.get('priority');
  if (own && pool.priority !== group.priority) {
    const message = `[${section.name}] priority: crew orders pools by one priority; used [group:${group.name}]'s ${group.priority}, not ${pool.priority}`;
    log.warnings.push({ file: own.file, line: own.line, message });
  }
  return { ...pool, priority: group.priority };
}
