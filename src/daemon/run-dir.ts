// The run directory holds the control socket, pid records, crew.pid and the config history: it
// and everything crew writes in it are its owner's alone (0700 / 0600), whatever the umask, and a
// directory or file left more open by an earlier version is closed again at start.
import { chmodSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

// Creates the directory (and parents) and makes it owner-only.
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  chmodSync(dir, PRIVATE_DIR);
}

// Writes a file owner-only, atomically (a reader never sees half of it).
export function writePrivateFile(path: string, data: string): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, data, { mode: PRIVATE_FILE });
  chmodSync(temporary, PRIVATE_FILE);
  renameSync(temporary, path);
}

// Makes the run directory owner-only, with every file and folder in it (not following links).
export function closeRunDir(runDir: string): void {
  ensurePrivateDir(runDir);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        chmodSync(path, PRIVATE_DIR);
        walk(path);
      } else if (entry.isFile() && (statSync(path).mode & 0o077) !== 0) {
        chmodSync(path, PRIVATE_FILE);
      }
    }
  };
  walk(runDir);
}
