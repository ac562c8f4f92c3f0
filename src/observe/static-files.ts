// The dashboard's files, shipped in the package's `dashboard/` folder, and uPlot from its own
// package. Read from disk per request (a few KiB, rarely asked for) rather than kept in the
// daemon's heap.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StaticName } from './http-routes.js';

const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

// Both src/observe and dist/observe sit two levels below the package root.
const dashboardDir = fileURLToPath(new URL('../../dashboard/', import.meta.url));

function uplotDist(): string {
  return join(dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist');
}

// The file a static name is served from.
export function staticPath(name: StaticName): string {
  if (name === 'uplot.js') return join(uplotDist(), 'uPlot.iife.min.js');
  if (name === 'uplot.css') return join(uplotDist(), 'uPlot.min.css');
  return join(dashboardDir, name);
}

// Sends the file (node sends only the headers for HEAD); 404 when it is missing from the install.
export async function sendStatic(res: ServerResponse, name: StaticName): Promise<void> {
  const path = staticPath(name);
  const size = await stat(path).then(
    (info) => info.size,
    () => null,
  );
  if (size === null) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${name} is missing from this install of crew\n`);
    return;
  }
  res.writeHead(200, {
    'content-type': types[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    // The page loads only its own files and talks only to this server; no framing.
    ...(name === 'index.html'
      ? {
          'content-security-policy':
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
        }
      : {}),
  });
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}
