// Config versions on the wire: the answers of reload and rollback, and `crew history --json`.
import type { HistoryEntry } from '../api.js';
import type { SnakeCased } from './snake-case.js';

export interface AppliedJson {
  // null when nothing was recorded (no change).
  readonly version: number | null;
  readonly changes: readonly string[];
}

// An applied version; applied_at is an ISO time like every other time crew prints.
export type HistoryEntryJson = Omit<SnakeCased<HistoryEntry>, 'applied_at'> & {
  readonly applied_at: string;
};

export interface HistoryJson {
  readonly versions: readonly HistoryEntryJson[];
}

// A history entry as JSON.
export function historyEntryJson(entry: HistoryEntry): HistoryEntryJson {
  const { appliedAt, ...rest } = entry;
  return { ...rest, changes: [...rest.changes], applied_at: new Date(appliedAt).toISOString() };
}
