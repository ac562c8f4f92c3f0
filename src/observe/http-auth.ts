// Who may do what over HTTP (pure). Without a token (only allowed on loopback) anyone on the
// machine may read; control needs the token, so it is refused outright. With a token, every
// data request needs `Authorization: Bearer <token>`. The dashboard's static files hold no data
// and are public, so a browser can load the page and then send the token itself.
import { timingSafeEqual } from 'node:crypto';
import { isLoopbackHost } from '../config/listen-address.js';

export type Access = 'public' | 'read' | 'control';

export type AuthOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401 | 403; readonly message: string };

const OK: AuthOutcome = { ok: true };

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

// The host name of a Host header: `127.0.0.1:9099` → 127.0.0.1, `[::1]:80` → ::1.
export function hostnameOf(hostHeader: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(hostHeader);
  if (bracketed) return bracketed[1]!;
  return hostHeader.replace(/:\d*$/, '');
}

export interface AuthRequest {
  readonly access: Access;
  readonly authorization: string | undefined;
  readonly host: string | undefined;
}

// Decides whether a request may go on.
export function authorize(request: AuthRequest, token: string | null): AuthOutcome {
  if (token === null) {
    // A web page can point a name it controls at 127.0.0.1 (DNS rebinding) and read what
    // answers; such requests carry that name as Host, so only loopback names are answered.
    if (request.host !== undefined && !isLoopbackHost(hostnameOf(request.host))) {
      return {
        ok: false,
        status: 403,
        message: 'without http.token only loopback hosts are served',
      };
    }
    if (request.access !== 'control') return OK;
    return {
      ok: false,
      status: 403,
      message: 'control over HTTP is off: set http.token in crew.yaml to allow it',
    };
  }
  if (request.access === 'public') return OK;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '');
  if (match && sameToken(match[1]!, token)) return OK;
  const message = request.authorization
    ? 'the bearer token is wrong'
    : 'send Authorization: Bearer <http.token>';
  return { ok: false, status: 401, message };
}
