// Where to connect for a pool's `listen` value, as php-fpm reads it: a unix socket path
// (`/run/php/php8.2-fpm.sock`), a bare port (`9000`: every address), `127.0.0.1:9000`,
// `localhost:9000` or `[::1]:9000`. A wildcard address is reached on the same machine's loopback.

export type FpmAddress =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'invalid'; readonly message: string };

const WILDCARDS: Readonly<Record<string, string>> = {
  '*': '127.0.0.1',
  '0.0.0.0': '127.0.0.1',
  '::': '::1',
};

function tcp(host: string, portText: string, written: string): FpmAddress {
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65_535) {
    return { kind: 'invalid', message: `no port from 1 to 65535 in listen = ${written}` };
  }
  return { kind: 'tcp', host: WILDCARDS[host] ?? host, port };
}

// Reads a `listen` value; a value it cannot use is `invalid` with what was expected.
export function parseFpmListen(listen: string): FpmAddress {
  const written = listen.trim();
  if (written.includes('$')) {
    return { kind: 'invalid', message: `listen = ${written} still holds a variable ($pool)` };
  }
  if (written.includes('/')) return { kind: 'unix', path: written };
  if (/^\d+$/.test(written)) return tcp('*', written, written);
  const bracketed = /^\[([0-9A-Fa-f:.]+)\]:(\d*)$/.exec(written);
  if (bracketed) return tcp(bracketed[1]!, bracketed[2]!, written);
  const colon = written.lastIndexOf(':');
  const host = written.slice(0, colon);
  if (colon > 0 && /^(\*|[A-Za-z0-9.-]+)$/.test(host)) {
    return tcp(host, written.slice(colon + 1), written);
  }
  return {
    kind: 'invalid',
    message: `expected a socket path, a port, host:port or [ipv6]:port, got listen = ${written}`,
  };
}

// How an address is named in messages: the path, or host:port with IPv6 in brackets.
export function describeFpmAddress(address: FpmAddress): string {
  if (address.kind === 'unix') return address.path;
  if (address.kind === 'invalid') return '(invalid listen)';
  return address.host.includes(':')
    ? `[${address.host}]:${address.port}`
    : `${address.host}:${address.port}`;
}
