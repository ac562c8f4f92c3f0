// The dependency rules docs/architecture.md states, checked against the imports of every
// production file, so the map cannot drift from the tree.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const src = new URL('.', import.meta.url).pathname;

interface Edge {
  readonly from: string;
  readonly to: string;
  // Only types cross it: erased at build time, so it costs nothing at run time.
  readonly typeOnly: boolean;
}

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      // chaos/ is a test suite (`npm run chaos`), not shipped: like test-support, not production.
      return entry.name.endsWith('test-support') || path === join(src, 'chaos')
        ? []
        : productionFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const importPattern = /^(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+'(\.[^']+)'/gms;
const dynamicPattern = /import\('(\.[^']+)'\)/g;

function edgesOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const from = relative(src, file);
  const target = (spec: string) =>
    relative(src, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
  const edges: Edge[] = [];
  for (const m of text.matchAll(importPattern)) {
    const names = m[3] ?? '';
    const allTypes =
      m[2] !== undefined ||
      (/^\{[^}]*\}$/.test(names.trim()) &&
        names
          .replace(/[{}]/g, '')
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean)
          .every((n) => n.startsWith('type ')));
    edges.push({ from, to: target(m[4]!), typeOnly: allTypes });
  }
  for (const m of text.matchAll(dynamicPattern))
    edges.push({ from, to: target(m[1]!), typeOnly: false });
  return edges;
}

const edges = productionFiles(src).flatMap(edgesOf);
const folder = (path: string) => (path.includes('/') ? path.split('/')[0]! : path);
const crossing = (from: string, to: string) =>
  edges.filter((e) => folder(e.from) === from && folder(e.to) === to);
const show = (list: readonly Edge[]) => list.map((e) => `${e.from} → ${e.to}`);

test('nothing imports cli, and only cli imports the daemon', () => {
  assert.deepEqual(
    show(edges.filter((e) => folder(e.to) === 'cli' && folder(e.from) !== 'cli')),
    [],
  );
  assert.deepEqual(
    show(
      edges.filter((e) => folder(e.to) === 'daemon' && !['cli', 'daemon'].includes(folder(e.from))),
    ),
    [],
  );
});

test('supervise knows nothing of queues, workers, scaling, control or observation', () => {
  for (const other of ['queue', 'worker', 'scale', 'control', 'observe', 'plan', 'daemon']) {
    assert.deepEqual(show(crossing('supervise', other)), [], `supervise → ${other}`);
  }
});

test('scale is pure: at run time it imports only itself, units and the error catalogue', () => {
  const allowed = new Set(['config/units.ts', 'errors/crew-error.ts']);
  const runtime = edges.filter(
    (e) =>
      folder(e.from) === 'scale' && folder(e.to) !== 'scale' && !e.typeOnly && !allowed.has(e.to),
  );
  assert.deepEqual(show(runtime), []);
});

test('concept folders publish their own events; only the composers read the whole map', () => {
  const readers = edges.filter((e) => e.to === 'events/crew-events.ts').map((e) => folder(e.from));
  assert.deepEqual(
    [...new Set(readers)].filter((f) => !['daemon', 'observe', 'control', 'events'].includes(f)),
    [],
  );
});

test('no import cycle between files at run time', () => {
  const graph = new Map<string, string[]>();
  for (const e of edges) if (!e.typeOnly) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (node: string, path: string[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') {
      cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
      return;
    }
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, 'done');
  };
  for (const node of graph.keys()) visit(node, []);
  assert.deepEqual(cycles, []);
});

test('the import scan sees the tree (a rule that reads nothing proves nothing)', () => {
  assert.ok(edges.length > 300, `only ${edges.length} imports found`);
  assert.ok(edges.some((e) => e.from === 'daemon/daemon.ts' && e.to === 'supervise/supervisor.ts'));
  assert.ok(edges.some((e) => e.typeOnly && e.from === 'events/crew-events.ts'));
});
