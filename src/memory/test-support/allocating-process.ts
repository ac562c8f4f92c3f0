// Real processes that hold memory, for the live tests: a Node process fills a buffer, prints
// "ready <pid>" and idles; optionally under `sh -c '... & wait'` so it is a grandchild.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface AllocatingProcess {
  // The spawned process: the allocator itself, or the shell wrapping it.
  readonly rootPid: number;
  readonly allocatorPid: number;
  // Kills the whole process group and resolves once every member is gone (or a zombie).
  stop(): Promise<void>;
}

// Polls a condition until it holds; rejects after the deadline naming what was awaited.
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// True once the process has exited (gone, or a zombie not yet reaped).
export function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => finish(new Error(`no "ready" within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\d+)/.exec(output);
      if (match) finish(null, Number(match[1]));
    };
    const onExit = (code: number | null) => finish(new Error(`exited with ${code} before ready`));
    function finish(error: Error | null, pid = 0) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(pid);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

// Starts a process holding `mib` MiB of touched memory, directly or under a shell.
export async function startAllocatingProcess(
  mib: number,
  options: { underShell?: boolean } = {},
): Promise<AllocatingProcess> {
  const script = `const b=Buffer.alloc(${mib}*1024*1024,1);console.log("ready",process.pid);setInterval(()=>{},1e9)`;
  const [command, args] = options.underShell
    ? ['sh', ['-c', `'${process.execPath}' -e '${script}' & wait`]]
    : [process.execPath, ['-e', script]];
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const rootPid = child.pid!;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    try {
      process.kill(-rootPid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
    await exited;
    child.stdout?.destroy();
  };
  try {
    const allocatorPid = await waitForReady(child, 10_000);
    return {
      rootPid,
      allocatorPid,
      stop: async () => {
        await stop();
        await waitUntil(() => isGone(allocatorPid), `pid ${allocatorPid} to exit`);
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
