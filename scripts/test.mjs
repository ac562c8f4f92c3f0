// Runs every src/**/*.test.ts with node's test runner (TypeScript through tsx), then fails the
// run if any process started by a test is still alive: fixtures carry CREW_TEST_RUN in their
// environment, so leaked grandchildren are found too.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(path));
    else if (entry.name.endsWith('.test.ts')) found.push(relative(root, path));
  }
  return found;
}

const files = only.length > 0 ? only : findTests(join(root, 'src')).sort();
const runId = randomUUID();
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CREW_TEST_RUN: runId } },
);

const marker = `CREW_TEST_RUN=${runId}`;
const leaked = [];
for (const name of readdirSync('/proc')) {
  if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
  try {
    const env = readFileSync(`/proc/${name}/environ`, 'latin1');
    if (!env.split('\0').includes(marker)) continue;
    const cmdline = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ').trim();
    const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
    if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
    leaked.push(`${name} ${cmdline}`);
    process.kill(Number(name), 'SIGKILL');
  } catch {
    // The process ended while we looked, or is not ours to read.
  }
}
if (leaked.length > 0) {
  console.error(
    `\ntests leaked ${leaked.length} process(es), now killed:\n  ${leaked.join('\n  ')}`,
  );
  process.exit(1);
}
process.exit(result.status ?? 1);
