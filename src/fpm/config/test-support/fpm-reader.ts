// Reading a php-fpm.conf written by a test: a temp dir (removed after the file's tests), the
// text read as php-fpm running as root would with that dir as its prefix, and the issues as
// `line: message` lines.
import { configDir } from '../../../config/test-support/config-dir.js';
import { type ReadFpmOptions, readFpmConfig } from '../read-config.js';
import type { FpmConfig } from '../types.js';

// The smallest pool php-fpm starts with as root.
export const POOL = '[www]\nuser = nobody\nlisten = 9000\npm = static\npm.max_children = 3\n';

export function fpmReader(prefix: string) {
  const dir = configDir(prefix);
  const read = (text: string, options: ReadFpmOptions = {}): FpmConfig =>
    readFpmConfig(dir.write('php-fpm.conf', text), {
      env: {},
      root: true,
      prefix: dir.dir,
      ...options,
    });
  const messages = (config: FpmConfig, which: 'errors' | 'warnings' = 'errors') =>
    config[which].map((issue) => `${issue.line}: ${issue.message}`);
  return { dir, read, messages };
}
