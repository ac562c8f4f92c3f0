// The HTTP listen address as written in crew.yaml (`127.0.0.1:9099`, `[::1]:9099`,
// `localhost:9099`, or a bare port meaning loopback) and whether it stays on this machine.

export interface ListenAddress {
  readonly host: string;
  // 0 asks the kernel for any free port (tests).
  readonly port: number;
}

export const DEFAULT_HTTP_LISTEN: ListenAddress = { host: '127.0.0.1', port: 9099 };

function portOf(text: string, written: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) {
    throw new Error(`expected a port from 0 to 65535 in "${written}"`);
  }
  return Number(text);
}

// Parses `host:port`; throws an Error whose message says what was expected.
export function parseListen(value: string | number): ListenAddress {
  const written = String(value).trim();
  if (/^\d+$/.test(written))
    return { host: DEFAULT_HTTP_LISTEN.host, port: portOf(written, written) };
  const bracketed = /^\[([0-9A-Fa-f:.]+)\]:(.*)$/.exec(written);
  if (bracketed) return { host: bracketed[1]!, port: portOf(bracketed[2]!, written) };
  const colon = written.lastIndexOf(':');
  const host = written.slice(0, colon);
  if (colon <= 0 || host.includes(':') || !/^[A-Za-z0-9.-]+$/.test(host)) {
    throw new Error(
      `expected an address like 127.0.0.1:9099, [::1]:9099 or 0.0.0.0:9099, got "${written}"`,
    );
  }
  return { host, port: portOf(written.slice(colon + 1), written) };
}

// `127.0.0.1:9099`, `[::1]:9099`.
export function formatListen(address: ListenAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${host}:${address.port}`;
}

// True for addresses only this machine can reach: 127.0.0.0/8, ::1 and localhost.
export function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase();
  if (lower === 'localhost' || lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
  const octets = lower.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)
  );
}

// A bearer token must be one header word: visible ASCII, no spaces.
export const TOKEN_PATTERN = /^[\x21-\x7e]+$/;
