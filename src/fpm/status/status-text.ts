// The status page's plain text format (no query, or `?full`): `name:   value` lines for the
// pool, then with `full` one block per child after a line of asterisks. Dates are written as
// `17/Mar/2019:11:14:02 +0100`. Copies pasted into documents often carry ` // note` after a value
// (the corpus has one); such a note is dropped, as no value FPM writes has ` //` in it.
import { type FpmPoolCounters, POOL_FIELDS, PROCESS_FIELDS, readFields } from './status-fields.js';
import type { FpmProcess, FpmStatus } from './status-types.js';

const SEPARATOR = /^\*+$/;
const NOTE = /\s+\/\/.*$/;

// Reads the text format; a body it cannot read is a message saying why.
export function parseFpmStatusText(body: string): FpmStatus | string {
  const blocks: Map<string, string>[] = [new Map()];
  const lines = body.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (SEPARATOR.test(trimmed)) {
      blocks.push(new Map());
      continue;
    }
    const colon = trimmed.indexOf(':');
    if (colon <= 0) {
      return `line ${index + 1} of the status page is not "name: value": ${JSON.stringify(trimmed.slice(0, 80))}`;
    }
    const name = trimmed.slice(0, colon).trim().toLowerCase();
    blocks.at(-1)!.set(
      name,
      trimmed
        .slice(colon + 1)
        .replace(NOTE, '')
        .trim(),
    );
  }
  const [poolBlock, ...childBlocks] = blocks;
  const pool = readFields<FpmPoolCounters>(POOL_FIELDS, poolBlock!, 'the status page');
  if (typeof pool === 'string') return pool;
  const processes: FpmProcess[] = [];
  for (const [index, block] of childBlocks.entries()) {
    const where = `process ${index + 1} of the status page`;
    const child = readFields<FpmProcess>(PROCESS_FIELDS, block, where);
    if (typeof child === 'string') return child;
    processes.push(child);
  }
  return { ...pool, processes };
}
