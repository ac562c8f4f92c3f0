// A temporary directory for the crew.yaml files one test file writes, removed when its tests end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export interface ConfigDir {
  readonly dir: string;
  // Writes `yaml` to `name` in the directory and returns the file's path.
  write(name: string, yaml: string): string;
  // Writes `yaml` to a fresh crew-N.yaml in the directory and returns the file's path.
  writeNext(yaml: string): string;
}

// Makes the directory (under the system's temp directory, named from `prefix`).
export function configDir(prefix: string): ConfigDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let fileCount = 0;
  function write(name: string, yaml: string): string {
    const file = join(dir, name);
    writeFileSync(file, yaml);
    return file;
  }
  return {
    dir,
    write,
    writeNext(yaml) {
      fileCount += 1;
      return write(`crew-${fileCount}.yaml`, yaml);
    },
  };
}
