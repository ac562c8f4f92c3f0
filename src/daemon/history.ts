// Every applied config is kept as a numbered version in runDir/history, so `crew rollback N`
// can re-apply one without a rebuild (the seed's rollback plan, as a command). Files are
// owner-only and hold no secret: load() returns references where secrets were (see
// history-secrets.ts; the rollback restores them from the running config).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrewConfig } from '../config/types.js';
import type { HistoryEntry } from '../control/api.js';
import { CrewError } from '../errors/crew-error.js';
import { withoutSecrets } from './history-secrets.js';
import { ensurePrivateDir, writePrivateFile } from './run-dir.js';

interface StoredVersion extends HistoryEntry {
  readonly config: CrewConfig;
}

export interface ConfigHistory {
  list(): HistoryEntry[];
  load(version: number): CrewConfig;
  latest(): HistoryEntry | null;
  // Stores a version unless it has the same hash as the latest; returns its number.
  record(config: CrewConfig, hash: string, source: string, changes: readonly string[]): number;
}

const fileOf = (version: number) => `${String(version).padStart(4, '0')}.json`;

// Opens (creating) the history folder of a run directory.
export function openHistory(runDir: string, now: () => number = Date.now): ConfigHistory {
  const dir = join(runDir, 'history');
  ensurePrivateDir(dir);
  const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as StoredVersion;
  const files = () =>
    readdirSync(dir)
      .filter((file) => /^\d+\.json$/.test(file))
      .sort();
  const strip = ({ config: _config, ...entry }: StoredVersion): HistoryEntry => entry;

  return {
    list: () => files().map((file) => strip(read(file))),
    load(version) {
      try {
        return read(fileOf(version)).config;
      } catch {
        const known = files().map((file) => Number.parseInt(file, 10));
        throw new CrewError('CREW_HISTORY_NOT_FOUND', `no applied config number ${version}`, [
          known.length > 0 ? `versions kept: ${known.join(', ')}` : 'no versions are kept yet',
        ]);
      }
    },
    latest() {
      const last = files().at(-1);
      return last ? strip(read(last)) : null;
    },
    record(config, hash, source, changes) {
      const last = files().at(-1);
      const previous = last ? read(last) : null;
      if (previous && previous.hash === hash) return previous.version;
      const version = (previous?.version ?? 0) + 1;
      const stored: StoredVersion = {
        version,
        appliedAt: now(),
        hash,
        source,
        changes,
        config: withoutSecrets(config),
      };
      writePrivateFile(join(dir, fileOf(version)), JSON.stringify(stored, null, 1));
      return version;
    },
  };
}
