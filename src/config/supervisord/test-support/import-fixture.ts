// For tests: writes supervisord files into fresh directories under one temporary root and
// imports them. Call cleanup() in after().
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type ImportedPool, type ImportResult, importSupervisord } from '../import.js';

export interface ImportedText extends ImportResult {
  // The directory holding the files, and the main file's path.
  readonly dir: string;
  readonly file: string;
}

export interface ImportFixture {
  // Writes `text` as `name` (plus any extra files, by relative path) and imports it.
  importText(
    text: string,
    env?: NodeJS.ProcessEnv,
    extra?: Record<string, string>,
    name?: string,
  ): ImportedText;
  // Imports `text` and returns its one pool (throws unless there is exactly one).
  onlyPool(text: string, env?: NodeJS.ProcessEnv): ImportedPool;
  // Imports `text` and returns its warnings as `line: message` (all must be in the main file).
  warningsOf(text: string, env?: NodeJS.ProcessEnv): string[];
  // Writes the files of a case without importing; returns the main file's path.
  writeCase(text: string, extra?: Record<string, string>, name?: string): string;
  cleanup(): void;
}

// Creates a fixture whose directories live under a new temporary root.
export function createImportFixture(prefix: string): ImportFixture {
  const root = mkdtempSync(join(tmpdir(), prefix));
  let cases = 0;
  const writeCase = (
    text: string,
    extra: Record<string, string> = {},
    name = 'supervisord.conf',
  ) => {
    const dir = join(root, `case-${++cases}`);
    for (const [path, content] of Object.entries({ ...extra, [name]: text })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return join(dir, name);
  };
  const importText = (text: string, env: NodeJS.ProcessEnv = {}, extra = {}, name?: string) => {
    const file = writeCase(text, extra, name);
    return { dir: dirname(file), file, ...importSupervisord(file, env) };
  };
  return {
    writeCase,
    importText,
    onlyPool(text, env) {
      const { pools } = importText(text, env);
      if (pools.length !== 1 || !pools[0])
        throw new Error(`expected one pool, got ${pools.length}`);
      return pools[0];
    },
    warningsOf(text, env) {
      const { file, warnings } = importText(text, env);
      const elsewhere = warnings.find((warning) => warning.file !== file);
      if (elsewhere) throw new Error(`warning in another file: ${elsewhere.file}`);
      return warnings.map((warning) => `${warning.line}: ${warning.message}`);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
