// `crew reload`, `crew history`, `crew rollback [N]`, `crew shutdown`.

import { callDaemon } from '../control/client.js';
import type { AppliedJson } from '../control/wire/config.js';
import type { Output } from './output.js';
import { resolveSocketPath, type SocketOptions } from './socket-path.js';

function printApplied(result: AppliedJson, output: Output) {
  output.out(`applied config version ${result.version ?? '-'}`);
  for (const change of result.changes) output.out(`  ${change}`);
  if (result.changes.length === 0) output.out('  no changes');
}

// Asks the daemon to re-read its config file and apply the difference.
export async function reload(options: SocketOptions, output: Output): Promise<number> {
  printApplied(await callDaemon(await resolveSocketPath(options), 'reload'), output);
  return 0;
}

// Re-applies an earlier config version (default: the one before the current).
export async function rollback(
  version: number | undefined,
  options: SocketOptions,
  output: Output,
) {
  const params = version === undefined ? {} : { version };
  printApplied(await callDaemon(await resolveSocketPath(options), 'rollback', params), output);
  return 0;
}

// Lists the applied config versions.
export async function history(options: SocketOptions & { json?: boolean }, output: Output) {
  const { versions } = await callDaemon(await resolveSocketPath(options), 'history');
  if (options.json) {
    output.out(JSON.stringify({ versions }, null, 2));
    return 0;
  }
  output.out(
    `${'VERSION'.padEnd(9)}${'APPLIED'.padEnd(21)}${'HASH'.padEnd(14)}${'SOURCE'.padEnd(16)}CHANGES`,
  );
  for (const entry of versions) {
    const at = entry.applied_at.slice(0, 19).replace('T', ' ');
    const changes = entry.changes.length > 0 ? entry.changes.join('; ') : 'no changes';
    output.out(
      `${String(entry.version).padEnd(9)}${at.padEnd(21)}${entry.hash.padEnd(14)}${entry.source.padEnd(16)}${changes}`,
    );
  }
  return 0;
}

// Asks the daemon to stop everything and exit.
export async function shutdown(options: SocketOptions, output: Output): Promise<number> {
  await callDaemon(await resolveSocketPath(options), 'shutdown');
  output.out('shutting down');
  return 0;
}
