// A small tmpfs for disk-full tests (root may mount one): filled up to a few bytes with a
// ballast file, freed again by deleting it, unmounted at the end. Where mounting is not allowed
// the caller gets the reason, to skip with (outside CI).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SmallDisk {
  readonly dir: string;
  // Bytes a non-root writer may still use.
  freeBytes(): number;
  // Writes a ballast file leaving about `leaveBytes` free.
  fill(leaveBytes: number): void;
  // Deletes the ballast.
  free(): void;
  unmount(): void;
}

// Mounts a tmpfs of `sizeBytes` on dir (created if missing); returns why not when it cannot.
export function mountSmallDisk(dir: string, sizeBytes: number): SmallDisk | { skipped: string } {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    return { skipped: `cannot mount a tmpfs (${stderr || (error as Error).message})` };
  }
  const ballast = join(dir, 'ballast');
  const freeBytes = () => {
    const fs = statfsSync(dir);
    return fs.bavail * fs.bsize;
  };
  return {
    dir,
    freeBytes,
    fill(leaveBytes) {
      writeFileSync(ballast, Buffer.alloc(Math.max(0, freeBytes() - leaveBytes)));
    },
    free() {
      rmSync(ballast, { force: true });
    },
    // Still in use (a process holding a file there): detached now, freed when it lets go.
    unmount() {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['--lazy', dir], { stdio: 'pipe' });
      }
    },
  };
}
