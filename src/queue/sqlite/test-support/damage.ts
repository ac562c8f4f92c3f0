// Ways a store file gets damaged, each applied to a real store (seeded with jobs) at a path:
// garbage bytes, a file that is not SQLite, a truncated file, overwritten pages, a directory in
// its place, a file crew's user may not open.
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  rmSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { queueOn } from '../../producer.js';
import { openSqliteStore } from '../store.js';

export interface Damage {
  readonly name: string;
  readonly what: string;
  // Damages the store at path.
  apply(path: string): void;
  // Commands must run as another user (root opens files whatever their mode).
  readonly asOtherUser?: boolean;
}

// A deterministic byte pattern (random bytes would make each run damage different rows).
const pattern = (bytes: number) =>
  Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 151 + 7) % 256));

function overwrite(path: string, offset: number, bytes: number): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, pattern(bytes), 0, bytes, offset);
  } finally {
    closeSync(fd);
  }
}

const replace = (path: string, write: () => void) => {
  rmSync(path, { recursive: true, force: true });
  write();
};

export const damages: readonly Damage[] = [
  {
    name: 'garbage',
    what: '8 KiB of garbage bytes',
    apply: (path) => replace(path, () => writeFileSync(path, pattern(8192))),
  },
  {
    name: 'not-sqlite',
    what: 'a CSV file in its place',
    apply: (path) => replace(path, () => writeFileSync(path, 'order_id,total\n42,9.99\n')),
  },
  { name: 'truncated', what: 'cut to its first 8 KiB', apply: (path) => truncateSync(path, 8192) },
  {
    name: 'overwritten-pages',
    what: 'pages 6–8 overwritten',
    apply: (path) => overwrite(path, 5 * 4096, 3 * 4096),
  },
  {
    name: 'directory',
    what: 'a directory in its place',
    apply: (path) => replace(path, () => mkdirSync(path)),
  },
  {
    name: 'no-permission',
    what: 'mode 000 (opened by another user)',
    apply: (path) => chmodSync(path, 0o000),
    asOtherUser: true,
  },
];

// Creates the store at path with `jobs` jobs of about 3 KiB each on `queue`, then closes it (its
// WAL checkpointed into the file, as after any clean stop).
export async function seedStore(path: string, queue: string, jobs: number): Promise<void> {
  const store = openSqliteStore(path);
  try {
    await store.migrate();
    const data = { pad: 'x'.repeat(3000) };
    await queueOn(store).addBulk(
      Array.from({ length: jobs }, () => ({ queue, name: 'noop', data })),
    );
  } finally {
    await store.close();
  }
}
