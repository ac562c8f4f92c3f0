// Checks of a valid config against this machine. They are warnings, not errors: the config may
// be checked on one host and run on another, or before a volume is mounted.
import { statSync } from 'node:fs';
import type { PathIssue } from './issues.js';
import type { ParsedConfig } from './schema.js';
import type { CrewConfig } from './types.js';

// Linux's sun_path holds 108 bytes including the terminating NUL.
const MAX_SOCKET_PATH_BYTES = 107;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

// Warns about working directories that do not exist and socket paths too long to bind.
export function hostWarnings(config: CrewConfig, parsed: ParsedConfig): PathIssue[] {
  const warnings: PathIssue[] = [];
  for (const pool of config.pools) {
    if (parsed.pools[pool.name]?.cwd !== undefined && !isDirectory(pool.cwd)) {
      warnings.push({
        path: ['pools', pool.name, 'cwd'],
        at: 'value',
        message: `${pool.cwd} is not a directory here; the pool's processes cannot start until it is`,
      });
    }
  }
  const socketBytes = Buffer.byteLength(config.control.socket);
  if (socketBytes > MAX_SOCKET_PATH_BYTES) {
    warnings.push({
      path: ['control', 'socket'],
      at: 'value',
      message: `${config.control.socket} is ${socketBytes} bytes long; Unix sockets allow ${MAX_SOCKET_PATH_BYTES}, so set a shorter control.socket or CREW_SOCKET`,
    });
  }
  return warnings;
}
