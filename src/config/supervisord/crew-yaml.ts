// Renders imported pools as crew.yaml text, every setting written out (supervisord's defaults
// are not always crew's), with a comment naming the section each pool came from.
import { Document, isMap, isScalar, isSeq } from 'yaml';
import { formatBytes } from '../units.js';
import type { ImportedLogs } from './logs.js';
import type { ImportedPool } from './program.js';

// A byte count as crew writes sizes: the largest whole binary unit, or a plain number of bytes.
function sizeValue(bytes: number): string | number {
  const text = formatBytes(bytes, 'yaml');
  return /^\d+$/.test(text) ? bytes : text;
}

function logsValue(logs: ImportedLogs) {
  if (logs.kind === 'stdout') return 'stdout';
  return {
    file: logs.stdout,
    stderr: logs.stderr,
    max_bytes: sizeValue(logs.maxBytes),
    backups: logs.backups,
  };
}

function poolValue(pool: ImportedPool): Record<string, unknown> {
  return {
    command: pool.command,
    processes: pool.processes,
    process_name: pool.processName,
    ...(pool.cwd === null ? {} : { cwd: pool.cwd }),
    ...(Object.keys(pool.env).length === 0 ? {} : { env: pool.env }),
    autostart: pool.autostart,
    autorestart: pool.autorestart,
    exitcodes: pool.exitcodes,
    startsecs: `${pool.startsecs}s`,
    startretries: pool.startretries,
    stopsignal: pool.stopsignal,
    stop_timeout: `${pool.stopwaitsecs}s`,
    kill_tree: pool.killTree,
    priority: pool.priority,
    ...(pool.group === null ? {} : { group: pool.group }),
    logs: logsValue(pool.logs),
  };
}

export interface RenderOptions {
  // The supervisord file imported, as given on the command line.
  readonly source: string;
  readonly warnings: number;
}

// supervisord takes `${X}` literally (a shell in the command may expand it); crew.yaml
// interpolates it (config.md, Environment variables), so every imported string writes it `$${`.
function literal(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('${', () => '$${');
  if (Array.isArray(value)) return value.map(literal);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, literal(v)]));
  return value;
}

// Renders pools (in the order given) as a crew.yaml document.
export function renderCrewYaml(pools: readonly ImportedPool[], options: RenderOptions): string {
  const doc = new Document({
    pools: Object.fromEntries(pools.map((pool) => [pool.name, literal(poolValue(pool))])),
  });
  const warned = options.warnings === 1 ? '1 warning' : `${options.warnings} warnings`;
  doc.commentBefore = [
    ` Imported from ${options.source} by crew import (${warned}; see its output).`,
    ' Programs without cwd run in the directory of this file; under supervisord they ran in',
    " supervisord's own working directory.",
  ].join('\n');
  const poolMap = doc.get('pools');
  if (isMap(poolMap)) {
    for (const pair of poolMap.items) {
      const pool = pools.find(
        (candidate) => isScalar(pair.key) && candidate.name === pair.key.value,
      );
      if (pool && isScalar(pair.key))
        pair.key.commentBefore = ` [program:${pool.program}] from ${pool.file}:${pool.line}`;
      const exitcodes = isMap(pair.value) ? pair.value.get('exitcodes', true) : undefined;
      if (isSeq(exitcodes)) exitcodes.flow = true;
    }
  }
  return doc.toString({ lineWidth: 0 });
}
