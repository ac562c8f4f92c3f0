// What each HTTP path is (pure): the dashboard's files, the read-only endpoints, and the control
// actions POST /api/<action> that reuse the control socket's handlers.
import type { Access } from './http-auth.js';

// Control handlers HTTP may call (not shutdown, not tail: those stay on the socket).
export const HTTP_ACTIONS = [
  'start',
  'stop',
  'restart',
  'scale',
  'signal',
  'reload',
  'rollback',
] as const;
export type HttpAction = (typeof HTTP_ACTIONS)[number];

export type StaticName =
  | 'index.html'
  | 'app.js'
  | 'charts.js'
  | 'feed.js'
  | 'state.js'
  | 'views.js'
  | 'style.css'
  | 'uplot.js'
  | 'uplot.css';

export type Route =
  | { readonly kind: 'static'; readonly name: StaticName }
  | { readonly kind: 'status' | 'metrics' | 'events' | 'history' | 'scale' }
  // Probes: the daemon answers; it is ready. Open without a token (they say nothing private).
  | { readonly kind: 'healthz' | 'readyz' }
  | { readonly kind: 'control'; readonly action: HttpAction }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'method-not-allowed'; readonly allow: 'GET' | 'POST' };

const staticPaths: Readonly<Record<string, StaticName>> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/charts.js': 'charts.js',
  '/feed.js': 'feed.js',
  '/state.js': 'state.js',
  '/views.js': 'views.js',
  '/style.css': 'style.css',
  '/vendor/uplot.js': 'uplot.js',
  '/vendor/uplot.css': 'uplot.css',
};

const readPaths = {
  '/status': 'status',
  '/metrics': 'metrics',
  '/events': 'events',
  '/history': 'history',
  '/scale': 'scale',
} as const;

const probePaths = { '/healthz': 'healthz', '/readyz': 'readyz' } as const;

function isAction(name: string): name is HttpAction {
  return (HTTP_ACTIONS as readonly string[]).includes(name);
}

export interface RequestTarget {
  // As sent: no dot segment resolved, nothing percent-decoded.
  readonly path: string;
  readonly query: URLSearchParams;
}

// The path and query of a request target, or null when it is not a plain path (absolute-form
// `http://host/x`, `*`, or NUL and other control bytes). Paths are matched exactly as sent: no
// spelling of `..` (percent-encoded, backslashed, doubled) is ever resolved into another path,
// so nothing but the files listed above can be served.
export function targetOf(raw: string): RequestTarget | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control bytes is the point
  if (!raw.startsWith('/') || /[\x00-\x1f\x7f]/.test(raw)) return null;
  const mark = raw.indexOf('?');
  if (mark < 0) return { path: raw, query: new URLSearchParams() };
  return { path: raw.slice(0, mark), query: new URLSearchParams(raw.slice(mark + 1)) };
}

// The route of a request; HEAD is served as GET.
export function routeOf(method: string, pathname: string): Route {
  const get = method === 'GET' || method === 'HEAD';
  const name = staticPaths[pathname];
  if (name !== undefined) return get ? { kind: 'static', name } : notAllowed('GET');
  if (Object.hasOwn(readPaths, pathname)) {
    const kind = readPaths[pathname as keyof typeof readPaths];
    return get ? { kind } : notAllowed('GET');
  }
  if (Object.hasOwn(probePaths, pathname)) {
    const kind = probePaths[pathname as keyof typeof probePaths];
    return get ? { kind } : notAllowed('GET');
  }
  const action = /^\/api\/([a-z]+)$/.exec(pathname)?.[1];
  if (action !== undefined && isAction(action)) {
    return method === 'POST' ? { kind: 'control', action } : notAllowed('POST');
  }
  return { kind: 'not-found' };
}

function notAllowed(allow: 'GET' | 'POST'): Route {
  return { kind: 'method-not-allowed', allow };
}

// Who may take the route.
export function accessOf(route: Route): Access {
  if (route.kind === 'control') return 'control';
  if ((Object.values(readPaths) as string[]).includes(route.kind)) return 'read';
  return 'public';
}
