// A crew.yaml full of secrets, for the tests and chaos scenario that check none is ever shown:
// the store and a backlog on a PostgreSQL URL with a password, an HTTP token, a secret in the
// `env:` of a command pool and of a handler pool, and a backlog whose database does not exist
// (its error path carries the URL too).
const forever = new URL('../../supervise/fixtures/forever.js', import.meta.url).pathname;
const handlers = new URL('../../worker/fixtures/handlers.js', import.meta.url).pathname;

export const SECRET_TOKEN = 'secret-http-token-7c1e9a';
export const SECRET_ENV = 's3cr3t-value-123';

// The server's URL with a password in it (PostgreSQL here trusts local connections, so a
// password it does not check is still carried everywhere the URL goes).
export function withPassword(serverUrl: string, password = 'hunter4'): URL {
  const url = new URL(serverUrl);
  if (url.password === '') url.password = password;
  return url;
}

// The secrets a crew started from secretCrewYaml(store) holds.
export function secretsOf(store: string): string[] {
  return [decodeURIComponent(new URL(store).password), SECRET_TOKEN, SECRET_ENV];
}

// crew.yaml with pools php (a command, watching `payments` on the store), legacy (a command
// watching a database that does not exist) and work (handlers on `default`).
export function secretCrewYaml(store: string, eventStreams = 32): string {
  const broken = new URL(store);
  broken.pathname = '/crew_no_such_db';
  const command = JSON.stringify([process.execPath, forever]);
  return `store: ${JSON.stringify(store)}
http: { listen: "127.0.0.1:0", token: ${SECRET_TOKEN}, event_streams: ${eventStreams} }
pools:
  php:
    command: ${command}
    startsecs: 100ms
    env: { API_KEY: ${SECRET_ENV} }
    backlog: { source: ${JSON.stringify(store)}, queues: [payments] }
  legacy:
    command: ${command}
    startsecs: 100ms
    backlog: { source: ${JSON.stringify(broken.href)}, queues: [old] }
  work:
    handlers: ${handlers}
    queues: [default]
    startsecs: 200ms
    env: { API_KEY: ${SECRET_ENV} }
`;
}
