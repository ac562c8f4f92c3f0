// The config history keeps no secret in clear: the HTTP token, store and backlog URL passwords
// and pool env values whose names say they are secret (…PASSWORD, …TOKEN, API_KEY, …) are
// written as references, and a rollback takes their values from the config running now. Other
// env values (MODE, QUEUE_TIMEOUT…) are kept, so rolling back an env change restores them; the
// files are owner-only either way. A version whose secret the running config no longer has (the
// pool or the variable was removed since) cannot be rolled back to, and says why.
import type { CrewConfig, PoolConfig } from '../config/types.js';
import { CrewError } from '../errors/crew-error.js';
import { redactUrl } from '../queue/store-url.js';

// What a secret is written as in a history file.
export const SECRET_REF = '[secret: not kept in history; a rollback uses the running value]';

const urlRef = (url: string) => redactUrl(url);

// An env variable whose value is taken for a secret, by its name.
const SECRET_NAME = /PASS|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE|COOKIE|SESSION|SALT|DSN|_URL$/i;
export const isSecretName = (name: string) => SECRET_NAME.test(name);

// The config with every secret replaced by a reference.
export function withoutSecrets(config: CrewConfig): CrewConfig {
  return {
    ...config,
    store: urlRef(config.store),
    http: config.http && {
      ...config.http,
      token: config.http.token === null ? null : SECRET_REF,
    },
    pools: config.pools.map(
      (pool): PoolConfig => ({
        ...pool,
        env: Object.fromEntries(
          Object.entries(pool.env).map(([key, value]) => [
            key,
            isSecretName(key) ? SECRET_REF : value,
          ]),
        ),
        worker: pool.worker && { ...pool.worker, store: urlRef(pool.worker.store) },
        backlog: pool.backlog && { ...pool.backlog, url: urlRef(pool.backlog.url) },
      }),
    ),
  };
}

// The stored config with its secrets from the running one; throws naming what is missing.
export function withSecretsFrom(
  stored: CrewConfig,
  running: CrewConfig,
  version: number,
): CrewConfig {
  const missing: string[] = [];
  // A URL kept redacted is restored from a running URL that redacts the same.
  const runningUrls = [
    running.store,
    ...running.pools.flatMap((p) => [p.worker?.store, p.backlog?.url]),
  ].filter((url): url is string => url !== undefined);
  const url = (kept: string, where: string) => {
    if (redactUrl(kept) === kept && !kept.includes('***')) return kept;
    const found = runningUrls.find((candidate) => redactUrl(candidate) === kept);
    if (found === undefined) missing.push(`${where} (${kept})`);
    return found ?? kept;
  };
  const token = (kept: string | null) => {
    if (kept !== SECRET_REF) return kept;
    const value = running.http?.token ?? null;
    if (value === null) missing.push('http.token');
    return value;
  };
  const env = (pool: PoolConfig) => {
    const current = running.pools.find((p) => p.name === pool.name)?.env ?? {};
    return Object.fromEntries(
      Object.entries(pool.env).map(([key, kept]) => {
        if (kept !== SECRET_REF) return [key, kept];
        const value = current[key];
        if (value === undefined) missing.push(`pools.${pool.name}.env.${key}`);
        return [key, value ?? ''];
      }),
    );
  };
  const restored: CrewConfig = {
    ...stored,
    store: url(stored.store, 'store'),
    http: stored.http && { ...stored.http, token: token(stored.http.token) },
    pools: stored.pools.map((pool) => ({
      ...pool,
      env: env(pool),
      worker: pool.worker && {
        ...pool.worker,
        store: url(pool.worker.store, `pools.${pool.name}.store`),
      },
      backlog: pool.backlog && {
        ...pool.backlog,
        url: url(pool.backlog.url, `pools.${pool.name}.backlog.source`),
      },
    })),
  };
  if (missing.length > 0) {
    throw new CrewError(
      'CREW_HISTORY_SECRET',
      `config version ${version} needs secrets the running config does not have`,
      [
        `history keeps no secrets; missing now: ${missing.join(', ')}`,
        'put them back in crew.yaml and `crew reload`, or edit crew.yaml to that version',
      ],
    );
  }
  return restored;
}
