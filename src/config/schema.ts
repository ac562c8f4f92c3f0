// The shape of crew.yaml (snake_case, as written), checked field by field with zod. Units are
// converted here; rules that involve several fields live in rules.ts, paths in normalise.ts.
// A pool's fields are in pool-schema.ts; the names other modules import stay exported here.

import { z } from 'zod';
import { databaseUrl } from './database-fields.js';
import { DEFAULT_HTTP_LISTEN, parseListen, TOKEN_PATTERN } from './listen-address.js';
import { budget } from './memory-fields.js';
import { poolSchema } from './pool-schema.js';
import { duration, expecting } from './zod-units.js';

export { MIN_MEMORY_BYTES } from './memory-fields.js';
export { poolSchema } from './pool-schema.js';
export { QUEUE_PATTERN } from './worker-fields.js';

// `http: false` turns HTTP off; `true` or a mapping turns it on (the default, on loopback).
// Whether a non-loopback address has its token is checked in rules.ts.
const http = z
  .union(
    [
      z.boolean(),
      z.strictObject({
        listen: z
          .union([z.string(), z.number()], expecting('an address like 127.0.0.1:9099'))
          .transform((v, ctx) => {
            try {
              return parseListen(v);
            } catch (error) {
              ctx.addIssue({ code: 'custom', message: (error as Error).message });
              return z.NEVER;
            }
          })
          .default(DEFAULT_HTTP_LISTEN),
        token: z
          .string()
          .regex(TOKEN_PATTERN, 'must be one word of visible ASCII characters (no spaces)')
          .nullable()
          .default(null),
        // Open /events streams at most (each holds a socket); absent: the server's default, 32.
        event_streams: z
          .int(expecting('a whole number of streams from 1 to 1000'))
          .min(1, { error: (iss) => `must be at least 1, got ${String(iss.input)}` })
          .max(1000, {
            error: (iss) =>
              `must be at most 1000 (each stream holds a socket), got ${String(iss.input)}`,
          })
          .optional(),
      }),
    ],
    expecting('false or a mapping with listen:'),
  )
  .default(true);

// Several hosts on one PostgreSQL store (src/cluster): how often this host says it is alive, how
// long a silent host is given before its claims are put back, and its name in `status --cluster`.
// Whether timeout is long enough beside heartbeat is checked in rules.ts.
const cluster = z
  .union(
    [
      z.literal(false),
      z.strictObject({
        heartbeat: duration(100, '100ms').default(2000),
        timeout: duration(200, '200ms').default(10_000),
        name: z
          .string()
          .regex(/^[A-Za-z0-9_.:@-]{1,63}$/, 'must be 1 to 63 letters, digits or _.:@-')
          .optional(),
      }),
    ],
    expecting('false or a mapping with heartbeat:, timeout:, name:'),
  )
  .default({ heartbeat: 2000, timeout: 10_000 });

export const configSchema = z.strictObject({
  control: z.strictObject({ socket: z.string().min(1) }).optional(),
  run_dir: z.string().min(1).optional(),
  // Pool names are checked in rules.ts, so a bad name does not hide mistakes inside the pool.
  pools: z.record(z.string(), poolSchema),
  budget: budget.nullable().default(null),
  sample_interval: duration(100, '100ms').default(1000),
  // The job store: sqlite:PATH (relative to this file) or postgres://USER@HOST/DB.
  store: databaseUrl('store').default('sqlite:var/crew.db'),
  http,
  cluster,
  // crew's own log lines: text (`crew | ...`) or one JSON object a line for log collectors.
  log_format: z
    .union([z.literal('text'), z.literal('json')], expecting('text or json'))
    .default('text'),
  // Keys starting with `x-` are dropped before validation (see load.ts), for YAML anchors.
});

export type ParsedConfig = z.output<typeof configSchema>;
export type ParsedPool = z.output<typeof poolSchema>;
