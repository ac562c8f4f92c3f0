// What a pool's `listen` (or `pm.status_listen`) binds, as php-fpm decides it
// (fpm_sockets_domain_from_address): a value holding ':' or only digits is TCP, anything else a
// unix socket path, relative paths taken from the pool's prefix, the global prefix, or the
// prefix php-fpm was built with. php-fpm -t does not check the port; starting does.
import { isAbsolute } from 'node:path';

export type FpmListenAddress =
  | { readonly kind: 'unix'; readonly path: string }
  // host null: every address (`listen = 9000`); IPv6 hosts without their brackets.
  | { readonly kind: 'tcp'; readonly host: string | null; readonly port: number };

// True when php-fpm would open a TCP socket for `value`.
export function isTcpListen(value: string): boolean {
  return value.includes(':') || /^\d*$/.test(value);
}

// The path php-fpm makes of a relative one (fpm_evaluate_full_path): prefix + '/' + path.
export function underPrefix(path: string, prefix: string): string {
  return isAbsolute(path) ? path : `${prefix}/${path}`;
}

// The address, or why php-fpm will fail to start with it (port missing or out of range).
export function readListenAddress(
  value: string,
): { readonly address: FpmListenAddress } | { readonly problem: string } {
  if (!isTcpListen(value)) return { address: { kind: 'unix', path: value } };
  const colon = value.lastIndexOf(':');
  const portText = colon === -1 ? value : value.slice(colon + 1);
  const port = Number.parseInt(portText, 10);
  if (!(port >= 1 && port <= 65_535)) {
    return { problem: `"${portText}" is not a port from 1 to 65535` };
  }
  if (colon === -1) return { address: { kind: 'tcp', host: null, port } };
  let host = value.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { address: { kind: 'tcp', host, port } };
}
