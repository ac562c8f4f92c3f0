// Wake-ups on SQLite: every commit appends frames to the database's WAL file, so an inotify watch
// on that file (fs.watch) hears a producer in any process on this machine (crew enqueue, an app,
// another worker) a millisecond or so after its commit, at no cost while nothing is written. It
// also hears claims, completions and lease renewals, which only make an idle worker look once
// more and find nothing. The WAL file lives as long as any connection is open, and the worker
// holds one; should the watch break (the file replaced, an inotify limit reached), the worker
// says so and polls as before.
import { existsSync, type FSWatcher, watch } from 'node:fs';
import type { JobWatch } from '../store.js';

const TRAILING_MS = 3;
const POLLING: JobWatch = { how: 'polling', close: async () => {} };

export function watchWal(
  dbPath: string,
  wake: (queue: string | null) => void,
  log: (line: string) => void,
): JobWatch {
  const wal = `${dbPath}-wal`;
  if (!existsSync(wal)) {
    log(`no WAL file ${wal} to watch: new jobs are seen by polling`);
    return POLLING;
  }
  let watcher: FSWatcher | null = null;
  let trailing: NodeJS.Timeout | null = null;
  const stop = () => {
    if (trailing) clearTimeout(trailing);
    watcher?.close();
    watcher = null;
  };
  try {
    // Not persistent: a watch must not keep a draining worker alive.
    watcher = watch(wal, { persistent: false });
  } catch (error) {
    log(`cannot watch ${wal} (${(error as Error).message}): new jobs are seen by polling`);
    return POLLING;
  }
  // The WAL is written before the commit is published in the shared-memory index, so a worker
  // that looks at once can miss the job; a second look a few ms later cannot.
  // At most one look at once and one a little later per TRAILING_MS however many writes come:
  // a busy file must not keep every idle worker claiming.
  watcher.on('change', (event) => {
    if (!trailing) {
      wake(null);
      trailing = setTimeout(() => {
        trailing = null;
        wake(null);
      }, TRAILING_MS);
    }
    if (event === 'rename') {
      // The file was removed or replaced: this inode hears nothing more.
      stop();
      log(`${wal} was replaced: new jobs are seen by polling`);
    }
  });
  watcher.on('error', (error: Error) => {
    stop();
    log(`watching ${wal} failed (${error.message}): new jobs are seen by polling`);
  });
  return { how: `inotify on ${wal}`, close: async () => stop() };
}
