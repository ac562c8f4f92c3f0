// `fpm:` in a pool: the pool is PHP-FPM. Its one process is the master (`php-fpm --nodaemonize`),
// its children are FPM's; crew reads FPM's own config for pm.* and the status page. Short form:
// `fpm: /etc/php/8.2/fpm/php-fpm.conf`. Which other pool fields it may be combined with is
// checked in fpm-rules.ts; the FPM file itself is read in fpm-link.ts.
import { z } from 'zod';
import { duration, expecting } from './zod-units.js';

const fpmMapping = z.strictObject({
  // php-fpm.conf (or any main file with include= lines); relative to crew.yaml's directory.
  config: z.string().min(1),
  // The php-fpm program; default: php-fpm on PATH, else Debian's php-fpm8.x in /usr/sbin.
  binary: z.string().min(1).optional(),
  // php-fpm's --prefix (relative include= and paths are taken from it); default: its build's, /usr.
  prefix: z.string().min(1).optional(),
  // How often crew reads each FPM pool's status page (pm.status_path); 0 never reads it.
  status_interval: duration()
    .refine((ms) => ms === 0 || ms >= 200, 'must be 0 (never read) or at least 200ms')
    .default(2000),
});

export const fpmField = z
  .union(
    [z.string().min(1), fpmMapping],
    expecting('a php-fpm.conf path or a mapping with config:'),
  )
  .transform((v) => (typeof v === 'string' ? { config: v, status_interval: 2000 as number } : v));
