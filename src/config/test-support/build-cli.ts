// Builds the CLI from the current sources into a temporary directory, as `npm run build` would
// (one .js per .ts, no bundling, so the daemon finds config/load-child.js and worker/main.js
// beside it), but with esbuild: no type check, a fraction of a second. A fuzz run starts the CLI
// hundreds of times, and the built CLI starts in half the time tsx needs.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

// Builds into `dir` (which must not exist yet) and returns the path of the CLI's main.js.
export function buildCli(dir: string): string {
  mkdirSync(dir);
  const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    version: string;
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ type: 'module', version })}\n`);
  // Dependencies and the dashboard's files resolve from the build as they do from the repo.
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(repo, 'dashboard'), join(dir, 'dashboard'));
  buildSync({
    entryPoints: sources(join(repo, 'src')).filter((path) => !path.includes('/chaos/')),
    outdir: join(dir, 'src'),
    outbase: join(repo, 'src'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
  return join(dir, 'src/cli/main.js');
}
