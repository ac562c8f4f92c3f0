// Runs every src/**/*.test.ts (or the files named; `--flags` go to node), each file in its own
// Node process (TypeScript through tsx), two at a time. Every file gets its own CREW_TEST_RUN
// marker, which the processes its tests start inherit, so when a file's process has ended any
// live process still carrying its marker (grandchildren included) is a leak of that file: it is
// reported under the file's name, killed, and fails the run. A file's output is printed in full
// when it fails or leaks, as one line otherwise.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const nodeFlags = args.filter((arg) => arg.startsWith('--'));
const only = args.filter((arg) => !arg.startsWith('--'));
const concurrency = Number(process.env.CREW_TEST_CONCURRENCY ?? 2);
// A whole file, not one test: the longest (cli/jobs.test.ts) waits up to a minute for a window.
const fileTimeoutMs = Number(process.env.CREW_TEST_FILE_TIMEOUT_MS ?? 300_000);

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(path));
    else if (entry.name.endsWith('.test.ts')) found.push(relative(root, path));
  }
  return found;
}

// Live (not zombie) processes whose environment holds a marker starting with `prefix`.
function marked(prefix) {
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${name}/environ`, 'latin1');
      if (!env.split('\0').some((entry) => entry.startsWith(prefix))) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ');
      found.push({ pid: Number(name), line: `${name} ${cmdline.trim()}` });
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
  return found;
}

// Kills what carries the marker, once what is already dying (SIGKILLed by the file's last
// cleanup) has had up to a second to go; returns the ones that were still alive.
async function collectLeaks(prefix) {
  const deadline = Date.now() + 1000;
  let found = marked(prefix);
  while (found.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    found = marked(prefix);
  }
  for (const { pid } of found) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  return found.map(({ line }) => line);
}

const runId = randomUUID();

// Runs one file; resolves with what it printed, how it ended and what it leaked.
function runFile(file, index) {
  const marker = `CREW_TEST_RUN=${runId}.${index}`;
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test-reporter=spec', ...nodeFlags, file],
    {
      cwd: root,
      env: { ...process.env, CREW_TEST_RUN: marker.slice('CREW_TEST_RUN='.length) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, fileTimeoutMs);
  return new Promise((resolve) => {
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      const leaked = await collectLeaks(marker);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      resolve({ file, output, code, signal, timedOut, leaked, seconds });
    });
  });
}

// A count from the spec reporter's summary of one file (`ℹ pass 12`).
const countOf = (output, label) =>
  Number(new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);

function report(result) {
  const count = (label) => countOf(result.output, label);
  const failed = result.code !== 0 || result.leaked.length > 0;
  const skipped = count('skipped') + count('todo');
  const tests = `${count('pass')}/${count('tests')} passed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
  if (!failed) return console.log(`✔ ${result.file} (${tests}, ${result.seconds} s)`);
  console.log(`\n✖ ${result.file} (${tests}, ${result.seconds} s) ─────`);
  console.log(result.output.trimEnd());
  if (result.timedOut) console.log(`✖ ${result.file}: killed after ${fileTimeoutMs} ms`);
  else if (result.code !== 0) console.log(`✖ ${result.file}: exit ${result.code ?? result.signal}`);
  if (result.leaked.length > 0) {
    console.log(`✖ ${result.file} leaked ${result.leaked.length} process(es), now killed:`);
    for (const line of result.leaked) console.log(`    ${line}`);
  }
  console.log('');
}

const files = only.length > 0 ? only : findTests(join(root, 'src')).sort();
const queue = files.map((file, index) => ({ file, index }));
const results = [];
await Promise.all(
  Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const result = await runFile(next.file, next.index);
      results.push(result);
      report(result);
    }
  }),
);
// Anything of this run left over at the very end (a leak noticed too late to name its file).
const stray = await collectLeaks(`CREW_TEST_RUN=${runId}`);
const failed = results.filter((r) => r.code !== 0 || r.leaked.length > 0).map((r) => r.file);
const total = (label) => results.reduce((sum, r) => sum + countOf(r.output, label), 0);
// A file that crashed, timed out or leaked counts as at least one failure.
const failures = results.reduce((sum, r) => {
  const own = countOf(r.output, 'fail') + countOf(r.output, 'cancelled');
  return sum + (r.code !== 0 || r.leaked.length > 0 ? Math.max(own, 1) : own);
}, 0);
console.log(`\n${files.length - failed.length}/${files.length} test files passed`);
// The closing line CI reads.
console.log(
  `tests: ${total('pass')} passed, ${failures} failed, ${total('skipped') + total('todo')} skipped`,
);
for (const file of failed) console.log(`  failed: ${file}`);
if (stray.length > 0) console.log(`leaked and now killed:\n  ${stray.join('\n  ')}`);
process.exit(failed.length > 0 || stray.length > 0 ? 1 : 0);
