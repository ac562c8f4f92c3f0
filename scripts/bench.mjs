// Runs the benchmarks: every bench/*.mjs, or those named (`npm run bench -- supervisor-overhead`),
// one after the other, each in its own node process, after building dist/ so that the daemon
// measured is the current source. Pass --no-build to measure dist/ as it is.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const wanted = args.filter((arg) => arg !== '--no-build').map((arg) => arg.replace(/\.mjs$/, ''));

const available = readdirSync(join(root, 'bench'))
  .filter((file) => file.endsWith('.mjs'))
  .map((file) => file.slice(0, -'.mjs'.length))
  .sort();
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`no such benchmark: ${unknown.join(', ')} (have: ${available.join(', ')})`);
  process.exit(2);
}

if (build) {
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('build failed: the benchmarks measure dist/, fix the build or pass --no-build');
    process.exit(1);
  }
}

let failed = 0;
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n## ${name}\n`);
  const result = spawnSync(process.execPath, [join(root, 'bench', `${name}.mjs`)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`${name} failed (exit ${result.status ?? result.signal})`);
    failed += 1;
  }
}
process.exit(failed > 0 ? 1 : 0);
