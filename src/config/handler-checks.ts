// `crew check` loads each `handlers:` module as the pool's workers would — same Node, same loader,
// the pool's cwd and env — in a child process with a deadline, since importing it runs its code
// (connections, timers, even process.exit). A module that throws, exits, hangs or exports no
// handler function is a warning at the pool's handlers: field.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import type { PathIssue } from './issues.js';
import type { PoolConfig } from './types.js';

// How long one module may take to load.
export const HANDLER_LOAD_TIMEOUT_MS = 10_000;

const MARK = '\n<<crew-check-handlers>>';

// Imports the module at argv[1] and prints the mark, then how many handler functions it exports
// (as worker/handlers.ts counts them) or why it failed, then exits whatever the module left open.
const SCRIPT = `
import { pathToFileURL } from 'node:url';
const done = (answer) => process.stdout.write(${JSON.stringify(MARK)} + JSON.stringify(answer), () => process.exit(0));
try {
  const m = await import(pathToFileURL(process.argv[1]).href);
  const names = new Set();
  const add = (o) => { for (const [k, v] of Object.entries(o)) if (k !== 'default' && typeof v === 'function') names.add(k); };
  if (typeof m.default === 'object' && m.default !== null) add(m.default);
  add(m);
  done({ handlers: names.size });
} catch (error) {
  done({ error: error instanceof Error ? error.message : String(error) });
}
`;

interface Loaded {
  readonly handlers?: number;
  readonly error?: string;
}

const firstLine = (text: string) => {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
};

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

// Loads the pool's module in a child; resolves to why it does not load, or null when it does.
function tryLoad(pool: PoolConfig, handlers: string, timeoutMs: number): Promise<string | null> {
  const [node, ...rest] = pool.argv;
  // The worker's argv is node, its loader flags, then the worker's entry: keep the flags.
  const args = [...rest.slice(0, -1), '--input-type=module', '-e', SCRIPT, handlers];
  return new Promise((resolve) => {
    const child = spawn(node!, args, {
      cwd: pool.cwd,
      env: { ...process.env, ...pool.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    // Output the module prints is kept only as far as needed (the answer follows the mark).
    child.stdout.on('data', (chunk: Buffer) => {
      stdout = (stdout + chunk.toString()).slice(-64 * 1024);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8 * 1024);
    });
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    // A process the module started must not hold the pipes open past the module's own exit.
    child.once('exit', killGroup);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve(`cannot run ${node}: ${error.message}`);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      // Whatever the module started in the background goes with it.
      killGroup();
      const at = stdout.lastIndexOf(MARK);
      if (at >= 0) {
        const answer = JSON.parse(stdout.slice(at + MARK.length)) as Loaded;
        if (answer.error !== undefined) resolve(`cannot import it: ${firstLine(answer.error)}`);
        else if (answer.handlers === 0) resolve('it exports no handler functions');
        else resolve(null);
      } else if (timedOut) {
        resolve(`it did not finish loading within ${timeoutMs / 1000} s`);
      } else {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const said = lastLine(stderr);
        resolve(`loading it ${how}${said ? `: ${firstLine(said)}` : ''}`);
      }
    });
  });
}

// The handlers: modules that do not load, as warnings at their field; one child per module at
// once. Modules that are not files are left to hostWarnings, which already names them.
export async function handlerIssues(
  pools: readonly PoolConfig[],
  timeoutMs = HANDLER_LOAD_TIMEOUT_MS,
): Promise<PathIssue[]> {
  const checked = await Promise.all(
    pools.map(async (pool): Promise<PathIssue | null> => {
      if (pool.worker === null || !isFile(pool.worker.handlers)) return null;
      const why = await tryLoad(pool, pool.worker.handlers, timeoutMs);
      if (why === null) return null;
      return {
        path: ['pools', pool.name, 'handlers'],
        at: 'value',
        message: `${pool.worker.handlers} does not load: ${why}; the pool's workers would exit at start`,
      };
    }),
  );
  return checked.filter((issue) => issue !== null);
}
