// Attempts to read files outside the dashboard's folder through its static routes, and a check
// that an answer holds none of them. Shared by http-hardening.test.ts and chaos scenario 06.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RawResponse } from './raw-http.js';

// Ways to write "up one folder" that servers have been fooled by.
const ups = [
  '../',
  '..%2f',
  '..%2F',
  '%2e%2e/',
  '%2e%2e%2f',
  '%2E%2E%2F',
  '.%2e/',
  '%252e%252e%252f',
  '..%252f',
  '..\\',
  '..%5c',
  '%2e%2e%5c',
  '%c0%ae%c0%ae/',
  '....//',
  '..;/',
] as const;

// Files outside the dashboard folder, relative to it (crew's package root is one up).
const targets = ['package.json', 'src/observe/http-server.ts', '../../../../etc/passwd'] as const;

// Request targets that must never be answered with a file: every spelling of `..` from the page's
// folders at a few depths, and absolute paths, NUL bytes, absolute-form targets.
export function traversalTargets(short: boolean): string[] {
  const depths = short ? [1, 4] : [1, 2, 3, 6];
  const starts = short ? ['/'] : ['/', '/vendor/', '/vendor/uplot.js/'];
  const found = new Set<string>();
  for (const start of starts) {
    for (const up of ups) {
      for (const depth of depths) {
        for (const target of short ? targets.slice(0, 2) : targets) {
          found.add(`${start}${up.repeat(depth)}${target}`);
        }
      }
    }
  }
  for (const odd of [
    '/etc/passwd',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/%5cetc%5cpasswd',
    '/C:/Windows/win.ini',
    '/file:///etc/passwd',
    '/app.js%00',
    '/app.js%00.html',
    '/app.js\0',
    '/vendor/uplot.js\0/../../package.json',
    '/./app.js/../../package.json',
    '/vendor/../app.js',
    '/app.js/',
    'http://127.0.0.1/etc/passwd',
    'file:///etc/passwd',
    '*',
    'etc/passwd',
  ]) {
    found.add(odd);
  }
  return [...found];
}

const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));

// Lines only the files outside the folder hold.
const markers = [
  'root:x:0:0',
  readFileSync(`${packageRoot}package.json`, 'utf8').split('\n')[1]!.trim(),
  readFileSync(`${packageRoot}src/observe/http-server.ts`, 'utf8').split('\n')[0]!,
];

// True when the answer refused the target (400 or 404, or a closed connection) and leaked no file.
export function isRefused(response: RawResponse): boolean {
  const refused = response.status === 400 || response.status === 404 || response.status === 0;
  return refused && !markers.some((marker) => response.body.includes(marker));
}
